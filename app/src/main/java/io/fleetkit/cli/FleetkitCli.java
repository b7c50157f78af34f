package io.fleetkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The commands that call AWS, kept out of synth: {@code bin/fleetkit <command>}. Each subcommand
 * is its own class in this package.
 */
@Command(name = "fleetkit", mixinStandardHelpOptions = true, version = "fleetkit 0.1.0",
    description = "Commands that call AWS. Synth never does; it reads what these write.",
    subcommands = {CommandLine.HelpCommand.class, DiscoverCommand.class, ZonesCommand.class, CapacityPlanCommand.class,
        NitroAuditCommand.class, SpotScoresCommand.class, GravitonCandidatesCommand.class, RestoreCommand.class,
        RestorePointsCommand.class, CredentialGuardCommand.class, ConnectCheckCommand.class, OutpostLgwCommand.class,
        PreflightCommand.class})
public final class FleetkitCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its handlers: a bad option is a usage error (exit 2, picocli's own); anything a command
   * did not expect is one line and exit 1, never a stack trace (FLEETKIT_DEBUG=1 prints it for a bug report).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FleetkitCli());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + line.getCommandName() + " failed unexpectedly (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); nothing was written. Please report it with the output of FLEETKIT_DEBUG=1");
      if (System.getenv("FLEETKIT_DEBUG") != null) e.printStackTrace(line.getErr());
      line.getErr().flush();
      return ExitCodes.FAILED;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
