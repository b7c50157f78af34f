package io.fleetkit.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a {@code bin/fleetkit} command in-process, as picocli runs it for the user, and keeps what it printed: stdout
 * (the result) and stderr (progress and {@code error:} lines) apart, each exactly as written.
 */
public final class CliRun {
  /** The exit code and everything the command printed to stdout and stderr. */
  public record Run(int exit, String out, String err) {}

  private CliRun() {}

  /** Runs {@code command} (a picocli command object, such as one built with clients pointed at WireMock). */
  public static Run execute(Object command, String... args) {
    return execute(new CommandLine(command), args);
  }

  /** Runs a command line built by the test (with its own factory, or {@code FleetkitCli.commandLine()}). */
  public static Run execute(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
