package io.fleetkit.cli;

import io.fleetkit.config.Checks;
import io.fleetkit.config.Ec2IdKind;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.Automations;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.RootVolumePreflight;
import io.fleetkit.discovery.Poller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code bin/fleetkit restore INSTANCE --to launch|snapshot ID|image ID}: checks the replacement with a DryRun of
 * CreateReplaceRootVolumeTask, starts the deployed replace runbook ({@code <prefix>-ReplaceRootVolume}) and follows
 * the execution to its end, printing each step, within a deadline.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Replaces the root volume of a running instance with its launch state, a snapshot or an AMI, without"
        + " stopping it, through the <prefix>-ReplaceRootVolume runbook of root_volume_restore, then follows the run.",
        "Exit codes: 0 replaced and restore point made, 1 refused by the preflight, failed, or still running at the"
            + " deadline (the run goes on), 2 usage error, 3 missing or rejected credentials, 4 config error."})
public final class RestoreCommand implements Callable<Integer> {
  /** Follow a little longer than the runbook's own two waits, so its outcome is usually seen. */
  static final Duration MARGIN = Duration.ofMinutes(10);

  @Parameters(index = "0", paramLabel = "INSTANCE", converter = Arguments.InstanceIdConverter.class,
      description = "Instance ID, such as i-0a1b2c3d4e5f60001")
  String instance;

  @Option(names = "--to", required = true, arity = "1..2", paramLabel = "SOURCE",
      description = "launch (the launch state), snapshot SNAPSHOT-ID (a restore point of its root volume) or image AMI-ID")
  List<String> to;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "config.yaml",
      description = "Config with project.prefix, project.region and root_volume_restore (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
      description = "AWS Region (default: project.region, then the SDK's chain)")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @Option(names = "--keep-replaced-volume", description = "Keep the replaced root volume, detached (default:"
      + " root_volume_restore.delete_replaced_volume)")
  boolean keepReplacedVolume;

  @Option(names = "--no-preflight", description = "Skip the DryRun check, which needs ec2:CreateReplaceRootVolumeTask for"
      + " your own credentials; the runbook's role checks the same")
  boolean noPreflight;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Arguments.DurationConverter.class,
      description = "How long to follow the run (default: replace_timeout_minutes + restore_point_timeout_minutes + 10m)")
  Duration timeout;

  @Option(names = "--interval", defaultValue = "15s", paramLabel = "DURATION", converter = Arguments.DurationConverter.class,
      description = "Time between status checks (default: ${DEFAULT-VALUE})")
  Duration interval;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  private final BiFunction<RestoreCommand, Optional<String>, AwsClients> clients;
  private final Poller.Sleeper sleeper;
  private final LongSupplier nanoTime;

  public RestoreCommand() {
    this((c, r) -> AwsClients.of(r, c.profile), d -> Thread.sleep(d.toMillis()), System::nanoTime);
  }

  /** For tests: clients pointed at WireMock, a sleeper that does not wait and a clock that only the sleeps move. */
  RestoreCommand(BiFunction<RestoreCommand, Optional<String>, AwsClients> clients, Poller.Sleeper sleeper,
      LongSupplier nanoTime) {
    this.clients = clients;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  /** What to restore from, as the runbook's RestoreFrom takes it. */
  record Source(String restoreFrom, Optional<String> snapshotId, Optional<String> imageId, String words) {}

  @Override
  public Integer call() {
    Optional<Source> source = source(to);
    if (source.isEmpty()) {
      return console.fail(ExitCodes.USAGE, "--to " + String.join(" ", to) + " is not a source (expected launch, snapshot"
          + " snap-<8 or 17 hex digits> or image ami-<8 or 17 hex digits>)" + idProblem(to).map(p -> ": " + p).orElse(""));
    }
    FleetkitConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      console.err().println(e.getMessage());
      return console.fail(ExitCodes.CONFIG, e.errors().size() + " error(s) in " + config + "; nothing was started");
    }
    RootRestoreConfig c = cfg.rootRestore();
    if (!c.enabled()) {
      return console.fail(ExitCodes.CONFIG, "root_volume_restore is not enabled in " + config + " (its stack deploys the runbook this"
          + " command starts)");
    }
    String document = RootRestoreConfig.replaceDocumentName(cfg.project().prefix());
    boolean delete = c.deleteReplacedVolume() && !keepReplacedVolume;
    Duration deadline = timeout != null ? timeout
        : Duration.ofMinutes(c.replaceTimeoutMinutes() + c.restorePointTimeoutMinutes()).plus(MARGIN);
    try {
      AwsClients aws = clients.apply(this, Optional.ofNullable(region).or(() -> cfg.project().region()));
      aws.requireCredentials("restore");
      Source s = source.get();
      console.err().println("restore: " + instance + " in " + aws.resolvedRegion().id() + " from " + s.words() + " with "
          + document + (delete ? "" : ", keeping the replaced volume"));
      if (noPreflight) {
        console.err().println("[1/3] preflight skipped (--no-preflight)");
      } else {
        var verdict = RootVolumePreflight.check(aws.build(Ec2Client.builder()), instance, s.snapshotId(), s.imageId(), delete);
        if (!verdict.passed()) {
          return console.fail(ExitCodes.FAILED, "the preflight was refused, so nothing was started: " + verdict.code() + ": "
              + verdict.message() + ("UnauthorizedOperation".equals(verdict.code()) ? " (your credentials may not call"
              + " ec2:CreateReplaceRootVolumeTask on it; the runbook's role may: rerun with --no-preflight to let it"
              + " decide)" : ""));
        }
        console.err().println("[1/3] preflight: CreateReplaceRootVolumeTask DryRun passed");
      }
      Automations automations = new Automations(aws.build(SsmClient.builder()), new ApiCalls("restore"));
      Map<String, List<String>> parameters = new LinkedHashMap<>();
      parameters.put("InstanceId", List.of(instance));
      parameters.put("RestoreFrom", List.of(s.restoreFrom()));
      parameters.put("DeleteReplacedRootVolume", List.of(String.valueOf(delete)));
      String id = automations.start(document, parameters);
      console.err().println("[2/3] started " + document + ": execution " + id);
      console.err().println("[3/3] following it for up to " + format(deadline) + ", every " + format(interval));
      console.err().flush();
      Automations.Execution e = automations.follow(id, deadline, interval, sleeper, nanoTime, line -> {
        console.err().println(line);
        console.err().flush();
      });
      if (!e.ended()) {
        return console.fail(ExitCodes.FAILED, "execution " + id + " is still " + e.status() + " after " + format(deadline) + "; it goes"
            + " on in AWS: aws ssm get-automation-execution --automation-execution-id " + id);
      }
      if (!e.succeeded()) {
        String where = e.failedStep().map(f -> " at step " + f.name() + (f.failureMessage().isEmpty() ? ""
            : ": " + f.failureMessage())).orElse(e.failureMessage().isEmpty() ? "" : ": " + e.failureMessage());
        return console.fail(ExitCodes.FAILED, document + " execution " + id + " ended " + e.status() + where);
      }
      console.out().println("replaced the root volume of " + instance + " from " + s.words() + ": new root volume "
          + first(e.outputs(), "findNewRootVolume.VolumeId") + ", restore point "
          + first(e.outputs(), "createRestorePoint.SnapshotId") + " (execution " + id + ")");
      console.out().flush();
      return ExitCodes.OK;
    } catch (DiscoveryException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED,
          "no AWS Region (pass --region, or set project.region, AWS_REGION or a region in the profile)");
    }
  }

  static Optional<Source> source(List<String> to) {
    if (to.size() == 1 && to.get(0).equals("launch")) {
      return Optional.of(new Source("launch", Optional.empty(), Optional.empty(), "its launch state"));
    }
    if (to.size() != 2) return Optional.empty();
    String id = to.get(1);
    if (to.get(0).equals("snapshot") && Ec2IdKind.SNAPSHOT.matches(id)) {
      return Optional.of(new Source(id, Optional.of(id), Optional.empty(), "snapshot " + id));
    }
    if (to.get(0).equals("image") && Ec2IdKind.IMAGE.matches(id)) {
      return Optional.of(new Source(id, Optional.empty(), Optional.of(id), "image " + id));
    }
    return Optional.empty();
  }

  /** What is wrong with the ID of --to snapshot ID or --to image ID, when that is what is wrong. */
  private static Optional<String> idProblem(List<String> to) {
    if (to.size() != 2) return Optional.empty();
    if (to.get(0).equals("snapshot")) return Optional.of(Ec2IdKind.SNAPSHOT.problem(to.get(1)));
    if (to.get(0).equals("image")) return Optional.of(Ec2IdKind.IMAGE.problem(to.get(1)));
    return Optional.empty();
  }

  private static String first(Map<String, List<String>> outputs, String key) {
    List<String> v = outputs.get(key);
    return v == null || v.isEmpty() ? "(not reported)" : v.get(0);
  }

  static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
    if (s >= 3600) return s / 3600 + "h" + (s % 3600) / 60 + "m";
    if (s % 60 == 0 && s > 0) return s / 60 + "m";
    return s + "s";
  }
}
