package io.fleetkit.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.config.Ec2IdKind;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The local gateways of one account and Region as {@code bin/fleetkit outpost-lgw show --snapshot} records them (EC2
 * DescribeLocalGateways, its route tables with their modes and associations, virtual interface groups, CoIP pools) with
 * the VPCs around them (IPv4 blocks, Outpost subnets, route tables), read by synth for {@code outpost_routing}. It says
 * what it was recorded for (account, Region, partition, time), which synth compares with {@code project}; keys and lists
 * are sorted, the file is written atomically ({@link SnapshotFiles}) and read defensively ({@link SnapshotJson}: size,
 * depth, duplicate keys, unknown fields, every ID in its shape).
 *
 * @param gateways local gateway ID → what was recorded about it
 * @param coipPools customer-owned IP pool ID → its route table and blocks
 * @param vpcs VPC ID → its blocks, Outpost subnets and route tables; every VPC of the Region
 */
public record LocalGateways(String account, String region, String partition, String recordedAt,
    Map<String, Gateway> gateways, Map<String, CoipPool> coipPools, Map<String, Vpc> vpcs) {
  public static final String FORMAT = "fleetkit-local-gateways";
  public static final int VERSION = 1;
  /** The tag fleetkit puts on the route table it creates, valued with the stack name, so discovery can tell it apart. */
  public static final String MANAGED_BY_TAG = "fleetkit:route-table-of";
  private static final String REGENERATE = "bin/fleetkit outpost-lgw show --region <region> --snapshot ";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LocalGateways {
    gateways = sorted(gateways);
    coipPools = sorted(coipPools);
    vpcs = sorted(vpcs);
  }

  /**
   * @param vifGroups the gateway's virtual interface groups
   * @param routeTables route table ID → mode and associations
   */
  public record Gateway(String outpostArn, String state, List<String> vifGroups, Map<String, RouteTable> routeTables) {
    public Gateway {
      vifGroups = List.copyOf(new TreeSet<>(vifGroups));
      routeTables = sorted(routeTables);
    }
  }

  /**
   * @param mode direct-vpc-routing or coip
   * @param managedBy the stack that created it ({@link #MANAGED_BY_TAG}); empty for other route tables
   */
  public record RouteTable(String mode, String state, Optional<String> managedBy, List<String> vpcs, List<String> vifGroups) {
    public RouteTable {
      vpcs = List.copyOf(new TreeSet<>(vpcs));
      vifGroups = List.copyOf(new TreeSet<>(vifGroups));
    }
  }

  public record CoipPool(String routeTable, List<String> cidrs) {
    public CoipPool {
      cidrs = List.copyOf(new TreeSet<>(cidrs));
    }
  }

  /**
   * @param cidrs the VPC's associated IPv4 blocks
   * @param outpostSubnets subnet ID → IPv4 block, for its subnets on the recorded Outposts
   * @param routeTables the VPC's route tables
   */
  public record Vpc(List<String> cidrs, Map<String, String> outpostSubnets, List<String> routeTables) {
    public Vpc {
      cidrs = List.copyOf(new TreeSet<>(cidrs));
      outpostSubnets = sorted(outpostSubnets);
      routeTables = List.copyOf(new TreeSet<>(routeTables));
    }
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /**
   * Bounds of a local gateways snapshot: an account has a few Outposts, each with one local gateway, and a Region
   * holds at most a few thousand VPCs (Amazon VPC quotas: 5 per Region by default, adjustable); the caps leave room
   * ten times over and stop a damaged or hostile file before it costs memory.
   */
  static final SnapshotJson.Limits LIMITS = new SnapshotJson.Limits(32L << 20, 8, 2_048);
  static final int MAX_ITEMS = 20_000;
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern OUTPOST_ARN = Pattern.compile("arn:aws[a-z-]*:outposts:[a-z0-9-]+:\\d{12}:outpost/op-[0-9a-f]{17}");
  /** Mode (direct-vpc-routing, coip) and states (available, pending...) as EC2 returns them. */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z-]{0,63}");
  private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
  private static final Pattern STACK = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");

  /** The command that records the snapshot again, for every message. */
  static String regenerate(String file) {
    return REGENERATE + file;
  }

  /** Reads a snapshot; any problem is one message naming the file, the JSON pointer and the command that rewrites it. */
  public static LocalGateways read(Path file) {
    return SnapshotJson.read(file, LIMITS, LocalGateways::regenerate, LocalGateways::parse);
  }

  /** Parses snapshot text; {@code name} is used in messages. */
  public static LocalGateways parse(String text, String name) {
    return SnapshotJson.parse(text, name, LIMITS, LocalGateways::regenerate, LocalGateways::parse);
  }

  private static LocalGateways parse(SnapshotJson json) throws SnapshotJson.Invalid {
    json.header(FORMAT, "local gateways", VERSION);
    JsonNode root = json.object(json.root(), "", "format", "version", "account", "coip_pools", "local_gateways",
        "partition", "recorded_at", "region", "vpcs");
    String account = text(json, root, "/account", ACCOUNT, "an AWS account ID, 12 digits");
    String region = json.region(root, "/region");
    String partition = json.partition(root, "/partition");
    String recordedAt = json.instant(root, "/recorded_at");
    Map<String, Gateway> gateways = new TreeMap<>();
    for (var g : fields(json, root, "/local_gateways", Ec2IdKind.LOCAL_GATEWAY)) {
      String at = "/local_gateways/" + g.getKey();
      JsonNode gw = json.object(g.getValue(), at, "outpost_arn", "route_tables", "state", "vif_groups");
      Map<String, RouteTable> tables = new TreeMap<>();
      for (var t : fields(json, gw, at + "/route_tables", Ec2IdKind.LOCAL_GATEWAY_ROUTE_TABLE)) {
        String tat = at + "/route_tables/" + t.getKey();
        JsonNode rt = json.object(t.getValue(), tat, "managed_by", "mode", "state", "vif_group_associations",
            "vpc_associations");
        Optional<String> managed = rt.has("managed_by")
            ? Optional.of(json.text(rt.get("managed_by"), tat + "/managed_by", STACK, "the stack name that created it"))
            : Optional.empty();
        tables.put(t.getKey(), new RouteTable(text(json, rt, tat + "/mode", WORD, "a routing mode such as coip"),
            text(json, rt, tat + "/state", WORD, "a state such as available"), managed,
            ids(json, rt, tat + "/vpc_associations", Ec2IdKind.VPC), ids(json, rt, tat + "/vif_group_associations", Ec2IdKind.VIF_GROUP)));
      }
      gateways.put(g.getKey(), new Gateway(text(json, gw, at + "/outpost_arn", OUTPOST_ARN, "an Outpost ARN"),
          text(json, gw, at + "/state", WORD, "a state such as available"), ids(json, gw, at + "/vif_groups", Ec2IdKind.VIF_GROUP),
          tables));
    }
    Map<String, CoipPool> pools = new TreeMap<>();
    for (var p : fields(json, root, "/coip_pools", Ec2IdKind.COIP_POOL)) {
      String at = "/coip_pools/" + p.getKey();
      JsonNode pool = json.object(p.getValue(), at, "cidrs", "route_table");
      pools.put(p.getKey(), new CoipPool(id(json, pool, at + "/route_table", Ec2IdKind.LOCAL_GATEWAY_ROUTE_TABLE),
          texts(json, pool, at + "/cidrs", CIDR, "an IPv4 block such as 198.19.0.0/24")));
    }
    Map<String, Vpc> vpcs = new TreeMap<>();
    for (var v : fields(json, root, "/vpcs", Ec2IdKind.VPC)) {
      String at = "/vpcs/" + v.getKey();
      JsonNode vpc = json.object(v.getValue(), at, "cidrs", "outpost_subnets", "route_tables");
      Map<String, String> subnets = new TreeMap<>();
      for (var sn : fields(json, vpc, at + "/outpost_subnets", Ec2IdKind.SUBNET)) {
        subnets.put(sn.getKey(), json.text(sn.getValue(), at + "/outpost_subnets/" + sn.getKey(), CIDR,
            "the subnet's IPv4 block such as 10.50.1.0/24"));
      }
      vpcs.put(v.getKey(), new Vpc(texts(json, vpc, at + "/cidrs", CIDR, "an IPv4 block such as 10.50.0.0/16"), subnets,
          ids(json, vpc, at + "/route_tables", Ec2IdKind.ROUTE_TABLE)));
    }
    return new LocalGateways(account, region, partition, recordedAt, gateways, pools, vpcs);
  }

  private static String text(SnapshotJson json, JsonNode parent, String pointer, Pattern form, String what)
      throws SnapshotJson.Invalid {
    return json.text(json.required(parent, pointer), pointer, form, what);
  }

  private static String id(SnapshotJson json, JsonNode parent, String pointer, Ec2IdKind kind) throws SnapshotJson.Invalid {
    JsonNode n = json.required(parent, pointer);
    if (!n.isTextual() || !kind.matches(n.textValue())) {
      throw json.problem(pointer, "\"" + n.asText() + "\" is not " + kind.what(), kind.expected());
    }
    return n.textValue();
  }

  private static List<String> ids(SnapshotJson json, JsonNode parent, String pointer, Ec2IdKind kind) throws SnapshotJson.Invalid {
    List<JsonNode> items = json.array(json.required(parent, pointer), pointer, MAX_ITEMS);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = pointer + "/" + i;
      if (!items.get(i).isTextual() || !kind.matches(items.get(i).textValue())) {
        throw json.problem(at, "\"" + items.get(i).asText() + "\" is not " + kind.what(), kind.expected());
      }
      out.add(items.get(i).textValue());
    }
    return out;
  }

  private static List<String> texts(SnapshotJson json, JsonNode parent, String pointer, Pattern form, String what)
      throws SnapshotJson.Invalid {
    List<JsonNode> items = json.array(json.required(parent, pointer), pointer, MAX_ITEMS);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) out.add(json.text(items.get(i), pointer + "/" + i, form, what));
    return out;
  }

  /** The entries of an object keyed by EC2 IDs of {@code kind}. */
  private static List<Map.Entry<String, JsonNode>> fields(SnapshotJson json, JsonNode parent, String pointer, Ec2IdKind kind)
      throws SnapshotJson.Invalid {
    List<Map.Entry<String, JsonNode>> out = json.fields(json.required(parent, pointer), pointer, MAX_ITEMS);
    for (var e : out) {
      if (!kind.matches(e.getKey())) {
        throw json.problem(pointer + "/" + SnapshotJson.escape(e.getKey()), "\"" + e.getKey() + "\" is not " + kind.what(),
            kind.expected());
      }
    }
    return out;
  }

  /** The exact text {@link #write} stores: keys sorted, two-space indent, final newline. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("account", account);
    ObjectNode pools = root.putObject("coip_pools");
    coipPools.forEach((id, p) -> {
      ObjectNode o = pools.putObject(id);
      p.cidrs().forEach(o.putArray("cidrs")::add);
      o.put("route_table", p.routeTable());
    });
    ObjectNode gws = root.putObject("local_gateways");
    gateways.forEach((id, g) -> {
      ObjectNode o = gws.putObject(id);
      o.put("outpost_arn", g.outpostArn());
      ObjectNode tables = o.putObject("route_tables");
      g.routeTables().forEach((tid, t) -> {
        ObjectNode to = tables.putObject(tid);
        t.managedBy().ifPresent(m -> to.put("managed_by", m));
        to.put("mode", t.mode());
        to.put("state", t.state());
        t.vifGroups().forEach(to.putArray("vif_group_associations")::add);
        t.vpcs().forEach(to.putArray("vpc_associations")::add);
      });
      o.put("state", g.state());
      g.vifGroups().forEach(o.putArray("vif_groups")::add);
    });
    root.put("partition", partition);
    root.put("recorded_at", recordedAt);
    root.put("region", region);
    ObjectNode vs = root.putObject("vpcs");
    vpcs.forEach((id, v) -> {
      ObjectNode o = vs.putObject(id);
      v.cidrs().forEach(o.putArray("cidrs")::add);
      ObjectNode subnets = o.putObject("outpost_subnets");
      v.outpostSubnets().forEach(subnets::put);
      v.routeTables().forEach(o.putArray("route_tables")::add);
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(Path file) {
    SnapshotFiles.writeAtomically(file, toJson());
  }
}
