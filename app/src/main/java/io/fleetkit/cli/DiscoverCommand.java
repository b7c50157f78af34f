package io.fleetkit.cli;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.Discovery;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.InventoryFile;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * {@code bin/fleetkit discover}: finds the tagged resources and writes the inventory snapshot that
 * the dashboard stacks synthesize from. The snapshot is written only after a complete run.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = {"Finds every EC2 instance, Application Load Balancer, S3 bucket, RDS DB instance and Auto Scaling "
        + "group that carries the dashboard tag, plus the ACTIVE Outposts, and writes the inventory snapshot "
        + "that synth reads.",
        "Exit codes: 0 written (warnings name any gaps), 1 discovery failed or passed its deadline (old snapshot kept), "
            + "2 usage error, 3 missing or rejected credentials, 4 config error (also: a --config file that does not exist)."})
public final class DiscoverCommand implements Callable<Integer> {
  /** Read when it exists and --config names no other file. */
  public static final Path DEFAULT_CONFIG = Path.of("config.yaml");
  /** The deadline without config: dashboard.discover_deadline_seconds' default. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file: dashboard.tag_name, dashboard.tag_values, dashboard.snapshot and "
          + "dashboard.discover_deadline_seconds, and project.region as the default Region (default: config.yaml, "
          + "skipped if absent; a FILE named here must exist)")
  Path config;

  @Option(names = "--deadline", paramLabel = "DURATION", converter = Arguments.DurationConverter.class,
      description = "Longest the whole run may take, such as 90s or 10m; past it, nothing is written and the exit code "
          + "is 1 (default: dashboard.discover_deadline_seconds, else 5m)")
  Duration deadline;

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
      description = "AWS Region (default: project.region, then the SDK's Region chain such as AWS_REGION)")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  String profile;

  @Option(names = "--output", paramLabel = "PATH",
      description = "Snapshot to write (default: dashboard.snapshot, else " + DashboardConfig.DEFAULT_SNAPSHOT + ")")
  Path output;

  @Option(names = "--tag-key", paramLabel = "KEY", description = "Tag key that marks resources (default: dashboard.tag_name)")
  String tagKey;

  @Option(names = "--tag-value", paramLabel = "VALUE", split = ",",
      description = "Tag value to match; repeat or separate with commas (default: dashboard.tag_values; none: any value)")
  List<String> tagValues;

  @Option(names = "--endpoint-url", paramLabel = "URL", hidden = true,
      description = "Send every AWS call to this URL (local mocks and the benchmark)")
  URI endpoint;

  private final Optional<AwsCredentialsProvider> credentials;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;

  public DiscoverCommand() {
    this(Optional.empty(), Clock.systemUTC(), System.out, System.err);
  }

  /** Tests and the benchmark: fixed credentials, clock and streams. */
  public DiscoverCommand(Optional<AwsCredentialsProvider> credentials, Clock clock, PrintStream out, PrintStream err) {
    this.credentials = credentials;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Path configFile = config != null ? config : DEFAULT_CONFIG;
    if (config != null && !Files.isRegularFile(config)) {
      err.println("error: config file " + config + " does not exist (expected a readable config file; paths are relative to "
          + Path.of("").toAbsolutePath() + "); nothing was discovered");
      return ExitCodes.CONFIG;
    }
    FleetkitConfig cfg;
    try {
      cfg = Files.exists(configFile) ? ConfigLoader.load(configFile) : null;
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.println("error: " + e.errors().size() + " error(s) in " + configFile + "; nothing was discovered");
      return ExitCodes.CONFIG;
    }
    Optional<String> resolvedRegion = Optional.ofNullable(region)
        .or(() -> cfg == null ? Optional.empty() : cfg.project().region());
    // Options override the dashboard section, which the dashboard stacks read the snapshot by.
    DashboardConfig dashboard = cfg == null ? null : cfg.dashboard();
    String key = tagKey != null ? tagKey : dashboard == null ? null : dashboard.tagName();
    List<String> values = tagValues != null ? tagValues : dashboard == null ? List.of() : dashboard.tagValues();
    values = values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    if (key == null || key.isBlank()) {
      err.println("error: no tag key (pass --tag-key KEY, or set dashboard.tag_name in " + configFile + ")");
      return ExitCodes.CONFIG;
    }
    Path target = output != null ? output
        : Path.of(dashboard == null || dashboard.snapshot().isBlank() ? DashboardConfig.DEFAULT_SNAPSHOT : dashboard.snapshot());

    AwsCredentialsProvider creds = credentials.orElseGet(() -> profile == null
        ? DefaultCredentialsProvider.builder().build()
        : ProfileCredentialsProvider.builder().profileName(profile).build());
    Duration limit = deadline != null ? deadline
        : dashboard != null ? Duration.ofSeconds(dashboard.discoverDeadlineSeconds()) : DEFAULT_DEADLINE;
    AwsClients clients = new AwsClients(resolvedRegion, Optional.ofNullable(profile), Optional.ofNullable(endpoint), creds)
        .withCallTimeout(limit);
    try {
      List<String> selected = values;
      Discovery.Result result = Deadline.run(limit, () -> new Discovery(clients, out, err, clock).run(key, selected));
      InventoryFile.write(target, result.inventory());
      summary(result, target);
      return ExitCodes.OK;
    } catch (Deadline.PassedException e) {
      err.println("error: discover did not finish within " + Deadline.format(limit) + " (--deadline, or"
          + " dashboard.discover_deadline_seconds); a service hangs or the account is larger than the deadline allows");
      err.println("nothing was written; " + target + " is unchanged");
      return ExitCodes.FAILED;
    } catch (CredentialsException e) {
      err.println("error: " + e.getMessage());
      err.println("nothing was written; " + target + " is unchanged");
      return ExitCodes.CREDENTIALS;
    } catch (DiscoveryException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      err.println("nothing was written; " + target + " is unchanged");
      return ExitCodes.FAILED;
    }
  }

  private void summary(Discovery.Result r, Path target) {
    Inventory inv = r.inventory();
    out.println("summary: " + inv.resourceCount() + " resources in account " + inv.account() + " (" + inv.region()
        + "): " + inv.outposts().size() + " Outposts, " + inv.instances().size() + " EC2 instances, "
        + inv.loadBalancers().size() + " load balancers, " + inv.buckets().size() + " S3 buckets, "
        + inv.autoScalingGroups().size() + " Auto Scaling groups, " + inv.dbInstances().size() + " RDS DB instances");
    List<String> calls = new ArrayList<>();
    for (Map.Entry<String, Long> e : r.calls().entrySet()) calls.add(e.getKey() + " " + e.getValue());
    out.println("summary: " + r.totalCalls() + " API calls in " + String.format("%.1f", r.elapsed().toMillis() / 1000.0)
        + " s (" + String.join(", ", calls) + ")");
    if (!inv.gaps().isEmpty()) {
      out.println("summary: " + inv.gaps().size() + " gap(s), the dashboard will be partial: "
          + String.join(", ", inv.gaps().stream().map(g -> g.service() + ":" + g.operation()).toList()));
    }
    out.println("wrote " + target);
  }
}
