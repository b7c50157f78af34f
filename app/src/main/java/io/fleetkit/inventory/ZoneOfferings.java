package io.fleetkit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Pattern;

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

  /**
   * Bounds of a zones snapshot: a zone offers a few hundred types (DescribeInstanceTypeOfferings), a Region has a few
   * dozen Local Zones; the caps leave room for all of them ten times over.
   */
  static final SnapshotJson.Limits LIMITS = new SnapshotJson.Limits(16L << 20, 8, 256);
  static final int MAX_ZONES = 1_000;
  static final int MAX_TYPES = 5_000;
  private static final Pattern ZONE_NAME = Pattern.compile("[a-z]+(-[a-z0-9]+)+");
  private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+-\\d+");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
  private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

  /** The command that writes {@code file} again; a broken file must go first, since offerings reads it to keep other zones. */
  static String regenerate(String file) {
    return "bin/fleetkit zones offerings ZONE --snapshot " + file + " for each zone, after deleting " + file;
  }

  /** Reads a snapshot; empty when the file does not exist. A file that is not a valid snapshot is an error naming where. */
  public static Optional<ZoneOfferings> readIfExists(Path file) {
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(parse(SnapshotJson.read(file, LIMITS, regenerate(file.toString()))));
    } catch (SnapshotJson.Invalid e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  static ZoneOfferings parse(String text, String name) throws IOException {
    return parse(SnapshotJson.parse(name, text.getBytes(StandardCharsets.UTF_8), LIMITS, regenerate(name)));
  }

  private static ZoneOfferings parse(SnapshotJson json) throws SnapshotJson.Invalid {
    JsonNode root = json.object(json.root(), "", "format", "version", "zones");
    JsonNode format = json.required(root, "/format");
    if (!format.isTextual() || !FORMAT.equals(format.textValue())) {
      throw json.problem("/format", format + " is not the zones snapshot's format", "\"" + FORMAT + "\"");
    }
    long version = json.integer(json.required(root, "/version"), "/version", 0, Integer.MAX_VALUE);
    if (version != VERSION) {
      throw json.problem("/version", "version " + version + " is not one this fleetkit reads", String.valueOf(VERSION));
    }
    Map<String, Zone> zones = new TreeMap<>();
    for (var e : json.fields(json.required(root, "/zones"), "/zones", MAX_ZONES)) {
      String at = "/zones/" + SnapshotJson.escape(e.getKey());
      if (!ZONE_NAME.matcher(e.getKey()).matches() || e.getKey().length() > 64) {
        throw json.problem(at, "\"" + e.getKey() + "\" is not a zone name", "a zone name such as us-east-1-atl-1a");
      }
      JsonNode z = json.object(e.getValue(), at, "fetched_at", "group", "instance_types", "region");
      List<String> types = new ArrayList<>();
      List<JsonNode> items = json.array(json.required(z, at + "/instance_types"), at + "/instance_types", MAX_TYPES);
      for (int i = 0; i < items.size(); i++) {
        types.add(json.text(items.get(i), at + "/instance_types/" + i, INSTANCE_TYPE, "an instance type such as m5.large"));
      }
      zones.put(e.getKey(), new Zone(
          json.text(json.required(z, at + "/region"), at + "/region", REGION, "a Region name such as us-east-1"),
          json.text(json.required(z, at + "/group"), at + "/group", ZONE_NAME, "a zone group such as us-east-1-atl-1"),
          types,
          json.text(json.required(z, at + "/fetched_at"), at + "/fetched_at", INSTANT, "an ISO-8601 UTC time such as 2026-11-26T04:00:00Z")));
    }
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
