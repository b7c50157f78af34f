package io.fleetkit.discovery.preflight;

import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where the checks make their calls and put their results. Every call goes through {@link ApiCalls} (counted,
 * classified); the SDK retries throttling itself with the clients' adaptive retry strategy, a bounded number of
 * attempts within the call timeout (AwsClients). An AccessDenied on one call becomes a WARN that names the action to
 * grant and the check goes on; rejected credentials stop the run (exit 3); any other failure is a FAIL of that check.
 */
public final class Probe implements AutoCloseable {
  private final AwsClients clients;
  private final ApiCalls calls = new ApiCalls("preflight");
  private final Map<String, SdkAutoCloseable> cache = new TreeMap<>();
  private final List<Check> results = new ArrayList<>();

  public Probe(AwsClients clients) {
    this.clients = clients;
  }

  /** One client per service and Region, closed with the probe. */
  @SuppressWarnings("unchecked")
  public <B extends AwsClientBuilder<B, C>, C extends SdkAutoCloseable> C client(Supplier<B> builder, String region) {
    B b = builder.get();
    String key = b.getClass().getName() + "@" + region;
    return (C) cache.computeIfAbsent(key, k -> clients.build(b, Region.of(region)));
  }

  /** Missing credentials stop the run before any call (exit 3), as in the other commands. */
  public void checkCredentials() {
    clients.requireCredentials("preflight");
  }

  public void add(Check check) {
    results.add(check);
  }

  public List<Check> results() {
    return List.copyOf(results);
  }

  public ApiCalls calls() {
    return calls;
  }

  /**
   * One read-only call for the check {@code name} of {@code scope}: its answer, or empty after recording a WARN
   * (access denied) or a FAIL (the service failed, throttled past its retries, or answered what cannot be read).
   */
  public <T> Optional<T> call(String scope, String name, String service, String operation, Supplier<T> request) {
    try {
      return Optional.of(calls.call(service, operation, request));
    } catch (CredentialsException e) {
      throw e;
    } catch (AccessDeniedException e) {
      add(Check.warn(scope, name, "not checked: " + service + ":" + operation + " was denied",
          "grant " + service + ":" + operation + " to the caller (the preflight policy in docs/preflight.md)"));
    } catch (DiscoveryException e) {
      add(Check.fail(scope, name, "not checked: " + e.getMessage(), "retry preflight; if it persists, check the"
          + " service health of " + service));
    }
    return Optional.empty();
  }

  /**
   * Like {@link #call}, but an AWS error whose code {@code expected} maps (such as a stack that does not exist)
   * is an answer rather than a failure.
   */
  public <T> Optional<T> call(String scope, String name, String service, String operation, Supplier<T> request,
      Function<String, Optional<T>> expected) {
    return call(scope, name, service, operation, () -> {
      try {
        return request.get();
      } catch (AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
        Optional<T> answer = code == null ? Optional.empty() : expected.apply(code + ": " + message);
        if (answer.isPresent()) return answer.get();
        throw e;
      }
    });
  }

  @Override
  public void close() {
    cache.values().forEach(SdkAutoCloseable::close);
    cache.clear();
  }
}
