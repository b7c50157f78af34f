package io.fleetkit.functions.spotscores;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Configuration;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Requirements;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads, checks and writes {@link SpotScoresConfig} documents; see that class for the format. */
final class SpotScoresConfigParser {
  // GetSpotPlacementScores limits (EC2 API Reference): RegionNames 0-10, InstanceTypes up to 1000,
  // TargetCapacity 1-2,000,000,000, ArchitectureTypes up to 3. Fewer than three instance types always
  // score low (EC2 User Guide, "Spot placement score", Limitations), so fewer are refused here.
  static final int MAX_REGIONS = 10;
  static final int MIN_TYPES = 3;
  static final int MAX_TYPES = 1000;
  static final int MAX_TARGET_CAPACITY = 2_000_000_000;
  static final int MAX_ARCHITECTURES = 3;
  // InstanceRequirementsRequest: ExcludedInstanceTypes and AllowedInstanceTypes up to 400 each, never both.
  static final int MAX_EXCLUDED_TYPES = 400;
  static final int MAX_ALLOWED_TYPES = 400;
  /** New configurations per 24 hours are limited; fleetkit asks at most this many distinct queries. */
  static final int MAX_DISTINCT_QUERIES = 10;

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z0-9-]+");
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  static final Pattern EXCLUDED = Pattern.compile("[a-z0-9.*-]{1,30}");
  // PutMetricData Namespace: 1-255 characters, not starting with ":" or "AWS/" (reserved for AWS).
  static final Pattern NAMESPACE = Pattern.compile("(?!AWS/)[A-Za-z0-9._/#-][A-Za-z0-9 ._/#:-]{0,254}");
  static final List<String> ARCHITECTURES = List.of("i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac");
  static final List<String> MANUFACTURERS = List.of("intel", "amd", "amazon-web-services", "apple");
  static final List<String> BURSTABLE = List.of("included", "excluded", "required");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final List<String> problems = new ArrayList<>();

  private SpotScoresConfigParser() {}

  static SpotScoresConfig parse(String json) {
    JsonNode root;
    try {
      root = json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SpotScoresConfigException(List.of("not JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new SpotScoresConfigException(List.of("(document): expected a JSON object with namespace and configurations"));
    }
    SpotScoresConfigParser p = new SpotScoresConfigParser();
    SpotScoresConfig config = p.document(root);
    if (!p.problems.isEmpty()) throw new SpotScoresConfigException(p.problems);
    return config;
  }

  private SpotScoresConfig document(JsonNode root) {
    keys(root, "", List.of("namespace", "configurations"));
    String namespace = string(root, "", "namespace", null);
    if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
      problem("namespace", quote(namespace) + " is not a custom CloudWatch namespace (expected 1-255 letters, digits,"
          + " spaces or . _ / # : -, not starting with AWS/)");
    }
    List<Configuration> configurations = list(root, "", "configurations", true, this::configuration);
    if (root.path("configurations").isArray() && root.get("configurations").isEmpty()) {
      problem("configurations", "empty (expected at least one configuration)");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < configurations.size(); i++) {
      if (!names.add(configurations.get(i).name())) {
        problem("configurations[" + i + "].name", quote(configurations.get(i).name()) + " is used twice (expected unique names)");
      }
    }
    SpotScoresConfig config = new SpotScoresConfig(namespace, configurations);
    if (problems.isEmpty() && config.queries().size() > MAX_DISTINCT_QUERIES) {
      problem("configurations", config.queries().size() + " distinct queries (configurations times target capacities;"
          + " expected at most " + MAX_DISTINCT_QUERIES + ": new configurations per 24 hours are limited)");
    }
    return config;
  }

  private Configuration configuration(JsonNode c, String at) {
    keys(c, at, List.of("name", "instance_types", "instance_requirements", "regions", "target_capacities", "unit",
        "single_az"));
    String name = string(c, at, "name", null);
    if (name != null && !NAME.matcher(name).matches()) {
      problem(at + ".name", quote(name) + " is not a configuration name (expected 1-64 letters, digits, . _ or -,"
          + " starting with a letter or digit)");
    }
    List<String> types = list(c, at, "instance_types", false, (n, p) -> pattern(n, p, INSTANCE_TYPE,
        "an instance type such as m5.large"));
    Optional<Requirements> requirements = c.has("instance_requirements")
        ? Optional.ofNullable(requirements(c.get("instance_requirements"), at + ".instance_requirements"))
        : Optional.empty();
    if (c.has("instance_types") && c.has("instance_requirements")) {
      problem(at, "both instance_types and instance_requirements are set (expected exactly one)");
    } else if (!c.has("instance_types") && !c.has("instance_requirements")) {
      problem(at, "no instance_types and no instance_requirements (expected exactly one)");
    } else if (c.path("instance_types").isArray()) {
      int n = c.get("instance_types").size();
      if (n < MIN_TYPES) {
        problem(at + ".instance_types", n + " instance types (expected at least " + MIN_TYPES
            + " different types: fewer always score low)");
      }
      if (n > MAX_TYPES) problem(at + ".instance_types", n + " types (expected at most " + MAX_TYPES + ")");
      distinct(types, at + ".instance_types");
    }
    List<String> regions = list(c, at, "regions", true, (n, p) -> pattern(n, p, REGION, "a Region code such as us-east-1"));
    int regionCount = c.path("regions").size();
    if (c.path("regions").isArray() && (regionCount == 0 || regionCount > MAX_REGIONS)) {
      problem(at + ".regions", regionCount + " Regions (expected 1 to " + MAX_REGIONS + ")");
    }
    distinct(regions, at + ".regions");
    List<Integer> capacities = list(c, at, "target_capacities", true, (n, p) -> integer(n, p, 1, MAX_TARGET_CAPACITY));
    if (c.path("target_capacities").isArray() && c.get("target_capacities").isEmpty()) {
      problem(at + ".target_capacities", "empty (expected at least one)");
    }
    distinct(capacities, at + ".target_capacities");
    String unitName = string(c, at, "unit", CapacityUnit.UNITS.wire());
    Optional<CapacityUnit> unit = unitName == null ? Optional.empty() : CapacityUnit.of(unitName);
    if (unitName != null && unit.isEmpty()) problem(at + ".unit", quote(unitName) + " (expected units, vcpu or memory-mib)");
    boolean singleAz = bool(c, at, "single_az", false);
    return new Configuration(name, types, requirements, regions, capacities, unit.orElse(CapacityUnit.UNITS), singleAz);
  }

  private Requirements requirements(JsonNode r, String at) {
    if (!r.isObject()) {
      problem(at, "expected an object with vcpu and memory_mib");
      return null;
    }
    keys(r, at, List.of("architecture_types", "vcpu", "memory_mib", "cpu_manufacturers", "burstable_performance",
        "excluded_types", "allowed_types"));
    List<String> arch = list(r, at, "architecture_types", false, (n, p) -> oneOf(n, p, ARCHITECTURES));
    int archCount = r.path("architecture_types").size();
    if (archCount > MAX_ARCHITECTURES) problem(at + ".architecture_types", archCount + " (expected at most " + MAX_ARCHITECTURES + ")");
    int[] vcpu = range(r, at, "vcpu");
    int[] mem = range(r, at, "memory_mib");
    List<String> makers = list(r, at, "cpu_manufacturers", false, (n, p) -> oneOf(n, p, MANUFACTURERS));
    String burstable = string(r, at, "burstable_performance", "excluded");
    if (burstable != null && !BURSTABLE.contains(burstable)) {
      problem(at + ".burstable_performance", quote(burstable) + " (expected one of " + String.join(", ", BURSTABLE) + ")");
    }
    List<String> excluded = list(r, at, "excluded_types", false, (n, p) -> pattern(n, p, EXCLUDED,
        "an instance type or pattern such as m5.8xlarge, c5*.* or r*"));
    if (r.path("excluded_types").size() > MAX_EXCLUDED_TYPES) {
      problem(at + ".excluded_types", r.get("excluded_types").size() + " entries (expected at most " + MAX_EXCLUDED_TYPES + ")");
    }
    List<String> allowed = list(r, at, "allowed_types", false, (n, p) -> pattern(n, p, EXCLUDED,
        "an instance type or pattern such as m5.8xlarge, c5*.* or r*"));
    if (r.path("allowed_types").size() > MAX_ALLOWED_TYPES) {
      problem(at + ".allowed_types", r.get("allowed_types").size() + " entries (expected at most " + MAX_ALLOWED_TYPES + ")");
    }
    if (!allowed.isEmpty() && !excluded.isEmpty()) {
      problem(at + ".allowed_types", "both allowed_types and excluded_types are set (expected one of them: the API"
          + " refuses both)");
    }
    return new Requirements(arch, vcpu[0], vcpu[1] < 0 ? Optional.empty() : Optional.of(vcpu[1]), mem[0],
        mem[1] < 0 ? Optional.empty() : Optional.of(mem[1]), makers, burstable, excluded, allowed);
  }

  /** {min, max} with max -1 when absent. */
  private int[] range(JsonNode r, String at, String key) {
    String path = at + "." + key;
    JsonNode n = r.get(key);
    if (n == null || !n.isObject()) {
      problem(path, n == null ? "missing (expected {\"min\": N} with an optional max)" : "expected {\"min\": N} with an optional max");
      return new int[] {1, -1};
    }
    keys(n, path, List.of("min", "max"));
    Integer min = n.has("min") ? integer(n.get("min"), path + ".min", 1, Integer.MAX_VALUE) : null;
    if (!n.has("min")) problem(path + ".min", "missing (expected an integer of at least 1)");
    Integer max = n.has("max") ? integer(n.get("max"), path + ".max", 1, Integer.MAX_VALUE) : null;
    if (min != null && max != null && max < min) problem(path + ".max", "max " + max + " is less than min " + min);
    return new int[] {min == null ? 1 : min, max == null ? -1 : max};
  }

  private interface Element<T> {
    T read(JsonNode node, String path);
  }

  private <T> List<T> list(JsonNode obj, String at, String key, boolean required, Element<T> element) {
    String path = at.isEmpty() ? key : at + "." + key;
    JsonNode n = obj.get(key);
    if (n == null) {
      if (required) problem(path, "missing");
      return List.of();
    }
    if (!n.isArray()) {
      problem(path, "expected a list");
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      T v = element.read(n.get(i), path + "[" + i + "]");
      if (v != null) out.add(v);
    }
    return out;
  }

  private String string(JsonNode obj, String at, String key, String fallback) {
    String path = at.isEmpty() ? key : at + "." + key;
    JsonNode n = obj.get(key);
    if (n == null) {
      if (fallback == null) problem(path, "missing");
      return fallback;
    }
    if (!n.isTextual()) {
      problem(path, "expected a string, not " + n);
      return null;
    }
    return n.asText();
  }

  private boolean bool(JsonNode obj, String at, String key, boolean fallback) {
    JsonNode n = obj.get(key);
    if (n == null) return fallback;
    if (!n.isBoolean()) problem(at + "." + key, "expected true or false, not " + n);
    return n.asBoolean(fallback);
  }

  private Integer integer(JsonNode n, String path, int min, int max) {
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      problem(path, n + " (expected an integer from " + min + " to " + max + ")");
      return null;
    }
    return n.intValue();
  }

  private String pattern(JsonNode n, String path, Pattern p, String expected) {
    if (!n.isTextual() || !p.matcher(n.asText()).matches()) {
      problem(path, n + " (expected " + expected + ")");
      return null;
    }
    return n.asText();
  }

  private String oneOf(JsonNode n, String path, List<String> allowed) {
    if (!n.isTextual() || !allowed.contains(n.asText())) {
      problem(path, n + " (expected one of " + String.join(", ", allowed) + ")");
      return null;
    }
    return n.asText();
  }

  private void keys(JsonNode obj, String at, List<String> known) {
    String expected = String.join(", ", known.stream().sorted().toList());
    obj.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) problem(at.isEmpty() ? k : at + "." + k, "unknown key (expected one of " + expected + ")");
    });
  }

  private <T> void distinct(List<T> values, String path) {
    Set<T> seen = new LinkedHashSet<>();
    for (T v : values) {
      if (!seen.add(v)) problem(path, v + " is listed twice");
    }
  }

  private void problem(String path, String what) {
    problems.add(path + ": " + what);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
