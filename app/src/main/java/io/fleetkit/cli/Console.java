package io.fleetkit.cli;

import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A command's output (stdout, the result) and error stream (stderr: progress and {@code error:} lines), taken from
 * picocli's command line so that tests can capture both, and the one way a command ends with an error.
 */
final class Console {
  private final Supplier<CommandSpec> spec;

  /**
   * @param spec the command's {@code @Spec} field, as {@code () -> spec}: picocli injects it after the command is
   *     constructed, and a test's {@code setOut}/{@code setErr} replace the writers after that
   */
  Console(Supplier<CommandSpec> spec) {
    this.spec = spec;
  }

  PrintWriter out() {
    return spec.get().commandLine().getOut();
  }

  PrintWriter err() {
    return spec.get().commandLine().getErr();
  }

  /** A progress line on stderr, shown at once. */
  void progress(String line) {
    err().println(line);
    err().flush();
  }

  /** What is printed so far, then {@code error: message} and any {@code then} lines on stderr; returns {@code exit}. */
  int fail(int exit, String message, String... then) {
    out().flush();
    err().println("error: " + message);
    for (String line : then) err().println(line);
    err().flush();
    return exit;
  }

  /** The line after an error of a command that writes {@code snapshot} (none when it writes none). */
  static String[] unchanged(Path snapshot) {
    return snapshot == null ? new String[0] : new String[] {"nothing was written; " + snapshot + " is unchanged"};
  }

  /**
   * Ends the command on what stopped it: rejected or missing credentials exit {@link ExitCodes#CREDENTIALS}, no Region
   * exits {@code noRegionExit} with {@code noRegion}, anything else (an AWS error, a denied call, a malformed answer or
   * snapshot, a write error) exits {@link ExitCodes#FAILED}, each with one line.
   */
  int fail(RuntimeException e, int noRegionExit, String noRegion, String... then) {
    if (e instanceof CredentialsException) return fail(ExitCodes.CREDENTIALS, e.getMessage(), then);
    String m = String.valueOf(e.getMessage());
    if (e instanceof SdkException && m.contains("Unable to load region")) return fail(noRegionExit, noRegion, then);
    return fail(ExitCodes.FAILED, m, then);
  }
}
