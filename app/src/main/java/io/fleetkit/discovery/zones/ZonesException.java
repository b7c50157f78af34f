package io.fleetkit.discovery.zones;

/** A problem the user can act on: the message names the zone, the group or the denied action. */
public final class ZonesException extends RuntimeException {
  public ZonesException(String message) {
    super(message);
  }

  public ZonesException(String message, Throwable cause) {
    super(message, cause);
  }
}
