package io.fleetkit.cli;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.RestorePointPruner;
import io.fleetkit.functions.restorepoints.RestorePointJanitor;
import io.fleetkit.functions.restorepoints.RestorePointsConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code bin/fleetkit restore-points prune [--dry-run]}: the restore point janitor's own code, run once with your
 * credentials: keeps the newest {@code keep_restore_points} restore points of each instance and deletes the rest.
 */
@Command(name = "restore-points", mixinStandardHelpOptions = true,
    description = "Restore points of root_volume_restore (snapshots carrying its restore-point tag).",
    subcommands = {CommandLine.HelpCommand.class})
public final class RestorePointsCommand {
  @Option(names = "--config", paramLabel = "FILE", defaultValue = "config.yaml", scope = CommandLine.ScopeType.INHERIT,
      description = "Config with project.region and root_volume_restore (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--region", paramLabel = "REGION", scope = CommandLine.ScopeType.INHERIT,
      converter = Arguments.RegionConverter.class, description = "AWS Region (default: project.region, then the SDK's chain)")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", scope = CommandLine.ScopeType.INHERIT,
      description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  private final BiFunction<RestorePointsCommand, Optional<String>, AwsClients> clients;

  public RestorePointsCommand() {
    this((c, r) -> AwsClients.of(r, c.profile));
  }

  /** For tests: clients pointed at WireMock. */
  RestorePointsCommand(BiFunction<RestorePointsCommand, Optional<String>, AwsClients> clients) {
    this.clients = clients;
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = {"Keeps the newest keep_restore_points completed restore points of each instance and deletes older"
          + " and failed ones, as the scheduled janitor does; pinned_restore_points stay, untagged snapshots are never"
          + " touched.", "Exit codes: 0 done, 1 a listing or a deletion failed (a failed listing deletes nothing),"
          + " 2 usage error, 3 missing or rejected credentials, 4 config error."})
  int prune(@Option(names = "--dry-run", description = "Only print what would be deleted") boolean dryRun) {
    FleetkitConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      console.err().println(e.getMessage());
      return console.fail(ExitCodes.CONFIG, e.errors().size() + " error(s) in " + config + "; nothing was deleted");
    }
    RootRestoreConfig c = cfg.rootRestore();
    if (!c.enabled()) {
      return console.fail(ExitCodes.CONFIG, "root_volume_restore is not enabled in " + config + " (its keys say what a restore point is)");
    }
    RestorePointsConfig janitor = new RestorePointsConfig(c.restorePointTagKey(), c.keepRestorePoints(), dryRun,
        c.pinnedRestorePoints());
    try {
      AwsClients aws = clients.apply(this, Optional.ofNullable(region).or(() -> cfg.project().region()));
      aws.requireCredentials("restore-points prune");
      console.err().println("restore-points prune: " + aws.resolvedRegion().id() + ", keeping the newest " + c.keepRestorePoints()
          + " of each instance" + (dryRun ? " (dry run: nothing is deleted)" : ""));
      console.err().flush();
      RestorePointJanitor.Result result = RestorePointPruner.prune(aws, janitor, line -> {
        console.out().println(line);
        console.out().flush();
      });
      if (!result.failed().isEmpty()) {
        return console.fail(ExitCodes.FAILED, result.failed().size() + " restore point(s) could not be deleted: "
            + String.join(", ", result.failed()));
      }
      return ExitCodes.OK;
    } catch (DiscoveryException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED,
          "no AWS Region (pass --region, or set project.region, AWS_REGION or a region in the profile)");
    }
  }
}
