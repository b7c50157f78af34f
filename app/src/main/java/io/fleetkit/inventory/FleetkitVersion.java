package io.fleetkit.inventory;

/**
 * The fleetkit version that snapshots record. It is the project version of the root pom;
 * FleetkitVersionTest fails when the two differ.
 */
public final class FleetkitVersion {
  public static final String VERSION = "0.1.0";

  private FleetkitVersion() {}
}
