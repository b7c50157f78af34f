package io.fleetkit.discovery;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds SDK v2 clients for the commands that call AWS (discover, zones, capacity-plan): default
 * credential and Region chains unless --profile/--region are given, adaptive retries, and an
 * optional endpoint override, which tests point at WireMock on 127.0.0.1.
 *
 * @param endpoint every client's endpoint; tests only
 */
public record AwsClients(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
    AwsCredentialsProvider credentials) {

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
    return Region.of(region.orElseGet(() -> profile
        .map(p -> DefaultAwsRegionProviderChain.builder().profileName(p).build())
        .orElseGet(DefaultAwsRegionProviderChain::new)
        .getRegion().id()));
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
            .build());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
