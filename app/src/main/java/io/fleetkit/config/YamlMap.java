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
 * Typed, path-aware reads from one YAML mapping (the structure layer). Every key a section reads
 * becomes known; {@link #finish()} reports the rest as unknown, with the nearest known key as a
 * suggestion. Wrong types are reported and replaced by the default, so reading goes on and every
 * error surfaces in one run.
 */
public final class YamlMap {
  private final String path;
  private final Mark mark;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();
  private final Problems problems;

  private YamlMap(String path, Mark mark, Problems problems) {
    this.path = path;
    this.mark = mark;
    this.problems = problems;
  }

  /** The root mapping of a file. */
  public static YamlMap root(Node node, Problems problems) {
    YamlMap m = new YamlMap("", node.getStartMark(), problems);
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
        problems.at(t.getKeyNode().getStartMark(), path, "a key is a " + kind(t.getKeyNode())
            + " (expected a plain text key)");
      }
    }
  }

  public String path() {
    return path;
  }

  public String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    known.add(key);
    NodeTuple t = entries.get(key);
    return t != null && !YamlSource.isNull(t.getValueNode());
  }

  /** A nested mapping; absent or null gives an empty one so defaults apply. */
  public YamlMap map(String key) {
    known.add(key);
    YamlMap child = new YamlMap(childPath(key), mark, problems);
    Node v = value(key);
    if (v == null) return child;
    if (v instanceof MappingNode m) {
      YamlMap present = new YamlMap(childPath(key), v.getStartMark(), problems);
      present.fill(m);
      return present;
    }
    wrongType(key, v, "a mapping of keys to values");
    return child;
  }

  public boolean present() {
    return !entries.isEmpty();
  }

  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  public Optional<String> optionalString(String key) {
    Node v = value(key);
    if (v == null) return Optional.empty();
    return Optional.ofNullable(text(childPath(key), v, "text"));
  }

  public String requiredString(String key, String expected) {
    if (!has(key)) {
      missing(key, expected);
      return "";
    }
    return string(key, "");
  }

  public boolean bool(String key, boolean defaultValue) {
    Node v = value(key);
    if (v == null) return defaultValue;
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      return switch (s.getValue().toLowerCase()) {
        case "true", "yes", "on", "y" -> true;
        default -> false;
      };
    }
    wrongType(key, v, "true or false");
    return defaultValue;
  }

  public int integer(String key, int defaultValue) {
    Node v = value(key);
    if (v == null) return defaultValue;
    if (v instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      try {
        return Integer.parseInt(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        problems.at(v.getStartMark(), childPath(key), "\"" + s.getValue()
            + "\" is out of range (expected a whole number up to " + Integer.MAX_VALUE + ")");
        return defaultValue;
      }
    }
    wrongType(key, v, "a whole number");
    return defaultValue;
  }

  public double number(String key, double defaultValue) {
    Node v = value(key);
    if (v == null) return defaultValue;
    if (v instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
      return Double.parseDouble(s.getValue().replace("_", ""));
    }
    wrongType(key, v, "a number");
    return defaultValue;
  }

  public List<String> strings(String key, List<String> defaultValue) {
    Node v = value(key);
    if (v == null) return defaultValue;
    if (!(v instanceof SequenceNode seq)) {
      wrongType(key, v, "a list of text values");
      return defaultValue;
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

  /** A list of mappings, each read by {@code reader}. */
  public <T> List<T> list(String key, Function<YamlMap, T> reader) {
    Node v = value(key);
    if (v == null) return List.of();
    if (!(v instanceof SequenceNode seq)) {
      wrongType(key, v, "a list of mappings");
      return List.of();
    }
    List<T> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String itemPath = childPath(key) + "[" + i++ + "]";
      problems.locate(itemPath, item.getStartMark());
      if (item instanceof MappingNode m) {
        YamlMap child = new YamlMap(itemPath, item.getStartMark(), problems);
        child.fill(m);
        out.add(reader.apply(child));
        child.finish();
      } else {
        problems.at(item.getStartMark(), itemPath, "wrong type: got " + describe(item)
            + " (expected a mapping of keys to values)");
      }
    }
    return List.copyOf(out);
  }

  /** A mapping of text keys to text values, such as tags. Order is kept. */
  public Map<String, String> stringMap(String key) {
    YamlMap m = map(key);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> e : m.entries.entrySet()) {
      m.known.add(e.getKey());
      String s = text(m.childPath(e.getKey()), e.getValue().getValueNode(), "text");
      if (s != null) out.put(e.getKey(), s);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Keys of this mapping in file order, all marked known (for maps keyed by user names). */
  public List<String> keys() {
    known.addAll(entries.keySet());
    return List.copyOf(entries.keySet());
  }

  public void missing(String key, String expected) {
    problems.at(mark, childPath(key), "missing required key \"" + key + "\" (expected " + expected + ")");
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
    if (t == null || YamlSource.isNull(t.getValueNode())) return null;
    return t.getValueNode();
  }

  private String text(String at, Node v, String expected) {
    // Numbers and booleans are read as written, so an unquoted account ID keeps its leading zeros.
    if (v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) return s.getValue();
    problems.at(v.getStartMark(), at, "wrong type: got " + describe(v) + " (expected " + expected + ")");
    return null;
  }

  private void wrongType(String key, Node v, String expected) {
    problems.at(v.getStartMark(), childPath(key), "wrong type: got " + describe(v) + " (expected " + expected + ")");
  }

  static String kind(Node n) {
    return switch (n.getNodeId()) {
      case mapping -> "mapping";
      case sequence -> "list";
      default -> "scalar";
    };
  }

  private static String describe(Node n) {
    if (n instanceof ScalarNode s) {
      String what = s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT) ? "number"
          : s.getTag().equals(Tag.BOOL) ? "boolean" : "text";
      return what + " \"" + s.getValue() + "\"";
    }
    return "a " + kind(n);
  }
}
