package io.fleetkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.config.Checks;
import io.fleetkit.config.Cidr;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.LocalGatewayDiscoverer;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import io.fleetkit.inventory.LocalGateways;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code bin/fleetkit outpost-lgw}: what CloudFormation cannot show or do for an Outposts local gateway. {@code show}
 * lists the local gateways with their route tables (mode, associations) and the CoIP pools with their usage, and with
 * {@code --snapshot} records the local gateways snapshot that synth checks {@code outpost_routing} against;
 * {@code coip} allocates customer-owned IPs and turns on their auto-assignment ({@link CoipCommand}).
 */
@Command(name = "outpost-lgw", mixinStandardHelpOptions = true, subcommands = CoipCommand.class,
    description = {"Outposts local gateways: route table modes, associations and CoIP pool usage (show), and the CoIP"
        + " steps CloudFormation has no type for (coip).",
        "Exit codes: 0 done, 1 failed (AWS error, denied call, malformed answer; the snapshot is unchanged), 2 usage"
            + " error, 3 missing or rejected credentials."})
public final class OutpostLgwCommand implements Runnable {
  static final String DEFAULT_SNAPSHOT = ".fleetkit/local-gateways.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--region", scope = CommandLine.ScopeType.INHERIT, paramLabel = "REGION",
      converter = Arguments.RegionConverter.class,
      description = "AWS Region of the Outpost's parent Region (default: the SDK's Region chain)")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT, paramLabel = "NAME",
      description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Also {@code coip}'s: one stdout and stderr for the whole command. */
  final Console console = new Console(() -> spec);

  final Function<OutpostLgwCommand, AwsClients> clients;
  final Clock clock;

  public OutpostLgwCommand() {
    this(c -> AwsClients.of(c.region, c.profile), Clock.systemUTC());
  }

  /** For tests: clients pointed at WireMock and a fixed clock. */
  OutpostLgwCommand(Function<OutpostLgwCommand, AwsClients> clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Local gateways, route table modes and"
      + " associations, CoIP pool usage; with --snapshot, also record the snapshot synth reads for outpost_routing.")
  int show(
      @Option(names = "--snapshot", arity = "0..1", fallbackValue = DEFAULT_SNAPSHOT, paramLabel = "FILE",
          description = "Also write the local gateways snapshot (default file: " + DEFAULT_SNAPSHOT + ")") Path snapshot,
      @Option(names = "--json", description = "Print JSON instead of tables") boolean json) {
    return guarded(snapshot, aws -> {
      String regionId = aws.resolvedRegion().id();
      ApiCalls calls = new ApiCalls("outpost-lgw show");
      LocalGatewayDiscoverer d = new LocalGatewayDiscoverer(aws.build(Ec2Client.builder()), calls);
      // The snapshot says which account it was recorded in; synth refuses one of another account.
      String account = calls.call("sts", "GetCallerIdentity", () -> aws.build(StsClient.builder()).getCallerIdentity()).account();
      console.err().println("outpost-lgw: account " + account + ", region " + regionId);
      String recordedAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
      LocalGateways s = d.describe(account, regionId, Checks.partitionOf(regionId), recordedAt);
      int tables = s.gateways().values().stream().mapToInt(g -> g.routeTables().size()).sum();
      console.err().println("[1/2] local gateways: " + s.gateways().size() + ", route tables: " + tables + ", VPCs: " + s.vpcs().size());
      Map<String, LocalGatewayDiscoverer.Usage> usage = new LinkedHashMap<>();
      s.coipPools().keySet().forEach(pool -> usage.put(pool, d.usage(pool)));
      console.err().println("[2/2] CoIP pools: " + usage.size() + " (" + calls.total() + " calls)");
      if (json) {
        print(report(s, usage));
      } else {
        tables(s, usage);
      }
      console.out().flush();
      if (snapshot != null) {
        s.write(snapshot);
        console.err().println("wrote " + snapshot + " (account " + account + ", " + regionId + ": " + s.gateways().size()
            + " local gateways, " + tables + " route tables, " + s.coipPools().size() + " CoIP pools, " + s.vpcs().size()
            + " VPCs)");
      }
    });
  }

  private void tables(LocalGateways s, Map<String, LocalGatewayDiscoverer.Usage> usage) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("LOCAL GATEWAY", "ROUTE TABLE", "MODE", "STATE", "VPCS", "VIF GROUPS", "FLEETKIT STACK"));
    s.gateways().forEach((id, g) -> g.routeTables().forEach((rt, t) -> rows.add(List.of(id, rt, t.mode(), t.state(),
        dash(t.vpcs()), dash(t.vifGroups()), t.managedBy().orElse("-")))));
    if (rows.size() == 1) {
      console.out().println("No local gateway route table in this Region.");
    } else {
      Table.print(console.out(), rows);
    }
    if (usage.isEmpty()) return;
    console.out().println();
    List<List<String>> pools = new ArrayList<>();
    pools.add(List.of("COIP POOL", "ROUTE TABLE", "CIDRS", "ALLOCATED", "ADDRESSES"));
    usage.forEach((id, u) -> {
      LocalGateways.CoipPool p = s.coipPools().get(id);
      pools.add(List.of(id, p.routeTable(), dash(p.cidrs()), String.valueOf(u.allocated().size()), String.valueOf(size(p))));
    });
    Table.print(console.out(), pools);
  }

  private static long size(LocalGateways.CoipPool p) {
    return p.cidrs().stream().map(Cidr::parse).flatMap(Optional::stream).map(Cidr::size)
        .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add).longValueExact();
  }

  private static Map<String, Object> report(LocalGateways s, Map<String, LocalGatewayDiscoverer.Usage> usage) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("region", s.region());
    List<Map<String, Object>> tables = new ArrayList<>();
    s.gateways().forEach((id, g) -> g.routeTables().forEach((rt, t) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("local_gateway_id", id);
      r.put("route_table_id", rt);
      r.put("mode", t.mode());
      r.put("state", t.state());
      r.put("vpcs", t.vpcs());
      r.put("vif_groups", t.vifGroups());
      r.put("fleetkit_stack", t.managedBy().orElse(null));
      tables.add(r);
    }));
    o.put("route_tables", tables);
    List<Map<String, Object>> pools = new ArrayList<>();
    usage.forEach((id, u) -> {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("pool_id", id);
      p.put("route_table_id", s.coipPools().get(id).routeTable());
      p.put("cidrs", s.coipPools().get(id).cidrs());
      p.put("addresses", size(s.coipPools().get(id)));
      p.put("allocated", u.allocated());
      pools.add(p);
    });
    o.put("coip_pools", pools);
    return o;
  }

  private static String dash(List<String> values) {
    return values.isEmpty() ? "-" : String.join(", ", values);
  }

  /** Runs {@code body} with clients and turns every failure into its exit code and one message. */
  int guarded(Path snapshot, java.util.function.Consumer<AwsClients> body) {
    try {
      AwsClients aws = clients.apply(this);
      // Like discover: no usable credentials is exit 3 before any call.
      aws.requireCredentials("outpost-lgw");
      body.accept(aws);
      return ExitCodes.OK;
    } catch (DiscoveryException | SnapshotException | UncheckedIOException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED, "no AWS Region (pass --region, or set AWS_REGION)", Console.unchanged(snapshot));
    }
  }

  private void print(Object value) {
    try {
      console.out().println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
