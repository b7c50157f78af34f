package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs every AWS call of discovery: counts calls per operation (retries inside the SDK are not
 * counted again) and turns SDK errors into the three outcomes discovery knows: bad credentials
 * (stop), access denied (gap), anything else (stop, old snapshot kept).
 */
public final class ApiCalls {
  /** Error codes meaning the credentials themselves are bad, in the spellings of each protocol. */
  static final Set<String> CREDENTIAL_CODES = Set.of(
      "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
      "AuthFailure", "InvalidAccessKeyId", "SignatureDoesNotMatch", "MissingAuthenticationToken",
      "InvalidToken", "TokenRefreshRequired");
  /** AccessDenied as spelled by EC2 (query), the other query services, and the JSON services. */
  static final Set<String> ACCESS_DENIED_CODES = Set.of(
      "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError");

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final String command;

  /** For discover. */
  public ApiCalls() {
    this("discover");
  }

  /** @param command the bin/fleetkit command to run again once rejected credentials are refreshed, for the message */
  public ApiCalls(String command) {
    this.command = command;
  }

  /** Runs one request of {@code service} (IAM prefix, such as ec2) and {@code operation}. */
  public <T> T call(String service, String operation, Supplier<T> request) {
    counts.computeIfAbsent(service + ":" + operation, k -> new LongAdder()).increment();
    try {
      return request.get();
    } catch (AwsServiceException e) {
      throw classify(service, operation, e, command);
    } catch (SdkClientException e) {
      throw classify(service, operation, e);
    }
  }

  /** Calls made so far, by service:Operation, sorted. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Whether AWS refused the credentials themselves (expired, unknown key, bad signature), not the action. */
  public static boolean rejectsCredentials(AwsServiceException e) {
    return ServiceErrors.code(e).map(CREDENTIAL_CODES::contains).orElse(false);
  }

  static DiscoveryException classify(String service, String operation, AwsServiceException e, String command) {
    String code = ServiceErrors.code(e).orElse(null);
    String what = service + ":" + operation;
    if (rejectsCredentials(e)) {
      return new CredentialsException("AWS rejected the credentials on " + what + " (" + ServiceErrors.describe(e)
          + "); refresh them (for example `aws sso login`, or new temporary keys) and run " + command + " again", e);
    }
    if ((code != null && ACCESS_DENIED_CODES.contains(code)) || e.statusCode() == 403) {
      return new AccessDeniedException(service, operation, what + " was denied (" + ServiceErrors.describe(e)
          + "); grant " + what + " to the caller", e);
    }
    return new DiscoveryException(what + " failed (" + ServiceErrors.describe(e) + ")", e);
  }

  static DiscoveryException classify(String service, String operation, SdkClientException e) {
    String what = service + ":" + operation;
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new DiscoveryException(what + " did not answer in time (" + e.getMessage() + "); the service or the"
          + " network hangs, retry later", e);
    }
    if (networkFailure(e)) {
      return new DiscoveryException(what + " could not reach AWS (" + e.getMessage() + ")", e);
    }
    return new MalformedResponseException(what + " returned a response that could not be read ("
        + e.getMessage() + ")", e);
  }

  /**
   * Connection problems, as opposed to a body that does not parse (Jackson's parse errors are
   * IOExceptions too, so the type alone does not tell).
   */
  private static boolean networkFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String pkg = c.getClass().getPackageName();
      if (c instanceof InterruptedIOException || pkg.startsWith("java.net") || pkg.startsWith("javax.net")
          || pkg.startsWith("org.apache.http.conn") || c.getClass().getSimpleName().equals("NoHttpResponseException")) {
        return true;
      }
    }
    return false;
  }
}
