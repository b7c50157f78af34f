package io.fleetkit.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetkit.config.Checks;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads a snapshot that fleetkit wrote earlier, and trusts none of it: a size cap before reading, strict UTF-8,
 * strict JSON (no duplicate keys), a nesting depth and string length cap while parsing, then typed reads that name
 * the JSON pointer of anything missing, of the wrong type or out of its bounds. Every problem is one
 * {@link Invalid} whose message names the file, where in it, what was expected, and the command that writes the
 * file again. Every snapshot reader goes through it (zones offerings, instance types, local gateways), for example
 * {@code SnapshotJson.read(file, LIMITS, LocalGateways::regenerate, LocalGateways::parse)}.
 */
public final class SnapshotJson {
  /** How big a snapshot may be: the file's bytes, how deeply objects and arrays nest, the longest string or key. */
  public record Limits(long maxBytes, int maxDepth, int maxString) {}

  /** A snapshot that cannot be used; the message is the one line to show. */
  public static final class Invalid extends IOException {
    public Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A Region name such as us-east-1 or us-gov-west-1. */
  static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
  /** A UTC time as discovery writes it ({@code Instant.toString()}). */
  private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

  private final String name;
  private final String regenerate;
  private final JsonNode root;

  private SnapshotJson(String name, String regenerate, JsonNode root) {
    this.name = name;
    this.regenerate = regenerate;
    this.root = root;
  }

  public JsonNode root() {
    return root;
  }

  /** Reads {@code file}; {@code regenerate} is the command that writes it again, for every message. */
  public static SnapshotJson read(Path file, Limits limits, String regenerate) throws Invalid {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > limits.maxBytes()) {
        throw new Invalid(file + ": the file is " + size + " bytes (expected at most " + limits.maxBytes()
            + "; regenerate it with: " + regenerate + ")", null);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Invalid(file + ": no such file (create it with: " + regenerate + ")", e);
    } catch (Invalid e) {
      throw e;
    } catch (IOException e) {
      throw new Invalid(file + ": cannot read the file (" + e.getMessage() + ")", e);
    }
    return parse(file.toString(), bytes, limits, regenerate);
  }

  /** Parses snapshot bytes; {@code name} stands for the file in messages. */
  public static SnapshotJson parse(String name, byte[] bytes, Limits limits, String regenerate) throws Invalid {
    String hint = "; regenerate it with: " + regenerate + ")";
    if (bytes.length > limits.maxBytes()) {
      throw new Invalid(name + ": the file is " + bytes.length + " bytes (expected at most " + limits.maxBytes() + hint, null);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length + 1), true);
    if (r.isError()) {
      String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
      long line = before.chars().filter(c -> c == '\n').count() + 1;
      int column = before.length() - before.lastIndexOf('\n');
      throw new Invalid(name + ": line " + line + ", column " + column + ": byte " + String.format("0x%02X", bytes[in.position()] & 0xFF)
          + " is not UTF-8 (expected JSON written by fleetkit" + hint, null);
    }
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
            .maxStringLength(limits.maxString()).maxNumberLength(20).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    ObjectMapper json = JsonMapper.builder(factory).build();
    JsonNode tree;
    try {
      tree = json.readTree(bytes);
    } catch (StreamConstraintsException e) {
      String what = e.getMessage().contains("nesting depth") ? "nested deeper than " + limits.maxDepth() + " levels"
          : e.getMessage().contains("String value length") ? "a string longer than " + limits.maxString() + " characters"
          : "a number longer than 20 digits";
      throw new Invalid(name + ": " + where(e.getLocation()) + what + " (expected a snapshot written by fleetkit" + hint, e);
    } catch (JsonProcessingException e) {
      throw new Invalid(name + ": " + where(e.getLocation()) + "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + " (expected a snapshot written by fleetkit" + hint, e);
    } catch (IOException e) {
      throw new Invalid(name + ": cannot read the snapshot (" + e.getMessage() + ")", e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new Invalid(name + ": the file is empty (expected a snapshot written by fleetkit" + hint, null);
    }
    SnapshotJson out = new SnapshotJson(name, regenerate, tree);
    out.object(tree, "");
    return out;
  }

  private static String where(JsonLocation at) {
    return at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
  }

  /** An error at {@code pointer} (a JSON pointer such as /zones/us-east-1-atl-1a/region). */
  public Invalid problem(String pointer, String what, String expected) {
    return new Invalid(name + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + what + " (expected " + expected
        + "; regenerate it with: " + regenerate + ")", null);
  }

  /** How one kind of snapshot turns checked JSON into its record. */
  @FunctionalInterface
  public interface Schema<T> {
    T from(SnapshotJson json) throws Invalid;
  }

  /** Reads {@code file} as {@code schema}; any problem is one {@link SnapshotException} naming the file and where. */
  public static <T> T read(Path file, Limits limits, UnaryOperator<String> regenerate, Schema<T> schema) {
    try {
      return schema.from(read(file, limits, regenerate.apply(file.toString())));
    } catch (Invalid e) {
      throw new SnapshotException(e.getMessage(), e);
    }
  }

  /** Parses snapshot {@code text} as {@code schema}; {@code name} stands for the file in messages. */
  public static <T> T parse(String text, String name, Limits limits, UnaryOperator<String> regenerate, Schema<T> schema) {
    try {
      return schema.from(parse(name, text.getBytes(StandardCharsets.UTF_8), limits, regenerate.apply(name)));
    } catch (Invalid e) {
      throw new SnapshotException(e.getMessage(), e);
    }
  }

  /**
   * Checks the root's {@code /format} and {@code /version} before anything else, so that another snapshot (or a
   * later version of this one) is named as such rather than as unknown fields; returns the root object.
   *
   * @param what the snapshot's name in messages, such as "zones" or "local gateways"
   */
  public JsonNode header(String format, String what, long version) throws Invalid {
    JsonNode root = object(root(), "");
    JsonNode f = required(root, "/format");
    if (!f.isTextual() || !format.equals(f.textValue())) {
      throw problem("/format", f + " is not the " + what + " snapshot's format", "\"" + format + "\"");
    }
    long v = integer(required(root, "/version"), "/version", 0, Integer.MAX_VALUE);
    if (v != version) throw problem("/version", "version " + v + " is not one this fleetkit reads", String.valueOf(version));
    return root;
  }

  /** The node at {@code pointer} of {@code parent}, which must be present and not null. */
  public JsonNode required(JsonNode parent, String pointer) throws Invalid {
    JsonNode n = parent.at(tail(pointer));
    if (n.isMissingNode() || n.isNull()) throw problem(pointer, "missing", "a value there");
    return n;
  }

  /** An object at {@code pointer}, with only the fields in {@code allowed} (none means any). */
  public JsonNode object(JsonNode node, String pointer, String... allowed) throws Invalid {
    if (!node.isObject()) throw problem(pointer, "is " + kind(node), "a JSON object");
    if (allowed.length > 0) {
      List<String> known = List.of(allowed);
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String f = names.next();
        if (!known.contains(f)) throw problem(pointer + "/" + escape(f), "unknown field", "only " + String.join(", ", allowed));
      }
    }
    return node;
  }

  /** Text of at most {@code max} characters matching {@code form}; {@code what} says what it is. */
  public String text(JsonNode node, String pointer, Pattern form, String what) throws Invalid {
    if (!node.isTextual()) throw problem(pointer, "is " + kind(node), what);
    String v = node.textValue();
    if (!form.matcher(v).matches()) throw problem(pointer, "\"" + shorten(v) + "\" is not valid here", what);
    return v;
  }

  /** The Region name at {@code pointer} of {@code parent}. */
  public String region(JsonNode parent, String pointer) throws Invalid {
    return text(required(parent, pointer), pointer, REGION, "a Region name such as us-east-1");
  }

  /** The time at {@code pointer} of {@code parent}, in UTC as discovery records it. */
  public String instant(JsonNode parent, String pointer) throws Invalid {
    return text(required(parent, pointer), pointer, INSTANT, "an ISO-8601 UTC time such as 2026-11-24T09:30:00Z");
  }

  /**
   * The partition at {@code pointer} of {@code parent}: one of the AWS SDK's Region metadata
   * ({@link Checks#PARTITIONS}), as config's project.partition.
   */
  public String partition(JsonNode parent, String pointer) throws Invalid {
    String partitions = String.join(", ", Checks.PARTITIONS);
    String partition = text(required(parent, pointer), pointer, PARTITION, "one of " + partitions);
    if (!Checks.PARTITIONS.contains(partition)) {
      throw problem(pointer, "\"" + partition + "\" is not a partition of the AWS SDK", "one of " + partitions);
    }
    return partition;
  }

  /** A whole number from {@code min} to {@code max}. */
  public long integer(JsonNode node, String pointer, long min, long max) throws Invalid {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) throw problem(pointer, "is " + kind(node), "a whole number");
    long v = node.longValue();
    if (v < min || v > max) throw problem(pointer, v + " is out of range", min == max ? String.valueOf(min) : min + " to " + max);
    return v;
  }

  /** true or false. */
  public boolean bool(JsonNode node, String pointer) throws Invalid {
    if (!node.isBoolean()) throw problem(pointer, "is " + kind(node), "true or false");
    return node.booleanValue();
  }

  /** The items of an array of at most {@code maxItems}. */
  public List<JsonNode> array(JsonNode node, String pointer, int maxItems) throws Invalid {
    if (!node.isArray()) throw problem(pointer, "is " + kind(node), "a JSON array");
    if (node.size() > maxItems) throw problem(pointer, node.size() + " items", "at most " + maxItems);
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  /** The fields of an object of at most {@code maxFields}, in file order. */
  public List<Map.Entry<String, JsonNode>> fields(JsonNode node, String pointer, int maxFields) throws Invalid {
    object(node, pointer);
    if (node.size() > maxFields) throw problem(pointer, node.size() + " entries", "at most " + maxFields);
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    node.fields().forEachRemaining(out::add);
    return out;
  }

  /** A JSON pointer segment: ~ and / escaped (RFC 6901). */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static String tail(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/'));
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "text \"" + shorten(n.textValue()) + "\"";
      case NUMBER -> "the number " + n.asText();
      case BOOLEAN -> n.asText();
      case NULL -> "null";
      default -> "missing";
    };
  }

  private static String shorten(String v) {
    String s = v.length() > 60 ? v.substring(0, 57) + "..." : v;
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) b.append(String.format("\\u%04X", c));
      else b.appendCodePoint(c);
    });
    return b.toString();
  }
}
