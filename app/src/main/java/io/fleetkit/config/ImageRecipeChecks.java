package io.fleetkit.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The meaning checks of one image pipeline of {@code image_pipelines}: names, components, documents and parents. */
final class ImageRecipeChecks {
  /** Lowercase, since Image Builder image ARNs carry the recipe name in lowercase. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  /** Version filters: a wildcard may only be followed by wildcards (Image Builder "Semantic versioning"). */
  private static final Pattern VERSION_FILTER = Pattern.compile("(\\d+\\.\\d+\\.\\d+|\\d+\\.\\d+\\.x|\\d+\\.x\\.x|x\\.x\\.x)");
  /** Each of major, minor and patch is at most 2^30-1 (Image Builder "Semantic versioning"). */
  static final long MAX_VERSION_NODE = (1L << 30) - 1;
  /** Component ARNs, with an optional build number (Image Builder API, ARN pattern). */
  private static final Pattern COMPONENT_ARN = Pattern.compile(
      "arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:(\\d{12}|aws|aws-marketplace):component/[a-z0-9-_]+/([0-9x]+\\.[0-9x]+\\.[0-9x]+)(/\\d+)?");
  static final Pattern PARAMETER = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,1011}");
  private static final List<String> PHASES = List.of("build", "validate", "test");
  /** Image Builder CreateComponent {@code data}: inline YAML of 1 to 16,000 characters. */
  static final int MAX_DOCUMENT = 16_000;
  /** Image Builder CreateComponent {@code description}: 1 to 1,024 characters. */
  static final Checks.TextRule DESCRIPTION = Checks.TextRule.length("a component description", 1, 1_024);
  /** Image Builder AmiDistributionConfiguration {@code name} (AmiNameString): 1-127 characters of this pattern. */
  static final Checks.TextRule AMI_NAME = new Checks.TextRule("an AMI name", 1, 127,
      Pattern.compile("[-_A-Za-z0-9{][-_A-Za-z0-9\\s:{}.]+[-_A-Za-z0-9}]"),
      "1-127 letters, digits, spaces and - _ : . { }, starting and ending with a letter, digit, - or _");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

  private ImageRecipeChecks() {}

  /** The checks of one pipeline, gold or workload, whose keys are {@code keys}. */
  static void pipeline(Problems p, String path, ImagePipelinesConfig.Pipeline pl, ImagePipelinesReader.PipelineKeys keys) {
    if (!NAME.matcher(pl.name()).matches()) {
      p.error(path + ".name", "\"" + pl.name() + "\" is not a valid pipeline name (expected 1-63 lowercase letters, digits"
          + " and hyphens, starting with a letter)");
    }
    if (!pl.amiName().contains(ImagePipelinesConfig.BUILD_DATE)) {
      p.error(path + ".ami_name", "\"" + pl.amiName() + "\" has no " + ImagePipelinesConfig.BUILD_DATE
          + " (expected it in the name, so each build gets a unique AMI name)");
    } else {
      Checks.text(p, path + ".ami_name", pl.amiName(), AMI_NAME);
    }
    pl.ssmParameter().ifPresent(s -> {
      if (!PARAMETER.matcher(s).matches() || s.startsWith("/aws") || s.startsWith("aws")) {
        p.error(path + ".ssm_parameter", "\"" + s + "\" is not a usable SSM parameter name (expected letters, digits and"
            + " _ . - /, not starting with aws)");
      }
    });
    keys.rootVolumeGiB.check(p, path, pl.rootVolumeGiB());
    if (pl.components().isEmpty()) {
      p.error(path + ".components", "no components (expected at least one managed or custom component)");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < pl.components().size(); i++) {
      var comp = pl.components().get(i);
      String cp = path + ".components[" + i + "]";
      if (!seen.add(comp.name())) {
        p.error(cp, "\"" + comp.name() + "\" is listed twice (expected each component once per pipeline)");
      }
      if (comp.kind() == ImagePipelinesConfig.Kind.ARN) {
        var arn = COMPONENT_ARN.matcher(comp.name());
        if (!arn.matches()) {
          p.error(cp + ".arn", "\"" + comp.name() + "\" is not an Image Builder component ARN (expected"
              + " arn:<partition>:imagebuilder:<region>:<account, aws or aws-marketplace>:component/<name>/<version>)");
        } else {
          version(p, cp + ".arn", arn.group(2));
        }
      } else if (comp.managed()) {
        if (!NAME.matcher(comp.name()).matches()) {
          p.error(cp + ".managed", "\"" + comp.name() + "\" is not an AWS-managed component name (expected a name such as update-linux)");
        }
        version(p, cp + ".version", comp.version());
      } else {
        if (!NAME.matcher(comp.name()).matches()) {
          p.error(cp + ".name", "\"" + comp.name() + "\" is not a valid component name (expected 1-63 lowercase letters,"
              + " digits and hyphens, starting with a letter)");
        }
        Checks.text(p, cp + ".description", comp.description(), DESCRIPTION);
        document(p, cp + ".yaml", comp.yaml());
      }
    }
  }

  static boolean version(Problems p, String path, String v) {
    if (!VERSION_FILTER.matcher(v).matches()) {
      p.error(path, "\"" + v + "\" is not a semantic version (expected <major>.<minor>.<patch> with numbers, where x"
          + " wildcards may only be followed by x, such as x.x.x, 1.x.x or 1.0.x)");
      return false;
    }
    for (String node : v.split("\\.")) {
      if (!node.equals("x") && (node.length() > 10 || Long.parseLong(node) > MAX_VERSION_NODE)) {
        p.error(path, "\"" + v + "\" has a node above " + MAX_VERSION_NODE + " (expected each node at most 2^30-1)");
        return false;
      }
    }
    return true;
  }

  /**
   * The component document must parse and name its phases; Image Builder rejects it at deploy time otherwise. It is
   * composed, never constructed, with the config file's bounds, and every tag must fit its value: {@code !!int abc} or
   * {@code !!binary} garbage is one error with its line in the document, not an exception.
   */
  static void document(Problems p, String path, String yaml) {
    if (yaml.isBlank()) {
      p.error(path, "the component document is empty (expected AWSTOE YAML with schemaVersion and phases)");
      return;
    }
    // Image Builder CreateComponent data: 1 to 16,000 characters.
    if (!Checks.text(p, path, yaml, Checks.TextRule.length("an inline component document", 1, MAX_DOCUMENT))) return;
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(YamlSource.MAX_ALIASES);
    options.setNestingDepthLimit(YamlSource.MAX_NESTING);
    options.setCodePointLimit(MAX_DOCUMENT);
    options.setAllowDuplicateKeys(false);
    Node doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      p.error(path, "the component YAML does not parse: " + (e.getProblem() == null ? "" : e.getProblem().strip())
          + (mark == null ? "" : " " + at(mark)) + " (expected valid YAML)");
      return;
    } catch (YAMLException e) {
      p.error(path, "the component YAML does not parse: " + e.getMessage() + " (expected valid YAML)");
      return;
    }
    String bad = badScalar(doc);
    if (bad != null) {
      p.error(path, "the component YAML " + bad);
      return;
    }
    if (!(doc instanceof MappingNode map)) {
      p.error(path, "the component document is not a mapping (expected keys schemaVersion and phases)");
      return;
    }
    if (value(map, "schemaVersion") == null) {
      p.error(path, "the component document has no schemaVersion (expected schemaVersion: 1.0)");
    }
    if (!(value(map, "phases") instanceof SequenceNode list) || list.getValue().isEmpty()) {
      p.error(path, "the component document has no phases (expected a list of phases named build, validate or test,"
          + " each with steps)");
      return;
    }
    for (int i = 0; i < list.getValue().size(); i++) {
      Node phase = list.getValue().get(i);
      Node name = phase instanceof MappingNode m ? value(m, "name") : null;
      String n = name instanceof ScalarNode sn ? sn.getValue() : null;
      if (n == null || !PHASES.contains(n)) {
        p.error(path, "phase " + (i + 1) + (n == null ? " has no name" : " is named \"" + n + "\"")
            + " (expected build, validate or test)");
        continue;
      }
      if (!(value((MappingNode) phase, "steps") instanceof SequenceNode steps) || steps.getValue().isEmpty()) {
        p.error(path, "phase \"" + n + "\" has no steps (expected a list of steps)");
      }
    }
  }

  /** The value of {@code key} in a composed mapping, or null. */
  private static Node value(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return YamlSource.isNull(t.getValueNode()) ? null : t.getValueNode();
    }
    return null;
  }

  /** The first scalar whose tag does not fit its value, or a tag that is not plain YAML, as a message; else null. */
  private static String badScalar(Node root) {
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
    Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) continue;
      if (n instanceof ScalarNode s) {
        boolean binary = s.getTag().equals(Tag.BINARY);
        if (binary ? !BASE64.matcher(s.getValue().replaceAll("\\s", "")).matches() : !Scalars.coreScalarTag(s.getTag())) {
          return at(s.getStartMark()) + ": a value tagged " + Scalars.tagName(s.getTag())
              + (binary ? " is not base64 (expected base64 data)" : " (expected plain YAML without that tag)");
        }
        if (!binary && !Scalars.matchesTag(s)) return at(s.getStartMark()) + ": " + Scalars.mismatch(s) + " (expected a value that fits its tag)";
      } else if (n instanceof MappingNode m) {
        if (!m.getTag().equals(Tag.MAP)) return at(m.getStartMark()) + ": a mapping tagged " + Scalars.tagName(m.getTag()) + " (expected plain YAML)";
        Set<String> keys = new LinkedHashSet<>();
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && !keys.add(k.getValue())) {
            return at(k.getStartMark()) + ": the key \"" + k.getValue() + "\" is there twice (expected each key once)";
          }
          todo.push(t.getValueNode());
          todo.push(t.getKeyNode());
        }
      } else if (n instanceof SequenceNode q) {
        if (!q.getTag().equals(Tag.SEQ)) return at(q.getStartMark()) + ": a list tagged " + Scalars.tagName(q.getTag()) + " (expected plain YAML)";
        for (int i = q.getValue().size() - 1; i >= 0; i--) todo.push(q.getValue().get(i));
      }
    }
    return null;
  }

  private static String at(org.yaml.snakeyaml.error.Mark mark) {
    return mark == null ? "" : "at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + " of the document";
  }

  /** Every workload's parent chain must end at the gold pipeline. */
  static void parents(Problems p, String base, ImagePipelinesConfig c) {
    Map<String, String> parentOf = new LinkedHashMap<>();
    for (var w : c.workloads()) w.parent().ifPresent(par -> parentOf.putIfAbsent(w.name(), par));
    List<String> known = new ArrayList<>();
    known.add(c.gold().name());
    c.workloads().forEach(w -> known.add(w.name()));
    Set<String> reportedCycles = new LinkedHashSet<>();
    for (int i = 0; i < c.workloads().size(); i++) {
      var w = c.workloads().get(i);
      String par = w.parent().orElse("");
      String path = base + ".workloads[" + i + "].parent";
      if (!known.contains(par)) {
        String hint = Suggest.closest(par, known).map(s -> "did you mean \"" + s + "\"? ").orElse("");
        p.error(path, "\"" + par + "\" is not a pipeline of this section (" + hint + "expected the gold pipeline \""
            + c.gold().name() + "\" or a workload: " + String.join(", ", known) + ")");
        continue;
      }
      LinkedHashSet<String> chain = new LinkedHashSet<>();
      chain.add(w.name());
      String at = par;
      while (!at.equals(c.gold().name()) && parentOf.containsKey(at)) {
        if (!chain.add(at)) break;
        at = parentOf.get(at);
      }
      if (chain.contains(at) || at.equals(w.name())) {
        List<String> cycle = new ArrayList<>(chain);
        cycle = cycle.subList(cycle.indexOf(at), cycle.size());
        String key = new java.util.TreeSet<>(cycle).toString();
        if (reportedCycles.add(key)) {
          p.error(path, "workloads " + String.join(" -> ", cycle) + " -> " + at + " form a cycle (expected every"
              + " parent chain to end at the gold pipeline \"" + c.gold().name() + "\")");
        }
      }
    }
  }
}
