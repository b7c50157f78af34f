package io.fleetkit.cli;

import picocli.CommandLine;

/**
 * The exit codes of every {@code bin/fleetkit} command, one meaning each (the README's troubleshooting section lists
 * them). 0 to 4 mean the same for every command; a command's own verdict comes after them.
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** Failed: an AWS error that retries did not cure, a denied call, a malformed answer, a write error. */
  public static final int FAILED = 1;
  /** Usage error: an unknown option, a value out of shape (picocli's own code for the same). */
  public static final int USAGE = CommandLine.ExitCode.USAGE;
  /** Credentials missing, expired or rejected; checked before the first call. */
  public static final int CREDENTIALS = 3;
  /** Config error: the config file has errors or does not exist, or a section or setting the command needs is missing. */
  public static final int CONFIG = 4;
  /**
   * The command ran to the end and its answer is no: something it checks is not met or cannot be told
   * ({@code connect-check}: not ready; {@code credential-guard check}: a prerequisite not met or not known). Each
   * unmet check is printed. Not 1, so that a script can tell "fix what it lists" from "the check itself failed".
   */
  public static final int NOT_MET = 5;

  private ExitCodes() {}
}
