package io.fleetkit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

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

  /**
   * Bounds of a zones snapshot: a zone offers a few hundred types (DescribeInstanceTypeOfferings), a Region has a few
   * dozen Local Zones; the caps leave room for all of them ten times over.
   */
  static final SnapshotJson.Limits LIMITS = new SnapshotJson.Limits(16L << 20, 8, 256);
  static final int MAX_ZONES = 1_000;
  static final int MAX_TYPES = 5_000;
  private static final Pattern ZONE_NAME = Pattern.compile("[a-z]+(-[a-z0-9]+)+");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
  // EBS volume types as the Price List's volumeApiName gives them (gp2, gp3, io1, io2, st1, sc1, standard), in the
  // form EbsVolumeTypes records.
  private static final Pattern VOLUME_TYPE = Pattern.compile("[a-z0-9]{2,16}");
  private static final Pattern SOURCE = Pattern.compile("\\S.{0,255}");

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
    json.header(FORMAT, "zones", VERSION);
    JsonNode root = json.object(json.root(), "", "format", "version", "zones");
    Map<String, Zone> zones = new TreeMap<>();
    for (var e : json.fields(json.required(root, "/zones"), "/zones", MAX_ZONES)) {
      String at = "/zones/" + SnapshotJson.escape(e.getKey());
      if (!ZONE_NAME.matcher(e.getKey()).matches() || e.getKey().length() > 64) {
        throw json.problem(at, "\"" + e.getKey() + "\" is not a zone name", "a zone name such as us-east-1-atl-1a");
      }
      JsonNode z = json.object(e.getValue(), at, "fetched_at", "group", "instance_types", "region", "volume_types",
          "volume_types_source");
      List<String> types = texts(json, z, at + "/instance_types", INSTANCE_TYPE, "an instance type such as m5.large");
      List<String> volumes = texts(json, z, at + "/volume_types", VOLUME_TYPE, "an EBS volume type such as gp2");
      zones.put(e.getKey(), new Zone(
          json.region(z, at + "/region"),
          json.text(json.required(z, at + "/group"), at + "/group", ZONE_NAME, "a zone group such as us-east-1-atl-1"),
          types,
          volumes,
          json.text(json.required(z, at + "/volume_types_source"), at + "/volume_types_source", SOURCE,
              "where the volume types came from, such as pricing:GetProducts ..."),
          json.instant(z, at + "/fetched_at")));
    }
    return new ZoneOfferings(zones);
  }

  /** A list of at least one text: a zone that offers nothing is a truncated or hand-edited snapshot. */
  private static List<String> texts(SnapshotJson json, JsonNode zone, String pointer, Pattern form, String what)
      throws SnapshotJson.Invalid {
    List<JsonNode> items = json.array(json.required(zone, pointer), pointer, MAX_TYPES);
    if (items.isEmpty()) throw json.problem(pointer, "is empty", "at least " + what);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) out.add(json.text(items.get(i), pointer + "/" + i, form, what));
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

  /** Writes atomically ({@link SnapshotFiles}): a temporary file beside the target, then a rename over it. */
  public void write(Path file) throws IOException {
    try {
      SnapshotFiles.writeAtomically(file, toJson());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
