package io.fleetkit.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.config.Checks;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The instance types of one or more Regions with their hypervisor and Nitro Enclaves support, as
 * {@code bin/fleetkit nitro-audit --snapshot} records them from EC2 DescribeInstanceTypes, and as synth reads
 * them for {@code guardrails.nitro_only} and the launch template's enclaves option. It says what it was recorded
 * for (partition, Region, time); keys are sorted and the file is written atomically.
 *
 * @param partition a partition of the AWS SDK (aws, aws-us-gov, aws-cn, ...); every Region in the file is in it
 * @param regions Region → what DescribeInstanceTypes returned there
 */
public record InstanceTypes(String partition, Map<String, RegionTypes> regions) {
  public static final String FORMAT = "fleetkit-instance-types";
  public static final int VERSION = 1;
  /** DescribeInstanceTypes: hypervisor is nitro or xen; bare metal types have none. */
  public static final String NITRO = "nitro";
  public static final String XEN = "xen";
  public static final String NONE = "none";
  private static final List<String> HYPERVISORS = List.of(NITRO, XEN, NONE);
  private static final String REGENERATE = "bin/fleetkit nitro-audit --region <region> --snapshot ";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public InstanceTypes {
    regions = Collections.unmodifiableMap(new TreeMap<>(regions));
  }

  /**
   * @param recordedAt ISO-8601 UTC time of the DescribeInstanceTypes calls
   * @param types instance type → what it runs on
   */
  public record RegionTypes(String recordedAt, Map<String, TypeInfo> types) {
    public RegionTypes {
      types = Collections.unmodifiableMap(new TreeMap<>(types));
    }
  }

  /**
   * @param hypervisor {@link #NITRO}, {@link #XEN} or {@link #NONE} (bare metal)
   * @param nitroEnclaves DescribeInstanceTypes NitroEnclavesSupport is "supported"
   */
  public record TypeInfo(String hypervisor, boolean nitroEnclaves) {}

  /** A copy with {@code region} added or replaced. */
  public InstanceTypes with(String region, RegionTypes types) {
    Map<String, RegionTypes> copy = new TreeMap<>(regions);
    copy.put(region, types);
    return new InstanceTypes(partition, copy);
  }

  /** Every type that runs on Xen in any recorded Region, sorted. */
  public List<String> xenTypes() {
    TreeSet<String> out = new TreeSet<>();
    regions.values().forEach(r -> r.types().forEach((t, i) -> {
      if (i.hypervisor().equals(XEN)) out.add(t);
    }));
    return List.copyOf(out);
  }

  /** Every recorded type, sorted. */
  public List<String> allTypes() {
    TreeSet<String> out = new TreeSet<>();
    regions.values().forEach(r -> out.addAll(r.types().keySet()));
    return List.copyOf(out);
  }

  /** Whether {@code type} supports Nitro Enclaves in every Region that records it; empty when none does. */
  public Optional<Boolean> nitroEnclaves(String type) {
    Boolean out = null;
    for (RegionTypes r : regions.values()) {
      TypeInfo info = r.types().get(type);
      if (info != null) out = (out == null || out) && info.nitroEnclaves();
    }
    return Optional.ofNullable(out);
  }

  /**
   * Why each of {@code types} cannot run Nitro Enclaves, one message per type; empty when all can. For plans
   * (as config errors) and the launch template (as a last guard).
   */
  public List<String> enclaveProblems(List<String> types, String snapshotName) {
    List<String> out = new java.util.ArrayList<>();
    for (String type : types) {
      Optional<Boolean> supported = nitroEnclaves(type);
      if (supported.isEmpty()) {
        out.add(type + " is not in the instance types snapshot " + snapshotName + " (expected a type recorded by "
            + REGENERATE + snapshotName + ")");
      } else if (!supported.get()) {
        out.add(type + " does not support Nitro Enclaves (instance types snapshot " + snapshotName
            + ": NitroEnclavesSupport is unsupported in " + String.join(", ", regionsRecording(type)) + ")");
      }
    }
    return out;
  }

  private List<String> regionsRecording(String type) {
    return regions.entrySet().stream().filter(e -> e.getValue().types().containsKey(type)).map(Map.Entry::getKey).toList();
  }

  /**
   * Bounds of an instance types snapshot: a Region offers about a thousand instance types (DescribeInstanceTypes), about
   * 100 bytes each as written, and a partition has a few dozen Regions; the caps leave room for all of them several
   * times over and stop a damaged or hostile file before it costs memory.
   */
  static final SnapshotJson.Limits LIMITS = new SnapshotJson.Limits(16L << 20, 8, 256);
  static final int MAX_REGIONS = 200;
  static final int MAX_TYPES = 5_000;
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
  private static final Pattern HYPERVISOR = Pattern.compile(String.join("|", HYPERVISORS));

  /**
   * The command that writes {@code file} again; a broken file must go first, since nitro-audit reads it to keep the
   * other Regions.
   */
  static String regenerate(String file) {
    return REGENERATE + file + " for each Region, after deleting " + file;
  }

  /** Reads a snapshot; any problem is one message naming the file, the JSON pointer and the command that rewrites it. */
  public static InstanceTypes read(Path file) {
    return SnapshotJson.read(file, LIMITS, InstanceTypes::regenerate, InstanceTypes::parse);
  }

  /** Parses snapshot text; {@code name} is used in messages. */
  public static InstanceTypes parse(String text, String name) {
    return SnapshotJson.parse(text, name, LIMITS, InstanceTypes::regenerate, InstanceTypes::parse);
  }

  private static InstanceTypes parse(SnapshotJson json) throws SnapshotJson.Invalid {
    json.header(FORMAT, "instance types", VERSION);
    JsonNode root = json.object(json.root(), "", "format", "version", "partition", "regions");
    String partition = json.partition(root, "/partition");
    List<Map.Entry<String, JsonNode>> regions = json.fields(json.required(root, "/regions"), "/regions", MAX_REGIONS);
    if (regions.isEmpty()) throw json.problem("/regions", "is empty", "at least one Region");
    Map<String, RegionTypes> out = new TreeMap<>();
    for (var r : regions) {
      String at = "/regions/" + SnapshotJson.escape(r.getKey());
      if (!SnapshotJson.REGION.matcher(r.getKey()).matches() || r.getKey().length() > 32) {
        throw json.problem(at, "\"" + r.getKey() + "\" is not a Region name", "a Region name such as us-east-1");
      }
      if (!Checks.partitionOf(r.getKey()).equals(partition)) {
        throw json.problem(at, r.getKey() + " is in partition " + Checks.partitionOf(r.getKey()),
            "Regions of partition " + partition + " only");
      }
      JsonNode region = json.object(r.getValue(), at, "instance_types", "recorded_at");
      String recordedAt = json.instant(region, at + "/recorded_at");
      var types = json.fields(json.required(region, at + "/instance_types"), at + "/instance_types", MAX_TYPES);
      if (types.isEmpty()) throw json.problem(at + "/instance_types", "is empty", "at least one instance type");
      Map<String, TypeInfo> infos = new TreeMap<>();
      for (var t : types) {
        String tat = at + "/instance_types/" + SnapshotJson.escape(t.getKey());
        if (!INSTANCE_TYPE.matcher(t.getKey()).matches() || t.getKey().length() > 64) {
          throw json.problem(tat, "\"" + t.getKey() + "\" is not an instance type", "an instance type such as m5.large");
        }
        JsonNode type = json.object(t.getValue(), tat, "hypervisor", "nitro_enclaves");
        String hypervisor = json.text(json.required(type, tat + "/hypervisor"), tat + "/hypervisor", HYPERVISOR,
            "one of " + String.join(", ", HYPERVISORS));
        infos.put(t.getKey(), new TypeInfo(hypervisor, json.bool(json.required(type, tat + "/nitro_enclaves"),
            tat + "/nitro_enclaves")));
      }
      out.put(r.getKey(), new RegionTypes(recordedAt, infos));
    }
    return new InstanceTypes(partition, out);
  }

  /** The exact text {@link #write} stores: keys sorted, two-space indent, final newline. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("partition", partition);
    ObjectNode rs = root.putObject("regions");
    regions.forEach((region, r) -> {
      ObjectNode o = rs.putObject(region);
      ObjectNode ts = o.putObject("instance_types");
      r.types().forEach((type, info) -> ts.putObject(type).put("hypervisor", info.hypervisor())
          .put("nitro_enclaves", info.nitroEnclaves()));
      o.put("recorded_at", r.recordedAt());
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes to a temporary file beside {@code file}, then renames it over the file; a failure leaves the old one. */
  public void write(Path file) {
    SnapshotFiles.writeAtomically(file, toJson());
  }
}
