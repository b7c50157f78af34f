package io.fleetkit.discovery.preflight;

/**
 * One result of {@code bin/fleetkit preflight}: what was checked, for which stack (or "account"/a Region for checks
 * shared by every stack), the outcome and, unless it passed, what to do.
 *
 * @param scope the stack name, or {@code account <id>} / {@code region <name>} for shared checks
 * @param name the family and item, such as {@code bootstrap us-east-1}
 * @param what what was found, in one line
 * @param fix the config key, command or policy statement to change; empty for PASS
 */
public record Check(String scope, String name, Status status, String what, String fix) {
  /** PASS: nothing to do. WARN: not checked or worth a look; does not fail the run. FAIL: the deploy would fail. */
  public enum Status { PASS, WARN, FAIL }

  public static Check pass(String scope, String name, String what) {
    return new Check(scope, name, Status.PASS, what, "");
  }

  public static Check warn(String scope, String name, String what, String fix) {
    return new Check(scope, name, Status.WARN, what, fix);
  }

  public static Check fail(String scope, String name, String what, String fix) {
    return new Check(scope, name, Status.FAIL, what, fix);
  }
}
