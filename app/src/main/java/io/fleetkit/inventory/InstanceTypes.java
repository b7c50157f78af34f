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
 * The instance types of one or more Regions with their hypervisor and Nitro Enclaves support, as
 * {@code bin/fleetkit nitro-audit --snapshot} records them from EC2 DescribeInstanceTypes, and as synth reads
 * them for {@code guardrails.nitro_only} and the launch template's enclaves option. It says what it was recorded
 * for (partition, Region, time); keys are sorted and the file is written atomically.
 *
 * @param partition aws, aws-us-gov or aws-cn; every Region in the file is in it
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
  private static final List<String> PARTITIONS = List.of("aws", "aws-us-gov", "aws-cn");
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

  /** Reads a snapshot; any problem is one message naming the file, the JSON pointer and the command that rewrites it. */
  public static InstanceTypes read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new SnapshotException(file + ": no such snapshot (expected the file that " + REGENERATE + file + " writes)", e);
    } catch (IOException e) {
      throw new SnapshotException(file + ": cannot read the snapshot (" + e.getMessage() + ")", e);
    }
  }

  /** Parses snapshot text; {@code name} is used in messages. */
  public static InstanceTypes parse(String text, String name) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(name, "", "not valid JSON at line " + e.getLocation().getLineNr(), null);
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText()) || !root.path("version").isInt()
        || root.path("version").intValue() != VERSION) {
      throw bad(name, "", "not a " + FORMAT + " version " + VERSION + " snapshot", null);
    }
    String partition = root.path("partition").asText();
    if (!PARTITIONS.contains(partition)) throw bad(name, "/partition", "\"" + partition + "\" is not a partition", null);
    JsonNode regions = root.path("regions");
    if (!regions.isObject() || regions.isEmpty()) throw bad(name, "/regions", "no Region", null);
    Map<String, RegionTypes> out = new TreeMap<>();
    for (var r : (Iterable<Map.Entry<String, JsonNode>>) regions::fields) {
      String at = "/regions/" + r.getKey();
      JsonNode recorded = r.getValue().path("recorded_at");
      JsonNode types = r.getValue().path("instance_types");
      if (!recorded.isTextual()) throw bad(name, at + "/recorded_at", "missing or not text", null);
      if (!types.isObject() || types.isEmpty()) throw bad(name, at + "/instance_types", "no instance type", null);
      Map<String, TypeInfo> infos = new TreeMap<>();
      for (var t : (Iterable<Map.Entry<String, JsonNode>>) types::fields) {
        String tat = at + "/instance_types/" + t.getKey();
        String hypervisor = t.getValue().path("hypervisor").asText();
        JsonNode enclaves = t.getValue().path("nitro_enclaves");
        if (!HYPERVISORS.contains(hypervisor)) throw bad(name, tat + "/hypervisor", "\"" + hypervisor + "\" is not one of " + HYPERVISORS, null);
        if (!enclaves.isBoolean()) throw bad(name, tat + "/nitro_enclaves", "missing or not true/false", null);
        infos.put(t.getKey(), new TypeInfo(hypervisor, enclaves.booleanValue()));
      }
      out.put(r.getKey(), new RegionTypes(recorded.asText(), infos));
    }
    return new InstanceTypes(partition, out);
  }

  private static SnapshotException bad(String name, String pointer, String what, Throwable cause) {
    return new SnapshotException(name + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + what
        + " (expected a snapshot that " + REGENERATE + name + " writes)", cause);
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
