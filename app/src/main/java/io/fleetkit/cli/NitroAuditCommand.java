package io.fleetkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.config.Checks;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.NitroAuditor;
import io.fleetkit.discovery.NitroAuditor.Running;
import io.fleetkit.inventory.InstanceTypes;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code bin/fleetkit nitro-audit}: counts the running instances of a Region by hypervisor, lists the Xen ones
 * with the Auto Scaling group or launch template that launched them, and with {@code --snapshot} records every
 * instance type of the Region (hypervisor, Nitro Enclaves support) for {@code guardrails.nitro_only}.
 */
@Command(name = "nitro-audit", mixinStandardHelpOptions = true,
    description = {"Counts running instances by hypervisor, lists the Xen ones with their Auto Scaling group or launch "
        + "template, and with --snapshot records the Region's instance types for guardrails.nitro_only.",
        "Exit codes: 0 done, 1 failed (AWS error, denied action, malformed answer; the snapshot is unchanged), "
            + "2 usage error, 3 missing or rejected credentials."})
public final class NitroAuditCommand implements Callable<Integer> {
  static final String DEFAULT_SNAPSHOT = ".fleetkit/instance-types.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
      description = "AWS Region (default: the SDK's Region chain)")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @Option(names = "--json", description = "Print JSON instead of tables")
  boolean json;

  @Option(names = "--snapshot", arity = "0..1", fallbackValue = DEFAULT_SNAPSHOT, paramLabel = "FILE",
      description = "Also write the instance types snapshot that synth reads for guardrails.nitro_only (default file: "
          + DEFAULT_SNAPSHOT + "); other Regions in the file are kept")
  Path snapshot;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  private final Function<NitroAuditCommand, AwsClients> clients;
  private final Clock clock;

  public NitroAuditCommand() {
    this(c -> AwsClients.of(c.region, c.profile), Clock.systemUTC());
  }

  /** For tests: clients pointed at WireMock and a fixed clock. */
  NitroAuditCommand(Function<NitroAuditCommand, AwsClients> clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    try {
      run(clients.apply(this));
      return ExitCodes.OK;
    } catch (DiscoveryException | SnapshotException | UncheckedIOException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED, "no AWS Region (pass --region, or set AWS_REGION or a region in the profile)",
          Console.unchanged(snapshot));
    }
  }

  private void run(AwsClients aws) {
    String regionId = aws.resolvedRegion().id();
    aws.requireCredentials("nitro-audit");
    console.err().println("nitro-audit: region " + regionId);
    InstanceTypes current = snapshot == null ? null : existing(snapshot);
    NitroAuditor auditor = new NitroAuditor(aws.build(Ec2Client.builder()), new ApiCalls("nitro-audit"));
    int[] pages = {0};
    List<Running> running = auditor.running(n -> pages[0] = n);
    console.err().println("[1/2] running instances: " + running.size() + " (" + plural(pages[0], "page") + ")");
    Map<String, InstanceTypes.TypeInfo> types = auditor.instanceTypes(n -> pages[0] = n);
    long xenTypes = types.values().stream().filter(t -> t.hypervisor().equals(InstanceTypes.XEN)).count();
    long enclaveTypes = types.values().stream().filter(InstanceTypes.TypeInfo::nitroEnclaves).count();
    console.err().println("[2/2] instance types: " + types.size() + " offered, " + xenTypes + " on Xen ("
        + plural(pages[0], "page") + ")");

    Map<String, Integer> byHypervisor = new TreeMap<>();
    List<Running> xen = new ArrayList<>();
    for (Running r : running) {
      InstanceTypes.TypeInfo info = types.get(r.instanceType());
      String h = info == null ? "unknown" : info.hypervisor();
      byHypervisor.merge(h, 1, Integer::sum);
      if (h.equals(InstanceTypes.XEN)) xen.add(r);
    }
    if (json) {
      print(report(regionId, running.size(), byHypervisor, xen));
    } else {
      text(byHypervisor, xen);
    }
    console.out().flush();
    if (snapshot != null) {
      String recordedAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
      String partition = Checks.partitionOf(regionId);
      InstanceTypes base = current == null ? new InstanceTypes(partition, Map.of()) : current;
      if (!base.partition().equals(partition)) {
        throw new DiscoveryException(snapshot + " holds partition " + base.partition() + "; " + regionId + " is in "
            + partition + " (expected one snapshot per partition: pass another --snapshot FILE)", null);
      }
      base.with(regionId, new InstanceTypes.RegionTypes(recordedAt, types)).write(snapshot);
      console.err().println("wrote " + snapshot + " (" + regionId + ": " + types.size() + " instance types, " + xenTypes
          + " on Xen, " + enclaveTypes + " with Nitro Enclaves)");
    }
  }

  private static InstanceTypes existing(Path file) {
    return Files.exists(file) ? InstanceTypes.read(file) : null;
  }

  private void text(Map<String, Integer> byHypervisor, List<Running> xen) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("HYPERVISOR", "RUNNING INSTANCES"));
    byHypervisor.forEach((h, n) -> rows.add(List.of(h.equals(InstanceTypes.NONE) ? "none (bare metal)" : h, String.valueOf(n))));
    Table.print(console.out(), rows);
    if (xen.isEmpty()) {
      console.out().println("No running instance is on Xen: guardrails.nitro_only would not stop any of them.");
      return;
    }
    console.out().println();
    console.out().println(plural(xen.size(), "instance") + " on Xen; move them to a Nitro type before turning on guardrails.nitro_only:");
    List<List<String>> x = new ArrayList<>();
    x.add(List.of("INSTANCE", "TYPE", "AUTO SCALING GROUP", "LAUNCH TEMPLATE"));
    for (Running r : xen) {
      x.add(List.of(r.id(), r.instanceType(), r.autoScalingGroup() == null ? "-" : r.autoScalingGroup(), launchTemplate(r)));
    }
    Table.print(console.out(), x);
  }

  private static Map<String, Object> report(String region, int running, Map<String, Integer> byHypervisor, List<Running> xen) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("region", region);
    o.put("running_instances", running);
    o.put("by_hypervisor", byHypervisor);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Running r : xen) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("instance_id", r.id());
      i.put("instance_type", r.instanceType());
      i.put("auto_scaling_group", r.autoScalingGroup());
      i.put("launch_template_id", r.launchTemplateId());
      i.put("launch_template_version", r.launchTemplateVersion());
      list.add(i);
    }
    o.put("xen_instances", list);
    return o;
  }

  private static String launchTemplate(Running r) {
    if (r.launchTemplateId() == null) return "-";
    return r.launchTemplateVersion() == null ? r.launchTemplateId() : r.launchTemplateId() + " (version " + r.launchTemplateVersion() + ")";
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }


  private void print(Object value) {
    try {
      console.out().println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
