package io.fleetkit.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds SDK v2 clients for the commands that call AWS (discover, zones, capacity-plan): default
 * credential and Region chains unless --profile/--region are given, adaptive retries, a time limit on
 * every call, a refusal of empty successful answers, and an optional endpoint override, which tests
 * point at WireMock on 127.0.0.1.
 *
 * @param endpoint every client's endpoint; tests only
 * @param callTimeout the longest one call may take, retries included
 */
public record AwsClients(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
    AwsCredentialsProvider credentials, Duration callTimeout) {
  /**
   * One call, retries included, ends after 2 minutes: a service that accepts the connection and then never answers
   * (a hang) costs that, not the socket timeout times every retry.
   */
  public static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  /** One attempt: the SDK's default socket timeout is 30 s a read, so a slow trickle could last longer. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  private static final java.util.regex.Pattern REGION_FORM = java.util.regex.Pattern.compile("[a-z]{2,}(-[a-z]+)+-\\d+");

  public AwsClients(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
      AwsCredentialsProvider credentials) {
    this(region, profile, endpoint, credentials, CALL_TIMEOUT);
  }

  /** The same clients with calls limited to {@code timeout} (at most {@link #CALL_TIMEOUT}), such as a deadline's rest. */
  public AwsClients withCallTimeout(Duration timeout) {
    return new AwsClients(region, profile, endpoint, credentials, timeout.compareTo(CALL_TIMEOUT) < 0 ? timeout : CALL_TIMEOUT);
  }

  public static AwsClients of(Optional<String> region, Optional<String> profile) {
    AwsCredentialsProvider creds = profile
        .<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p).build())
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    return new AwsClients(region, profile, Optional.empty(), creds);
  }

  /** Clients that talk to {@code endpoint} with the given credentials (tests). */
  public static AwsClients forEndpoint(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return new AwsClients(Optional.of(region), Optional.empty(), Optional.of(endpoint), credentials);
  }

  /**
   * The --region option, else the SDK Region chain. With --profile the chain reads that profile's
   * {@code region} from the config file (not the default profile's): aws.region / AWS_REGION, then the
   * profile, then instance metadata.
   */
  public Region resolvedRegion() {
    String id = region.orElseGet(() -> profile
        .map(p -> DefaultAwsRegionProviderChain.builder().profileName(p).build())
        .orElseGet(DefaultAwsRegionProviderChain::new)
        .getRegion().id());
    // AWS_REGION or a profile can hold anything; "us east" would otherwise end in an SDK stack trace.
    if (!REGION_FORM.matcher(id).matches()) {
      // Region.of encodes what it is given ("us east" comes back as "us%20east"); show what the user wrote.
      String shown = java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8);
      throw SdkClientException.create("\"" + shown + "\" is not an AWS Region name (expected a name such as us-east-1;"
          + " check --region, AWS_REGION and the profile's region)");
    }
    return Region.of(id);
  }

  /**
   * Resolves the credentials before any call, so that missing or unreadable ones end a command with one line and
   * exit 3 (as discover documents), not with an SDK message halfway through.
   *
   * @param command the command to run again once they are configured, for the message
   * @throws DiscoveryException.CredentialsException when the chain or the profile yields none
   */
  public void requireCredentials(String command) {
    try {
      credentials.resolveCredentials();
    } catch (RuntimeException e) {
      // The default chain's message lists every provider it tried; the short form says the same.
      String why = e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials from any of the providers")
          ? "none in the default chain: environment variables, system properties, web identity token, profile "
              + "'default' in ~/.aws, container or instance metadata"
          : e.getMessage();
      throw new DiscoveryException.CredentialsException("no usable AWS credentials (" + why + "); configure them "
          + "(aws configure, aws sso login, AWS_PROFILE or --profile) and run " + command + " again", e);
    }
  }

  /** Configures any SDK client builder, such as {@code Ec2Client.builder()}. */
  public <B extends AwsClientBuilder<B, C>, C> C build(B builder) {
    return build(builder, resolvedRegion());
  }

  /** The same with a fixed Region, for services served from one Region (Price List API). */
  public <B extends AwsClientBuilder<B, C>, C> C build(B builder, Region clientRegion) {
    builder.region(clientRegion)
        .credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            // Adaptive mode adds client-side rate limiting on top of backoff for throttling.
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(callTimeout)
            .apiCallAttemptTimeout(callTimeout.compareTo(ATTEMPT_TIMEOUT) < 0 ? callTimeout : ATTEMPT_TIMEOUT)
            .addExecutionInterceptor(new EmptyAnswerGuard())
            .build());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
