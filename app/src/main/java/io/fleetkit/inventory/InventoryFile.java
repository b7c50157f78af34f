package io.fleetkit.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes inventory snapshots: pretty-printed JSON, lists sorted, keys in a stable order,
 * written atomically so that a failed run leaves the previous snapshot untouched. Reading keeps its own
 * messages rather than {@link SnapshotJson}'s (a truncated file says it ends early; fields are checked by the
 * records they map to), with the same strictness on bytes: UTF-8 only and each key once.
 */
public final class InventoryFile {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // A key twice would silently keep the last value (a hand edit or a bad merge of the committed snapshot).
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private InventoryFile() {}

  /** Thrown for a snapshot that is missing, too large, truncated, malformed or of another schema version. */
  public static final class SnapshotException extends RuntimeException {
    public SnapshotException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Larger snapshots are refused unread: 10,000 resources take about 2.2 MB (docs/discovery.md, Benchmarks). */
  public static final long MAX_BYTES = 50_000_000;

  /** Reads a snapshot; every way it can be unusable is a {@link SnapshotException} with a one-line message. */
  public static Inventory read(Path path) {
    String text;
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new SnapshotException(path + ": the snapshot is " + size + " bytes, more than " + MAX_BYTES
            + " (50 MB; 10,000 resources take about 2.2 MB): not a snapshot written by `bin/fleetkit discover`", null);
      }
      text = utf8(path.toString(), Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new SnapshotException(path + ": no such snapshot (run `bin/fleetkit discover` to create it)", e);
    } catch (IOException e) {
      throw new SnapshotException(path + ": cannot read the snapshot (" + oneLine(e.getMessage()) + ")", e);
    }
    return parse(path.toString(), text);
  }

  /** Parses snapshot text; {@code name} is used in messages. */
  public static Inventory parse(String name, String text) {
    if (text.isBlank()) {
      throw new SnapshotException(name + ": the snapshot is empty (expected a snapshot written by `bin/fleetkit discover`)", null);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String duplicate = String.valueOf(e.getOriginalMessage());
      if (duplicate.startsWith("Duplicate field '")) {
        throw new SnapshotException(name + ": the key \"" + duplicate.substring(17, duplicate.lastIndexOf('\''))
            + "\" appears twice in one object, at line " + e.getLocation().getLineNr() + " (expected each key once, as"
            + " `bin/fleetkit discover` writes it)", e);
      }
      // Cut off inside a value or between values: Jackson says "end-of-input" (JsonEOFException or not).
      if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
        throw new SnapshotException(name + ": the JSON ends early, at line " + e.getLocation().getLineNr()
            + " (truncated? run `bin/fleetkit discover` again)", e);
      }
      throw new SnapshotException(name + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + " (expected a snapshot written by `bin/fleetkit discover`)", e);
    }
    if (tree == null || !tree.isObject()) {
      throw new SnapshotException(name + ": not a JSON object (expected a snapshot written by `bin/fleetkit discover`)", null);
    }
    JsonNode version = tree.get("schemaVersion");
    if (version == null || !version.isInt()) {
      throw new SnapshotException(name + ": no schemaVersion (expected " + Inventory.SCHEMA_VERSION + ")", null);
    }
    int v = version.intValue();
    if (v > Inventory.SCHEMA_VERSION) {
      throw new SnapshotException(name + ": schemaVersion " + v + " is newer than this fleetkit reads (expected "
          + Inventory.SCHEMA_VERSION + "; use the fleetkit that wrote it, or run `bin/fleetkit discover` with this one)", null);
    }
    if (v != Inventory.SCHEMA_VERSION) {
      throw new SnapshotException(name + ": schemaVersion " + v + " is not supported (expected "
          + Inventory.SCHEMA_VERSION + ", which records provenance and metric evidence; run `bin/fleetkit discover` again"
          + " with this version of fleetkit)", null);
    }
    Inventory inventory;
    try {
      inventory = JSON.treeToValue(tree, Inventory.class);
    } catch (JsonProcessingException e) {
      throw new SnapshotException(name + ": malformed snapshot (" + oneLine(e.getOriginalMessage()) + ")", e);
    }
    List<String> missing = missingProvenance(inventory.provenance());
    if (!missing.isEmpty()) {
      throw new SnapshotException(name + ": malformed snapshot (no " + String.join(", ", missing)
          + " in provenance; expected a snapshot written by `bin/fleetkit discover`)", null);
    }
    String outposts = badOutposts(inventory);
    if (outposts != null) {
      throw new SnapshotException(name + ": malformed snapshot (" + outposts + "; expected a snapshot written by"
          + " `bin/fleetkit discover`)", null);
    }
    return inventory.sorted();
  }

  /** The first Outpost without an ID, with an ID seen before, or with a series the dashboard could not draw, or null. */
  private static String badOutposts(Inventory inventory) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < inventory.outposts().size(); i++) {
      Inventory.Outpost o = inventory.outposts().get(i);
      if (o == null || o.id() == null || o.id().isBlank()) return "outposts[" + i + "] has no id";
      if (ids.contains(o.id())) return "outposts[" + i + "] repeats id " + o.id();
      ids.add(o.id());
      for (int j = 0; j < o.metrics().size(); j++) {
        Inventory.MetricSeries m = o.metrics().get(j);
        boolean blank = m == null || m.namespace() == null || m.namespace().isBlank() || m.metricName() == null
            || m.metricName().isBlank() || m.dimensions().containsValue(null);
        if (blank) return "outposts[" + i + "].metrics[" + j + "] has no namespace, metricName or dimension value";
      }
    }
    return null;
  }

  private static List<String> missingProvenance(Inventory.Provenance p) {
    if (p == null) return List.of("provenance");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("fleetkitVersion", p.fleetkitVersion());
    fields.put("partition", p.partition());
    fields.put("region", p.region());
    fields.put("account", p.account());
    fields.put("tagKey", p.tagKey());
    fields.put("discoveredAt", p.discoveredAt());
    List<String> out = new ArrayList<>();
    fields.forEach((k, val) -> {
      if (val == null || val.isBlank()) out.add(k);
    });
    return out;
  }

  /** The text of a file that must be UTF-8, as discover writes it; anything else is refused with its line. */
  private static String utf8(String name, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length + 1), true);
    if (r.isError()) {
      long line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') line++;
      }
      throw new SnapshotException(name + ": byte " + String.format("0x%02X", bytes[in.position()] & 0xFF) + " at line "
          + line + " is not UTF-8 (expected a snapshot written by `bin/fleetkit discover`)", null);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Jackson's and the JDK's messages can span lines; a config error is one line. */
  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  /** The exact text {@link #write} stores: sorted, keys alphabetical, two-space indent, final newline. */
  public static String toJson(Inventory inventory) {
    try {
      return JSON.writeValueAsString(inventory.sorted()) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes to a temporary file in the same folder, then renames it over {@code path} atomically.
   * On any failure the temporary file is removed and the old snapshot stays as it was.
   */
  public static void write(Path path, Inventory inventory) {
    SnapshotFiles.writeAtomically(path, toJson(inventory));
  }
}
