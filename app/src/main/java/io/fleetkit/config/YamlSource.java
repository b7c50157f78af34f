package io.fleetkit.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a YAML file into SnakeYAML's node tree with hostile-input bounds. Only the composer runs:
 * no Java object is ever constructed from a tag, and nodes keep their line and column.
 */
public final class YamlSource {
  /** A config file is a few KB; 1 MiB leaves room and stops a huge file early. */
  public static final int MAX_BYTES = 1 << 20;

  /** Caps alias expansion (billion laughs). Hand-written config rarely needs any. */
  public static final int MAX_ALIASES = 50;

  public static final int MAX_NESTING = 50;

  private YamlSource() {}

  /** The root node, or null with the problem reported. */
  public static Node read(Path path, Problems problems) {
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_BYTES) {
        problems.at(null, "", "file is " + Files.size(path) + " bytes (at most " + MAX_BYTES + " bytes)");
        return null;
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      problems.at(null, "", "cannot read the file: " + e.getMessage() + " (expected a readable YAML file)");
      return null;
    }
    String text = utf8(bytes, problems);
    return text == null ? null : parse(text, problems);
  }

  /**
   * The text of a UTF-8 file, or null with the first bytes that are not UTF-8 reported at their line and column:
   * a lenient decode would turn them into U+FFFD and change values silently.
   */
  static String utf8(byte[] bytes, Problems problems) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      String before = new String(bytes, 0, at, StandardCharsets.UTF_8);
      int line = (int) before.chars().filter(c -> c == '\n').count();
      int column = before.length() - (before.lastIndexOf('\n') + 1);
      StringBuilder hex = new StringBuilder();
      for (int i = at; i < at + r.length(); i++) hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
      problems.at(new Mark("", at, line, column, new int[0], 0), "", "byte " + hex + " is not valid UTF-8 (expected a"
          + " UTF-8 text file; save it as UTF-8, for example with iconv -f latin1 -t utf-8)");
      return null;
    }
    out.flip();
    String text = out.toString();
    // A byte order mark is allowed at the start of the file and is not part of the text.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  public static Node parse(String text, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.at(mark, "", describe(e));
      return null;
    } catch (YAMLException e) {
      // The alias cap is reported without a position.
      String m = String.valueOf(e.getMessage());
      problems.at(null, "", m.contains("Number of aliases") ? "too many aliases (at most " + MAX_ALIASES + " alias expansions per file)"
          : m.contains("Nesting Depth") ? "nested too deeply (at most " + MAX_NESTING + " levels)"
          : m.contains("code points") ? "the file is too long (at most " + MAX_BYTES + " characters)"
          : "not valid YAML: " + m);
      return null;
    }
    if (root == null || isNull(root)) {
      problems.at(null, "", "the file is empty (expected a mapping with a \"project\" section)");
      return null;
    }
    if (root.getNodeId() != NodeId.mapping) {
      problems.at(root.getStartMark(), "", "the top level is a " + Scalars.kind(root)
          + " (expected a mapping of section names to settings)");
      return null;
    }
    return checkDuplicates(root, "", problems, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>())) ? root : null;
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    if (problem.contains("Number of aliases")) {
      return "too many aliases (at most " + MAX_ALIASES + " alias expansions per file)";
    }
    if (problem.contains("Nesting Depth")) {
      return "nested too deeply (at most " + MAX_NESTING + " levels)";
    }
    String context = "";
    if (e.getContext() != null) {
      Mark at = e.getContextMark();
      context = e.getContext() + (at == null ? "" : " (started at line " + (at.getLine() + 1) + ", column "
          + (at.getColumn() + 1) + ")") + ": ";
    }
    return "not valid YAML: " + context + problem.strip();
  }

  /** SnakeYAML only rejects duplicates when constructing objects, so the composed tree is checked here. */
  private static boolean checkDuplicates(Node node, String path, Problems problems, java.util.Set<Node> visited) {
    // An aliased node is the same object each time: visit it once, so aliases cannot blow up the walk.
    if (!visited.add(node)) return true;
    boolean ok = true;
    if (node instanceof MappingNode map) {
      Map<String, Mark> seen = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) continue;
        String childPath = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
        Mark first = seen.putIfAbsent(k.getValue(), k.getStartMark());
        if (first != null) {
          problems.at(k.getStartMark(), childPath, "duplicate key \"" + k.getValue()
              + "\" (each key once; first defined at line " + (first.getLine() + 1) + ")");
          ok = false;
        }
        ok &= checkDuplicates(t.getValueNode(), childPath, problems, visited);
      }
    } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode seq) {
      int i = 0;
      for (Node item : seq.getValue()) ok &= checkDuplicates(item, path + "[" + i++ + "]", problems, visited);
    }
    return ok;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL);
  }
}
