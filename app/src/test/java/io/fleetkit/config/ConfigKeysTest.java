package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The declarations are the whole truth about the keys: every key a reader reads is declared (a YamlMap
 * reads nothing else), every declared key is read, a declared requirement is enforced, and every declared
 * bound is the one synth checks. Run over config.yaml, examples/*.yaml and a fixture that reaches the rest.
 */
class ConfigKeysTest {
  private static final Path FIXTURE = Path.of("app/src/test/resources/config/every-bound.yaml");

  static List<Path> configs() throws IOException {
    List<Path> out = new ArrayList<>(List.of(Path.of("config.yaml")));
    try (Stream<Path> examples = Files.list(Path.of("examples"))) {
      examples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
    }
    out.add(FIXTURE);
    return out;
  }

  @Test
  void everyDeclaredKeyIsReadWhileLoadingTheShippedConfigs() throws IOException {
    Set<Declared<?>> read = identitySet();
    for (Path file : configs()) {
      Problems problems = new Problems(file.toString());
      ConfigLoader.parse(Files.readString(file, StandardCharsets.UTF_8), problems);
      read.addAll(problems.keysRead());
    }
    List<String> unread = new ArrayList<>();
    declared().forEach((d, path) -> {
      if (!read.contains(d)) unread.add(path);
    });
    assertEquals(List.of(), unread, "declared but never read by a reader (remove the declaration or read it)");
  }

  @Test
  void everyKeyOfTheShippedConfigsIsDeclared() throws IOException {
    for (Path file : configs()) {
      List<String> undeclared = new ArrayList<>();
      for (Entry e : entries(compose(file))) {
        if (e.decl == null) undeclared.add(e.path);
      }
      assertEquals(List.of(), undeclared, file.toString());
    }
  }

  @Test
  void aReaderCannotReadAKeyThatIsNotDeclaredForItsMapping() {
    Problems problems = new Problems("test.yaml");
    YamlMap top = YamlMap.root(YamlSource.parse("project: {prefix: x}\n", problems), ConfigLoader.ROOT, problems);
    var e = assertThrows(IllegalStateException.class, () -> top.get(GpuMonitoringReader.ENABLED));
    assertEquals("\"enabled\" is not declared among the keys of the top level; declare it in the Keys this mapping is read"
        + " with", e.getMessage());
    YamlMap project = top.map(ConfigLoader.PROJECT_SECTION);
    var nested = assertThrows(IllegalStateException.class, () -> project.get(ConfigLoader.SCP_MAX_CHARS));
    assertEquals("\"scp_max_chars\" is not declared among the keys of project; declare it in the Keys this mapping is"
        + " read with", nested.getMessage());
    assertEquals("x", project.get(ConfigLoader.PREFIX));
  }

  @Test
  void theReadingMethodMustMatchTheDeclaredDefault() {
    Problems problems = new Problems("test.yaml");
    YamlMap top = YamlMap.root(YamlSource.parse("project: {prefix: x}\n", problems), ConfigLoader.ROOT, problems);
    YamlMap project = top.map(ConfigLoader.PROJECT_SECTION);
    assertThrows(IllegalStateException.class, () -> project.get(ConfigLoader.REGION), "a computed default is passed in");
    assertThrows(IllegalStateException.class, () -> project.optional(ConfigLoader.PREFIX), "a fixed default is never empty");
    assertThrows(IllegalStateException.class, () -> project.get(ConfigLoader.PREFIX, "other"), "not declared computed");
    assertThrows(IllegalStateException.class, () -> project.missing(ConfigLoader.PREFIX), "not declared required");
  }

  /** Removing a key that its declaration calls required gives an error at that key, in every config that sets it. */
  @Test
  void aDeclaredRequirementIsEnforced() throws IOException {
    int tried = 0;
    for (Path file : configs()) {
      List<Entry> entries = entries(compose(file));
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (e.decl == null || e.decl.requiredWhen() == null || !e.enabled) continue;
        int at = i;
        List<String> errors = errorsAfter(file, entry -> entry.get(at).parent.getValue().remove(entry.get(at).index));
        assertTrue(errors.stream().anyMatch(l -> l.contains(": " + e.path + ": ")),
            file + ": removing required " + e.path + " gave no error at it: " + errors);
        tried++;
      }
    }
    assertTrue(tried >= 20, "only " + tried + " required keys tried");
  }

  /**
   * One step past each declared bound is an error at that key: the bound in the reference is the one synth
   * checks. Every declared bound must be reached by one of the configs (add it to the fixture if not).
   */
  @Test
  void everyDeclaredBoundIsTheOneSynthChecks() throws IOException {
    Set<Declared<?>> reached = identitySet();
    for (Path file : configs()) {
      List<Entry> entries = entries(compose(file));
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (e.decl == null || !e.enabled) continue;
        int at = i;
        Node value = e.value();
        if (e.decl instanceof Key<?> k && k.kind == Key.Kind.INT && value instanceof ScalarNode) {
          if (k.hasMin()) outside(file, e, reached, entry -> setInt(entry.get(at), k.min() - 1));
          if (k.hasMax()) outside(file, e, reached, entry -> setInt(entry.get(at), k.max() + 1));
        }
        // An empty list has no item to copy past the maximum; another config (the fixture) reaches that bound.
        if (value instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
          if (e.decl.hasMinItems()) outside(file, e, reached, entry -> resize(entry.get(at), e.decl.minItems() - 1));
          if (e.decl.hasMaxItems()) outside(file, e, reached, entry -> resize(entry.get(at), e.decl.maxItems() + 1));
        }
      }
    }
    List<String> unreached = new ArrayList<>();
    declared().forEach((d, path) -> {
      if ((d.hasMin() || d.hasMax() || d.hasMinItems() || d.hasMaxItems()) && !reached.contains(d)) unreached.add(path);
    });
    assertEquals(List.of(), unreached, "bounds that no config reaches; set these keys in " + FIXTURE);
  }

  /** Issue 16: a number without both ends is how 2^31 - 1 instances got through. Every whole number has a range. */
  @Test
  void everyWholeNumberHasBothBounds() {
    List<String> open = new ArrayList<>();
    declared().forEach((d, path) -> {
      if (d instanceof Key<?> k && k.kind == Key.Kind.INT && (!k.hasMin() || !k.hasMax())) open.add(path);
    });
    assertEquals(List.of(), open, "whole numbers without a declared min and max (cite the AWS quota or API limit)");
  }

  private static void outside(Path file, Entry e, Set<Declared<?>> reached, Consumer<List<Entry>> change) throws IOException {
    List<String> errors = errorsAfter(file, change);
    assertTrue(errors.stream().anyMatch(l -> l.contains(": " + e.path + ": ")),
        file + ": a value past the declared bound of " + e.path + " gave no error at it: " + errors);
    reached.add(e.decl);
  }

  private static List<String> errorsAfter(Path file, Consumer<List<Entry>> change) throws IOException {
    Node root = compose(file);
    change.accept(entries(root));
    java.io.StringWriter out = new java.io.StringWriter();
    new Yaml().serialize(root, out);
    String text = out.toString();
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(file.toString(), text), text).lines();
  }

  private static void setInt(Entry e, long value) {
    NodeTuple t = e.parent.getValue().get(e.index);
    e.parent.getValue().set(e.index, new NodeTuple(t.getKeyNode(),
        new ScalarNode(Tag.INT, String.valueOf(value), null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN)));
  }

  /** Cuts the list to {@code size} items, or repeats copies of its first item up to it. */
  private static void resize(Entry e, int size) {
    List<Node> items = ((SequenceNode) e.value()).getValue();
    if (items.size() > size) {
      items.subList(size, items.size()).clear();
    } else {
      Node first = items.get(0);
      while (items.size() < size) items.add(copy(first));
    }
  }

  /** A deep copy, so that the serializer writes each item out instead of an alias to one node. */
  private static Node copy(Node n) {
    if (n instanceof ScalarNode s) return new ScalarNode(s.getTag(), s.getValue(), null, null, s.getScalarStyle());
    if (n instanceof SequenceNode s) {
      return new SequenceNode(s.getTag(), new ArrayList<>(s.getValue().stream().map(ConfigKeysTest::copy).toList()),
          s.getFlowStyle());
    }
    MappingNode m = (MappingNode) n;
    List<NodeTuple> tuples = new ArrayList<>();
    for (NodeTuple t : m.getValue()) tuples.add(new NodeTuple(copy(t.getKeyNode()), copy(t.getValueNode())));
    return new MappingNode(m.getTag(), tuples, m.getFlowStyle());
  }

  /** A key of a mapping in the YAML tree, with its declaration (null when undeclared) and whether it takes effect. */
  record Entry(String path, Declared<?> decl, MappingNode parent, int index, boolean enabled) {
    Node value() {
      return parent.getValue().get(index).getValueNode();
    }
  }

  private static Node compose(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    return new Yaml(new SafeConstructor(options)).compose(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
  }

  static List<Entry> entries(Node root) {
    List<Entry> out = new ArrayList<>();
    walk((MappingNode) root, ConfigLoader.ROOT, "", true, out);
    return out;
  }

  /**
   * Walks a mapping read with {@code keys}. A mapping takes effect when its parent does and its own
   * {@code enabled} (as written, else as declared; a computed default counts as enabled) is true.
   */
  private static void walk(MappingNode node, Keys keys, String prefix, boolean parentEnabled, List<Entry> out) {
    boolean enabled = parentEnabled && enabled(node, keys);
    List<NodeTuple> tuples = node.getValue();
    for (int i = 0; i < tuples.size(); i++) {
      String name = ((ScalarNode) tuples.get(i).getKeyNode()).getValue();
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      Declared<?> d = keys.entries().stream().filter(x -> x.name.equals(name)).findFirst().orElse(null);
      out.add(new Entry(path, d, node, i, enabled));
      Node v = tuples.get(i).getValueNode();
      if (d instanceof Block b && !b.isList() && v instanceof MappingNode m) walk(m, b.keys, path, enabled, out);
      if (d instanceof Block b && b.isList() && v instanceof SequenceNode s) {
        for (int j = 0; j < s.getValue().size(); j++) {
          if (s.getValue().get(j) instanceof MappingNode m) walk(m, b.keys, path + "[" + j + "]", enabled, out);
        }
      }
    }
  }

  private static boolean enabled(MappingNode node, Keys keys) {
    for (Declared<?> d : keys.entries()) {
      if (!d.name.equals("enabled") || !(d instanceof Key<?> k)) continue;
      for (NodeTuple t : node.getValue()) {
        if (((ScalarNode) t.getKeyNode()).getValue().equals("enabled")) {
          return ((ScalarNode) t.getValueNode()).getValue().equals("true");
        }
      }
      return !k.hasFixedDefault() || Boolean.TRUE.equals(k.defaultValue());
    }
    return true;
  }

  /** Every declaration reachable from the root, with the first path it appears at. */
  static Map<Declared<?>, String> declared() {
    // Declarations compare by identity; a shared block (the gate) is listed at its first path.
    Map<Declared<?>, String> out = new LinkedHashMap<>();
    collect(ConfigLoader.ROOT, "", out);
    return out;
  }

  private static void collect(Keys keys, String prefix, Map<Declared<?>, String> out) {
    for (Declared<?> d : keys.entries()) {
      String path = prefix + d.name;
      out.putIfAbsent(d, path);
      if (d instanceof Block b) collect(b.keys, path + (b.isList() ? "[]." : "."), out);
    }
  }

  private static Set<Declared<?>> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
