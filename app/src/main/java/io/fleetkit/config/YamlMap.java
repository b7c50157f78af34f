package io.fleetkit.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, path-aware reads from one YAML mapping (the structure layer). Only keys declared in this
 * mapping's {@link Keys} can be read, so every key a reader reads is in the generated reference.
 * Every key a reader asks for becomes known; {@link #finish()} reports the rest as unknown, with the
 * nearest known key as a suggestion. Wrong types are reported and replaced by the default, so reading
 * goes on and every error surfaces in one run.
 */
public final class YamlMap {
  private final String path;
  private final Mark mark;
  private final Keys keys;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();
  private final Problems problems;

  private YamlMap(String path, Mark mark, Keys keys, Problems problems) {
    this.path = path;
    this.mark = mark;
    this.keys = keys;
    this.problems = problems;
  }

  /** The root mapping of a file, read with the root {@code keys}. */
  static YamlMap root(Node node, Keys keys, Problems problems) {
    YamlMap m = new YamlMap("", node.getStartMark(), keys, problems);
    m.fill((MappingNode) node);
    return m;
  }

  private void fill(MappingNode node) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k) {
        entries.putIfAbsent(k.getValue(), t);
        // Meaning errors point at a scalar or flow value itself, and at the key of a block.
        Node v = t.getValueNode();
        boolean inline = v instanceof ScalarNode || (v instanceof SequenceNode s && s.getFlowStyle().equals(org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW))
            || (v instanceof MappingNode mn && mn.getFlowStyle().equals(org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW));
        problems.locate(childPath(k.getValue()), inline && !YamlSource.isNull(v) ? v.getStartMark() : k.getStartMark());
      } else {
        problems.at(t.getKeyNode().getStartMark(), path, "a key is a " + Scalars.kind(t.getKeyNode())
            + " (expected a plain text key)");
      }
    }
  }

  public String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether the key is set (present and not null). */
  boolean has(Declared<?> key) {
    return has(own(key).name);
  }

  private boolean has(String key) {
    known.add(key);
    NodeTuple t = entries.get(key);
    return t != null && !YamlSource.isNull(t.getValueNode());
  }

  /** A nested mapping; absent or null gives an empty one so defaults apply. */
  YamlMap map(Block block) {
    own(block);
    if (block.isList()) throw new IllegalStateException(block.name + " is a list of mappings; read it with list()");
    String key = block.name;
    YamlMap child = new YamlMap(childPath(key), mark, block.keys, problems);
    Node v = value(key);
    if (v == null) return child;
    if (v instanceof MappingNode m && m.getTag().equals(Tag.MAP)) {
      YamlMap present = new YamlMap(childPath(key), v.getStartMark(), block.keys, problems);
      present.fill(m);
      return present;
    }
    wrongType(key, v, "a mapping of keys to values");
    return child;
  }

  public boolean present() {
    return !entries.isEmpty();
  }

  /** The value, or the key's fixed default when it is absent or of the wrong type. */
  <T> T get(Key<T> key) {
    own(key);
    T fixed = key.defaultValue();
    T v = read(key);
    return v == null ? fixed : v;
  }

  /** The value, or {@code computed}: the default that the declaration describes in words. */
  <T> T get(Key<T> key, T computed) {
    own(key);
    if (!key.isComputed()) throw new IllegalStateException(key.name + " is not declared computed(...)");
    T v = read(key);
    return v == null ? computed : v;
  }

  /** The value, or empty when it is absent (or of the wrong type, which is reported). */
  <T> Optional<T> optional(Key<T> key) {
    own(key);
    if (key.hasFixedDefault()) throw new IllegalStateException(key.name + " has a fixed default; read it with get()");
    return Optional.ofNullable(read(key));
  }

  /**
   * A key declared {@code required(when, expected)}: when {@code applies}, a missing key is reported with
   * the declared expectation. The fixed default stands in for a missing value so that reading goes on.
   */
  <T> T require(Key<T> key, boolean applies) {
    own(key);
    if (applies && !has(key.name)) missing(key);
    return get(key);
  }

  /** Reports the key as missing, with the expectation its declaration gives. */
  void missing(Declared<?> key) {
    own(key);
    problems.at(mark, childPath(key.name), "missing required key \"" + key.name + "\" (expected " + key.missingExpected() + ")");
  }

  /** A list of mappings, each read by {@code reader}. */
  <T> List<T> list(Block block, Function<YamlMap, T> reader) {
    own(block);
    if (!block.isList()) throw new IllegalStateException(block.name + " is a mapping; read it with map()");
    String key = block.name;
    Node v = value(key);
    if (v == null) return List.of();
    if (!(v instanceof SequenceNode seq) || !seq.getTag().equals(Tag.SEQ)) {
      wrongType(key, v, "a list of mappings");
      return List.of();
    }
    List<T> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String itemPath = childPath(key) + "[" + i++ + "]";
      problems.locate(itemPath, item.getStartMark());
      if (item instanceof MappingNode m && m.getTag().equals(Tag.MAP)) {
        YamlMap child = new YamlMap(itemPath, item.getStartMark(), block.keys, problems);
        child.fill(m);
        out.add(reader.apply(child));
        child.finish();
      } else {
        problems.at(item.getStartMark(), itemPath, "wrong type: got " + Scalars.describe(item)
            + " (expected a mapping of keys to values)");
      }
    }
    return List.copyOf(out);
  }

  /** Only keys declared for this mapping can be read: the reference then lists every key that is read. */
  private <D extends Declared<?>> D own(D key) {
    if (key.owner != keys) {
      throw new IllegalStateException("\"" + key.name + "\" is not declared among the keys of "
          + (path.isEmpty() ? "the top level" : path) + "; declare it in the Keys this mapping is read with");
    }
    problems.read(key);
    return key;
  }

  /** The value of a declared key, or null when it is absent or of the wrong type (reported). */
  @SuppressWarnings("unchecked")
  private <T> T read(Key<T> key) {
    String name = key.name;
    Node v = value(name);
    if (v == null) return null;
    Object out = switch (key.kind) {
      case BOOL -> bool(name, v);
      case INT -> integer(key, v);
      case TEXT -> text(childPath(name), v, "text");
      case TEXTS -> strings(name, v);
      case TEXT_MAP -> stringMap(key);
    };
    return (T) out;
  }

  private Boolean bool(String key, Node v) {
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      if (Scalars.matchesTag(s)) return Scalars.bool(s);
      problems.at(v.getStartMark(), childPath(key), Scalars.mismatch(s) + " (expected true or false)");
      return null;
    }
    wrongType(key, v, "true or false");
    return null;
  }

  /** A whole number in YAML 1.1 notation (0x1400 is 5120); one beyond int is out of the key's declared range. */
  private Integer integer(Key<?> key, Node v) {
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      if (!Scalars.matchesTag(s)) {
        problems.at(v.getStartMark(), childPath(key.name), Scalars.mismatch(s) + " (expected a whole number)");
        return null;
      }
      java.math.BigInteger n = Scalars.integer(s.getValue());
      if (n.bitLength() < Integer.SIZE) return n.intValue();
      String shown = n.toString().equals(s.getValue()) ? s.getValue() : s.getValue() + " (" + n + ")";
      problems.at(v.getStartMark(), childPath(key.name), shown + " is out of range (expected " + (key.hasMin() && key.hasMax()
          ? key.min() + " to " + key.max() : "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE) + ")");
      return null;
    }
    wrongType(key.name, v, "a whole number");
    return null;
  }

  private List<String> strings(String key, Node v) {
    if (!(v instanceof SequenceNode seq) || !seq.getTag().equals(Tag.SEQ)) {
      wrongType(key, v, "a list of text values");
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String itemPath = childPath(key) + "[" + i++ + "]";
      problems.locate(itemPath, item.getStartMark());
      String s = text(itemPath, item, "text");
      if (s != null) out.add(s);
    }
    return List.copyOf(out);
  }

  /** A mapping of text keys to text values, such as tags. Order is kept. */
  private Map<String, String> stringMap(Key<?> key) {
    Node v = value(key.name);
    if (!(v instanceof MappingNode node) || !node.getTag().equals(Tag.MAP)) {
      wrongType(key.name, v, "a mapping of keys to values");
      return null;
    }
    YamlMap m = new YamlMap(childPath(key.name), v.getStartMark(), null, problems);
    m.fill(node);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> e : m.entries.entrySet()) {
      String s = text(m.childPath(e.getKey()), e.getValue().getValueNode(), "text");
      if (s != null) out.put(e.getKey(), s);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Reports every key that no read asked for. Call once all reads of this mapping are done. */
  public void finish() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (known.contains(e.getKey())) continue;
      String hint = Suggest.closest(e.getKey(), known)
          .map(s -> "did you mean \"" + s + "\"?")
          .orElse("expected one of: " + String.join(", ", known));
      problems.at(e.getValue().getKeyNode().getStartMark(), childPath(e.getKey()),
          "unknown key \"" + e.getKey() + "\" (" + hint + ")");
    }
  }

  private Node value(String key) {
    known.add(key);
    NodeTuple t = entries.get(key);
    if (t == null) return null;
    if (t.getValueNode() instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && !Scalars.matchesTag(s)) {
      problems.at(s.getStartMark(), childPath(key), Scalars.mismatch(s) + " (expected a value without the tag)");
    }
    return YamlSource.isNull(t.getValueNode()) ? null : t.getValueNode();
  }

  private String text(String at, Node v, String expected) {
    // Numbers and booleans are read as written, so an unquoted account ID keeps its leading zeros.
    if (v instanceof ScalarNode s && Scalars.coreScalarTag(s.getTag()) && !s.getTag().equals(Tag.NULL)) {
      String why = Scalars.matchesTag(s) ? Scalars.notText(s.getValue()) : null;
      if (Scalars.matchesTag(s) && why == null) return s.getValue();
      problems.at(v.getStartMark(), at, why == null ? Scalars.mismatch(s) + " (expected " + expected + " without a tag, or"
          + " with one that fits)" : Checks.quote(s.getValue()) + " " + why);
      return null;
    }
    problems.at(v.getStartMark(), at, "wrong type: got " + Scalars.describe(v) + " (expected " + expected + ")");
    return null;
  }

  private void wrongType(String key, Node v, String expected) {
    problems.at(v.getStartMark(), childPath(key), "wrong type: got " + Scalars.describe(v) + " (expected " + expected + ")");
  }
}
