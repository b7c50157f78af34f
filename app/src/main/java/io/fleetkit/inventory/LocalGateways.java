package io.fleetkit.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local gateways of one account and Region as {@code bin/fleetkit outpost-lgw show --snapshot} records them (EC2
 * DescribeLocalGateways, its route tables with their modes and associations, virtual interface groups, CoIP pools) with
 * the VPCs around them (IPv4 blocks, Outpost subnets, route tables), read by synth for {@code outpost_routing}. It says
 * what it was recorded for (account, Region, partition, time); keys and lists are sorted and the file is written
 * atomically ({@link SnapshotFiles}).
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
  private static final List<String> PARTITIONS = List.of("aws", "aws-us-gov", "aws-cn");
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

  /** Reads a snapshot; any problem is one message naming the file, the JSON pointer and the command that rewrites it. */
  public static LocalGateways read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new SnapshotException(file + ": no such snapshot (expected the file that " + REGENERATE + file + " writes)", e);
    } catch (IOException e) {
      throw new SnapshotException(file + ": cannot read the snapshot (" + e.getMessage() + ")", e);
    }
  }

  /** Parses snapshot text; {@code name} is used in messages. */
  public static LocalGateways parse(String text, String name) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(name, "", "not valid JSON at line " + e.getLocation().getLineNr());
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText()) || !root.path("version").isInt()
        || root.path("version").intValue() != VERSION) {
      throw bad(name, "", "not a " + FORMAT + " version " + VERSION + " snapshot");
    }
    Reader r = new Reader(name);
    String account = r.text(root, "/account");
    if (!account.matches("\\d{12}")) throw bad(name, "/account", "\"" + account + "\" is not an account ID");
    String region = r.text(root, "/region");
    String partition = r.text(root, "/partition");
    if (!PARTITIONS.contains(partition)) throw bad(name, "/partition", "\"" + partition + "\" is not a partition");
    String recordedAt = r.text(root, "/recorded_at");
    Map<String, Gateway> gateways = new TreeMap<>();
    for (var g : r.fields(root, "/local_gateways")) {
      String at = "/local_gateways/" + g.getKey();
      Map<String, RouteTable> tables = new TreeMap<>();
      for (var t : r.fields(g.getValue(), at + "/route_tables")) {
        String tat = at + "/route_tables/" + t.getKey();
        JsonNode managed = t.getValue().path("managed_by");
        if (!managed.isMissingNode() && !managed.isTextual()) throw bad(name, tat + "/managed_by", "not text");
        tables.put(t.getKey(), new RouteTable(r.text(t.getValue(), tat + "/mode"), r.text(t.getValue(), tat + "/state"),
            managed.isTextual() ? Optional.of(managed.asText()) : Optional.empty(),
            r.texts(t.getValue(), tat + "/vpc_associations"), r.texts(t.getValue(), tat + "/vif_group_associations")));
      }
      gateways.put(g.getKey(), new Gateway(r.text(g.getValue(), at + "/outpost_arn"), r.text(g.getValue(), at + "/state"),
          r.texts(g.getValue(), at + "/vif_groups"), tables));
    }
    Map<String, CoipPool> pools = new TreeMap<>();
    for (var p : r.fields(root, "/coip_pools")) {
      String at = "/coip_pools/" + p.getKey();
      pools.put(p.getKey(), new CoipPool(r.text(p.getValue(), at + "/route_table"), r.texts(p.getValue(), at + "/cidrs")));
    }
    Map<String, Vpc> vpcs = new TreeMap<>();
    for (var v : r.fields(root, "/vpcs")) {
      String at = "/vpcs/" + v.getKey();
      Map<String, String> subnets = new TreeMap<>();
      for (var s : r.fields(v.getValue(), at + "/outpost_subnets")) {
        if (!s.getValue().isTextual()) throw bad(name, at + "/outpost_subnets/" + s.getKey(), "not text");
        subnets.put(s.getKey(), s.getValue().asText());
      }
      vpcs.put(v.getKey(), new Vpc(r.texts(v.getValue(), at + "/cidrs"), subnets, r.texts(v.getValue(), at + "/route_tables")));
    }
    return new LocalGateways(account, region, partition, recordedAt, gateways, pools, vpcs);
  }

  /** Reads fields relative to a node, failing with the JSON pointer of what is missing. */
  private record Reader(String name) {
    String text(JsonNode parent, String pointer) {
      JsonNode n = parent.path(pointer.substring(pointer.lastIndexOf('/') + 1));
      if (!n.isTextual() || n.asText().isEmpty()) throw bad(name, pointer, "missing or not text");
      return n.asText();
    }

    List<String> texts(JsonNode parent, String pointer) {
      JsonNode n = parent.path(pointer.substring(pointer.lastIndexOf('/') + 1));
      if (!n.isArray()) throw bad(name, pointer, "missing or not a list");
      List<String> out = new java.util.ArrayList<>();
      for (JsonNode item : n) {
        if (!item.isTextual()) throw bad(name, pointer, "holds something that is not text");
        out.add(item.asText());
      }
      return out;
    }

    Iterable<Map.Entry<String, JsonNode>> fields(JsonNode parent, String pointer) {
      JsonNode n = parent.path(pointer.substring(pointer.lastIndexOf('/') + 1));
      if (!n.isObject()) throw bad(name, pointer, "missing or not an object");
      return n::fields;
    }
  }

  private static SnapshotException bad(String name, String pointer, String what) {
    return new SnapshotException(name + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + what
        + " (expected a snapshot that " + REGENERATE + name + " writes)", null);
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
