package io.fleetkit.functions;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The SDK clients of a fleetkit function: the function's own Region ({@code AWS_REGION}, which Lambda
 * sets), the default credential chain (Lambda's execution-role variables), the URL-connection HTTP
 * client (the only one in the asset), the SDK's standard retries and a 30-second bound on each call.
 *
 * <p>{@value #TEST_ENDPOINT_VARIABLE} is for tests only: it points every client at WireMock. The stacks
 * never set it (JavaFunction refuses it), and it accepts only a loopback URL, so it can never send a
 * function's calls anywhere but the machine it runs on.
 */
public final class FunctionClients {
  public static final String TEST_ENDPOINT_VARIABLE = "FLEETKIT_TEST_ENDPOINT";
  public static final String REGION_VARIABLE = "AWS_REGION";
  /** The longest one SDK call may take, its retries included. */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Region region;
  private final Optional<URI> endpoint;

  private FunctionClients(Region region, Optional<URI> endpoint) {
    this.region = region;
    this.endpoint = endpoint;
  }

  /** Reads {@value #REGION_VARIABLE} and the test-only endpoint from {@code environment}. */
  public static FunctionClients fromEnvironment(Map<String, String> environment) {
    String region = environment.get(REGION_VARIABLE);
    if (region == null || region.isBlank()) {
      throw new IllegalStateException(REGION_VARIABLE + " is not set (Lambda sets it to the function's Region)");
    }
    return new FunctionClients(Region.of(region), testEndpoint(environment.get(TEST_ENDPOINT_VARIABLE)));
  }

  static Optional<URI> testEndpoint(String value) {
    if (value == null || value.isEmpty()) return Optional.empty();
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) || uri.getPort() < 1
        || !("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()))) {
      throw new IllegalStateException(TEST_ENDPOINT_VARIABLE + "=" + value + " is not a loopback URL (expected"
          + " http://127.0.0.1:<port>); it exists for tests only and no stack sets it");
    }
    return Optional.of(uri);
  }

  public Region region() {
    return region;
  }

  public Ec2Client ec2() {
    return build(Ec2Client.builder());
  }

  public CloudWatchClient cloudWatch() {
    return build(CloudWatchClient.builder());
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    builder.region(region)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30)))
        // Each call, retries included, ends within 30 s, so a function can keep time for what follows.
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(API_CALL_TIMEOUT));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
