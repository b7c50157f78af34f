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
        NitroAuditCommand.class, CredentialGuardCommand.class})
public final class FleetkitCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FleetkitCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
