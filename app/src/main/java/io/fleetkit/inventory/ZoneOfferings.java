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
 * The instance types each Local Zone offers, as written by {@code zones offerings ZONE --snapshot}
 * and read by synth to check configured instance types. Versioned, keys and lists sorted, written
 * to a temporary file and moved into place so a reader never sees half a file.
 *
 * @param zones zone name → what was discovered about it
 */
public record ZoneOfferings(Map<String, Zone> zones) {
  public static final String FORMAT = "fleetkit-zones";
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ZoneOfferings {
    zones = java.util.Collections.unmodifiableMap(new TreeMap<>(zones));
  }

  /**
   * @param group the zone group (network border group), such as us-east-1-atl-1
   * @param instanceTypes sorted instance types offered in the zone
   * @param fetchedAt ISO-8601 time of the DescribeInstanceTypeOfferings calls
   */
  public record Zone(String region, String group, List<String> instanceTypes, String fetchedAt) {
    public Zone {
      instanceTypes = List.copyOf(new TreeSet<>(instanceTypes));
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
    JsonNode root = JSON.readTree(text);
    if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IOException(name + " is not a " + FORMAT + " version " + VERSION + " snapshot (expected \"format\": \""
          + FORMAT + "\", \"version\": " + VERSION + "; rewrite it with bin/fleetkit zones offerings ZONE --snapshot " + name + ")");
    }
    Map<String, Zone> zones = new TreeMap<>();
    root.path("zones").fields().forEachRemaining(e -> {
      JsonNode z = e.getValue();
      List<String> types = new ArrayList<>();
      z.path("instance_types").forEach(t -> types.add(t.asText()));
      zones.put(e.getKey(), new Zone(z.path("region").asText(), z.path("group").asText(), types, z.path("fetched_at").asText()));
    });
    return new ZoneOfferings(zones);
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
