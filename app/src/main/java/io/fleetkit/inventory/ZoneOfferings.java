package io.fleetkit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The instance types and EBS volume types of each Local Zone, as written by {@code zones offerings ZONE
 * --snapshot} and read by synth to check configured instance and volume types. Versioned, keys and lists
 * sorted, written to a temporary file and moved into place so a reader never sees half a file. Version 2
 * added the volume types; a version 1 file is refused with the command that records it again.
 *
 * @param zones zone name → what was discovered about it
 */
public record ZoneOfferings(Map<String, Zone> zones) {
  public static final String FORMAT = "fleetkit-zones";
  public static final int VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ZoneOfferings {
    zones = java.util.Collections.unmodifiableMap(new TreeMap<>(zones));
  }

  /**
   * @param group the zone group (network border group), such as us-east-1-atl-1
   * @param instanceTypes sorted instance types offered in the zone (EC2 DescribeInstanceTypeOfferings)
   * @param volumeTypes sorted EBS volume types of the zone, such as gp2, as {@code volumeTypesSource} reports them
   * @param volumeTypesSource where the volume types came from: no EC2 API reports them per zone
   * @param fetchedAt ISO-8601 time of the calls
   */
  public record Zone(String region, String group, List<String> instanceTypes, List<String> volumeTypes,
      String volumeTypesSource, String fetchedAt) {
    public Zone {
      instanceTypes = List.copyOf(new TreeSet<>(instanceTypes));
      volumeTypes = List.copyOf(new TreeSet<>(volumeTypes));
    }
  }

  public static ZoneOfferings empty() {
    return new ZoneOfferings(Map.of());
  }

  public Optional<Zone> zone(String name) {
    return Optional.ofNullable(zones.get(name));
  }

  /** A copy with {@code name} added or replaced. */
  public ZoneOfferings with(String name, Zone zone) {
    Map<String, Zone> copy = new TreeMap<>(zones);
    copy.put(name, zone);
    return new ZoneOfferings(copy);
  }

  /** Reads a snapshot; empty when the file does not exist. */
  public static Optional<ZoneOfferings> readIfExists(Path file) {
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(parse(Files.readString(file), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read zones snapshot " + file, e);
    }
  }

  static ZoneOfferings parse(String text, String name) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(name + " is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("") + again(name), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IOException(name + " is not a " + FORMAT + " version " + VERSION + " snapshot (expected \"format\": \""
          + FORMAT + "\", \"version\": " + VERSION + "; delete it, then record each zone again with bin/fleetkit zones"
          + " offerings ZONE --snapshot " + name + ")");
    }
    if (!root.path("zones").isObject()) throw new IOException(name + " has no \"zones\" object" + again(name));
    Map<String, Zone> zones = new TreeMap<>();
    for (var it = root.path("zones").fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode z = e.getValue();
      for (String field : List.of("region", "group", "volume_types_source", "fetched_at")) {
        if (!z.path(field).isTextual() || z.path(field).asText().isEmpty()) {
          throw new IOException("zone " + e.getKey() + " in " + name + " has no \"" + field + "\"" + again(name));
        }
      }
      for (String field : List.of("instance_types", "volume_types")) {
        if (!z.path(field).isArray() || z.path(field).isEmpty()) {
          throw new IOException("zone " + e.getKey() + " in " + name + " has no \"" + field + "\" list" + again(name));
        }
      }
      zones.put(e.getKey(), new Zone(z.path("region").asText(), z.path("group").asText(), texts(z.path("instance_types")),
          texts(z.path("volume_types")), z.path("volume_types_source").asText(), z.path("fetched_at").asText()));
    }
    return new ZoneOfferings(zones);
  }

  private static String again(String name) {
    return " (a truncated or hand-edited snapshot? record the zone again with bin/fleetkit zones offerings ZONE --snapshot "
        + name + ")";
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(t -> out.add(t.asText()));
    return out;
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    ObjectNode zs = root.putObject("zones");
    new TreeMap<>(zones).forEach((name, z) -> {
      ObjectNode o = zs.putObject(name);
      o.put("fetched_at", z.fetchedAt());
      o.put("group", z.group());
      ArrayNode types = o.putArray("instance_types");
      z.instanceTypes().forEach(types::add);
      o.put("region", z.region());
      ArrayNode volumes = o.putArray("volume_types");
      z.volumeTypes().forEach(volumes::add);
      o.put("volume_types_source", z.volumeTypesSource());
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes atomically: a temporary file beside the target, then a rename over it. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, toJson());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
