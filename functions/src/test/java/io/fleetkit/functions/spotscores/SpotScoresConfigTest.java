package io.fleetkit.functions.spotscores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Configuration;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Requirements;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The collector's input format: what it accepts, how it writes it back, and each refusal's message. */
class SpotScoresConfigTest {
  static final String EXAMPLE = """
      {"namespace": "Fleetkit/SpotPlacementScores",
       "configurations": [
         {"name": "web", "instance_types": ["m5.large", "m5a.large", "m6i.large"],
          "regions": ["us-east-1", "us-west-2"], "target_capacities": [10, 100], "unit": "units",
          "single_az": false},
         {"name": "batch", "instance_requirements": {"architecture_types": ["arm64"],
            "vcpu": {"min": 4, "max": 16}, "memory_mib": {"min": 8192}, "cpu_manufacturers": [],
            "burstable_performance": "excluded", "excluded_types": []},
          "regions": ["eu-west-1"], "target_capacities": [64], "unit": "vcpu", "single_az": true}]}
      """;

  @Test
  void readsTheDocumentedExample() {
    SpotScoresConfig c = SpotScoresConfig.parse(EXAMPLE);
    assertEquals(new SpotScoresConfig("Fleetkit/SpotPlacementScores", List.of(
        new Configuration("web", List.of("m5.large", "m5a.large", "m6i.large"), Optional.empty(),
            List.of("us-east-1", "us-west-2"), List.of(10, 100), CapacityUnit.UNITS, false),
        new Configuration("batch", List.of(), Optional.of(new Requirements(List.of("arm64"), 4, Optional.of(16), 8192,
            Optional.empty(), List.of(), "excluded", List.of(), List.of())), List.of("eu-west-1"), List.of(64), CapacityUnit.VCPU,
            true))), c);
  }

  @Test
  void writesCompactJsonThatReadsBackEqual() {
    SpotScoresConfig c = SpotScoresConfig.parse(EXAMPLE);
    assertEquals("{\"namespace\":\"Fleetkit/SpotPlacementScores\",\"configurations\":["
        + "{\"name\":\"web\",\"instance_types\":[\"m5.large\",\"m5a.large\",\"m6i.large\"],"
        + "\"regions\":[\"us-east-1\",\"us-west-2\"],\"target_capacities\":[10,100],\"unit\":\"units\",\"single_az\":false},"
        + "{\"name\":\"batch\",\"instance_requirements\":{\"architecture_types\":[\"arm64\"],\"vcpu\":{\"min\":4,\"max\":16},"
        + "\"memory_mib\":{\"min\":8192},\"cpu_manufacturers\":[],\"burstable_performance\":\"excluded\",\"excluded_types\":[]},"
        + "\"regions\":[\"eu-west-1\"],\"target_capacities\":[64],\"unit\":\"vcpu\",\"single_az\":true}]}", c.toJson());
    assertEquals(c, SpotScoresConfig.parse(c.toJson()));
  }

  @Test
  void defaultsAreTheApiDefaults() {
    SpotScoresConfig c = SpotScoresConfig.parse("""
        {"namespace": "N", "configurations": [{"name": "a", "instance_requirements": {"vcpu": {"min": 2},
         "memory_mib": {"min": 1024}}, "regions": ["us-east-1"], "target_capacities": [1]}]}""");
    Configuration a = c.configurations().get(0);
    assertEquals(CapacityUnit.UNITS, a.unit());
    assertEquals(false, a.singleAvailabilityZone());
    assertEquals(new Requirements(List.of(), 2, Optional.empty(), 1024, Optional.empty(), List.of(), "excluded",
        List.of(), List.of()), a.instanceRequirements().orElseThrow());
  }

  @Test
  void equalQueriesAreAskedOnceForEveryNameThatSharesThem() {
    SpotScoresConfig c = SpotScoresConfig.parse("""
        {"namespace": "N", "configurations": [
          {"name": "a", "instance_types": ["m5.large", "c5.large", "r5.large"], "regions": ["us-west-2", "us-east-1"],
           "target_capacities": [10, 20]},
          {"name": "b", "instance_types": ["r5.large", "m5.large", "c5.large"], "regions": ["us-east-1", "us-west-2"],
           "target_capacities": [20], "unit": "units"},
          {"name": "c", "instance_types": ["r5.large", "m5.large", "c5.large"], "regions": ["us-east-1", "us-west-2"],
           "target_capacities": [20], "unit": "vcpu"}]}""");
    var queries = c.queries();
    assertEquals(3, queries.size());
    assertEquals(List.of("a"), queries.get(0).configurationNames());
    assertEquals(10, queries.get(0).query().targetCapacity());
    assertEquals(List.of("c5.large", "m5.large", "r5.large"), queries.get(0).query().instanceTypes());
    assertEquals(List.of("us-east-1", "us-west-2"), queries.get(0).query().regions());
    assertEquals(List.of("a", "b"), queries.get(1).configurationNames());
    assertEquals(List.of("c"), queries.get(2).configurationNames());
  }

  @Test
  void allowedTypesAreReadWrittenOnlyWhenSetAndNeverWithExcludedTypes() {
    SpotScoresConfig c = SpotScoresConfig.parse("""
        {"namespace": "N", "configurations": [{"name": "a", "instance_requirements": {"vcpu": {"min": 2},
         "memory_mib": {"min": 1024}, "allowed_types": ["m6i.*", "c6i.*"]}, "regions": ["us-east-1"],
         "target_capacities": [1]}]}""");
    assertEquals(List.of("m6i.*", "c6i.*"), c.configurations().get(0).instanceRequirements().orElseThrow().allowedTypes());
    assertEquals(c, SpotScoresConfig.parse(c.toJson()));
    assertEquals(true, c.toJson().contains("\"excluded_types\":[],\"allowed_types\":[\"m6i.*\",\"c6i.*\"]"), c.toJson());
    var e = assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("""
        {"namespace": "N", "configurations": [{"name": "a", "instance_requirements": {"vcpu": {"min": 2},
         "memory_mib": {"min": 1024}, "allowed_types": ["m6i.*", "M6I"], "excluded_types": ["t3.*"]},
         "regions": ["us-east-1"], "target_capacities": [1]}]}"""));
    assertEquals(List.of(
        "configurations[0].instance_requirements.allowed_types[1]: \"M6I\" (expected an instance type or pattern such"
            + " as m5.8xlarge, c5*.* or r*)",
        "configurations[0].instance_requirements.allowed_types: both allowed_types and excluded_types are set (expected"
            + " one of them: the API refuses both)"), e.problems());
  }

  @Test
  void requirementsThatDifferOnlyInListOrderAreOneQuery() {
    SpotScoresConfig c = SpotScoresConfig.parse("""
        {"namespace": "N", "configurations": [
          {"name": "a", "instance_requirements": {"vcpu": {"min": 2}, "memory_mib": {"min": 1024},
           "cpu_manufacturers": ["intel", "amd"]}, "regions": ["us-east-1"], "target_capacities": [5]},
          {"name": "b", "instance_requirements": {"vcpu": {"min": 2}, "memory_mib": {"min": 1024},
           "cpu_manufacturers": ["amd", "intel"]}, "regions": ["us-east-1"], "target_capacities": [5]}]}""");
    assertEquals(1, c.queries().size());
    assertEquals(List.of("a", "b"), c.queries().get(0).configurationNames());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() {
    var e = assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("""
        {"namespace": "AWS/EC2", "extra": 1, "configurations": [
          {"name": "web", "instance_types": ["m5.large", "m5.large"], "regions": [], "target_capacities": [0],
           "unit": "instances", "single_az": "yes"},
          {"name": "web", "instance_types": ["m5.large", "c5.large", "r5.large"],
           "instance_requirements": {"vcpu": {"min": 2}, "memory_mib": {"min": 1}},
           "regions": ["us-east-1"], "target_capacities": [5]},
          {"name": "bad name!", "regions": ["US-EAST-1", "eu-west-1", "eu-west-1"], "target_capacities": [1.5, 3000000000]},
          {"name": "abis", "instance_requirements": {"architecture_types": ["sparc"], "vcpu": {"min": 8, "max": 4},
            "cpu_manufacturers": ["via"], "burstable_performance": "sometimes", "excluded_types": ["M5.*"]},
           "regions": ["us-east-1"], "target_capacities": [5]}]}"""));
    assertEquals(List.of(
        "extra: unknown key (expected one of configurations, namespace)",
        "namespace: \"AWS/EC2\" is not a custom CloudWatch namespace (expected 1-255 letters, digits, spaces or"
            + " . _ / # : -, not starting with AWS/)",
        "configurations[0].instance_types: 2 instance types (expected at least 3 different types: fewer always score low)",
        "configurations[0].instance_types: m5.large is listed twice",
        "configurations[0].regions: 0 Regions (expected 1 to 10)",
        "configurations[0].target_capacities[0]: 0 (expected an integer from 1 to 2000000000)",
        "configurations[0].unit: \"instances\" (expected units, vcpu or memory-mib)",
        "configurations[0].single_az: expected true or false, not \"yes\"",
        "configurations[1]: both instance_types and instance_requirements are set (expected exactly one)",
        "configurations[2].name: \"bad name!\" is not a configuration name (expected 1-64 letters, digits, . _ or -,"
            + " starting with a letter or digit)",
        "configurations[2]: no instance_types and no instance_requirements (expected exactly one)",
        "configurations[2].regions[0]: \"US-EAST-1\" (expected a Region code such as us-east-1)",
        "configurations[2].regions: eu-west-1 is listed twice",
        "configurations[2].target_capacities[0]: 1.5 (expected an integer from 1 to 2000000000)",
        "configurations[2].target_capacities[1]: 3000000000 (expected an integer from 1 to 2000000000)",
        "configurations[3].instance_requirements.architecture_types[0]: \"sparc\" (expected one of i386, x86_64, arm64,"
            + " x86_64_mac, arm64_mac)",
        "configurations[3].instance_requirements.vcpu.max: max 4 is less than min 8",
        "configurations[3].instance_requirements.memory_mib: missing (expected {\"min\": N} with an optional max)",
        "configurations[3].instance_requirements.cpu_manufacturers[0]: \"via\" (expected one of intel, amd,"
            + " amazon-web-services, apple)",
        "configurations[3].instance_requirements.burstable_performance: \"sometimes\" (expected one of included,"
            + " excluded, required)",
        "configurations[3].instance_requirements.excluded_types[0]: \"M5.*\" (expected an instance type or pattern such"
            + " as m5.8xlarge, c5*.* or r*)",
        "configurations[1].name: \"web\" is used twice (expected unique names)"), e.problems());
    assertEquals("invalid Spot placement score configuration:\n  " + String.join("\n  ", e.problems()), e.getMessage());
  }

  @Test
  void moreThanTenDistinctQueriesAreRefused() {
    String capacities = String.join(",", IntStream.rangeClosed(1, 11).mapToObj(Integer::toString).toList());
    var e = assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("{\"namespace\": \"N\","
        + " \"configurations\": [{\"name\": \"a\", \"instance_types\": [\"m5.large\", \"c5.large\", \"r5.large\"],"
        + " \"regions\": [\"us-east-1\"], \"target_capacities\": [" + capacities + "]}]}"));
    assertEquals(List.of("configurations: 11 distinct queries (configurations times target capacities; expected at most"
        + " 10: new configurations per 24 hours are limited)"), e.problems());
  }

  @Test
  void moreThanTenRegionsAreRefused() {
    String regions = String.join(",", IntStream.rangeClosed(1, 11).mapToObj(i -> "\"us-east-" + i + "\"").toList());
    var e = assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("{\"namespace\": \"N\","
        + " \"configurations\": [{\"name\": \"a\", \"instance_types\": [\"m5.large\", \"c5.large\", \"r5.large\"],"
        + " \"regions\": [" + regions + "], \"target_capacities\": [1]}]}"));
    assertEquals(List.of("configurations[0].regions: 11 Regions (expected 1 to 10)"), e.problems());
  }

  @Test
  void malformedDocumentsAreRefusedWithoutAStackTrace() {
    assertEquals(List.of("(document): expected a JSON object with namespace and configurations"),
        assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("[]")).problems());
    assertEquals(List.of("(document): expected a JSON object with namespace and configurations"),
        assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("")).problems());
    assertEquals(List.of("namespace: missing", "configurations: missing"),
        assertThrows(SpotScoresConfigException.class, () -> SpotScoresConfig.parse("{}")).problems());
    assertEquals(List.of("configurations: empty (expected at least one configuration)"),
        assertThrows(SpotScoresConfigException.class,
            () -> SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": []}")).problems());
    String duplicate = assertThrows(SpotScoresConfigException.class,
        () -> SpotScoresConfig.parse("{\"namespace\": \"N\", \"namespace\": \"M\"}")).problems().get(0);
    assertEquals("not JSON: Duplicate field 'namespace'", duplicate);
    String trailing = assertThrows(SpotScoresConfigException.class,
        () -> SpotScoresConfig.parse("{\"namespace\": \"N\"} {}")).problems().get(0);
    assertEquals(true, trailing.startsWith("not JSON: Trailing token"), trailing);
    String truncated = assertThrows(SpotScoresConfigException.class,
        () -> SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": [")).problems().get(0);
    assertEquals(true, truncated.startsWith("not JSON: Unexpected end-of-input"), truncated);
  }
}
