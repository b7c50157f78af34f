package io.fleetkit.discovery;

/**
 * Discovery stopped: nothing is written, so the previous snapshot stays as it was. The message
 * names the service, the operation and what to do.
 */
public class DiscoveryException extends RuntimeException {
  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Credentials are missing, expired or rejected: the user must refresh them. */
  public static final class CredentialsException extends DiscoveryException {
    public CredentialsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A response that the SDK could not parse, or that lacks a field discovery needs. */
  public static final class MalformedResponseException extends DiscoveryException {
    public MalformedResponseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The caller may not use one operation (AccessDenied and its per-service spellings). Discovery
   * records it as a gap in the snapshot and goes on with the other services.
   */
  public static final class AccessDeniedException extends DiscoveryException {
    private final String service;
    private final String operation;

    public AccessDeniedException(String service, String operation, String message, Throwable cause) {
      super(message, cause);
      this.service = service;
      this.operation = operation;
    }

    public String service() {
      return service;
    }

    public String operation() {
      return operation;
    }
  }
}
