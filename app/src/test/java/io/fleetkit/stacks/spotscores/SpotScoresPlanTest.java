package io.fleetkit.stacks.spotscores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.AwsNames;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.functions.spotscores.SpotScoresConfig;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan: the collector's configuration, what synth refuses before any construct, and what the metrics cost. */
class SpotScoresPlanTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = """
      project:
        prefix: fk
        region: us-east-1
      """;

  static SpotScoresPlan plan(String yaml) {
    return SpotScoresPlan.of(ConfigLoader.parse("test.yaml", PROJECT + yaml), new PrintStream(new ByteArrayOutputStream()));
  }

  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> plan(yaml)).lines();
  }

  /** Real x86 types (config checks them against the AWS SDK's list): one per configuration makes each distinct. */
  static final List<String> THIRD_TYPES = List.of("c5.large", "c5a.large", "c5d.large", "c5n.large", "c6a.large", "c6i.large");

  static String section(String extra, int configurations) {
    StringBuilder b = new StringBuilder("spot_placement_scores:\n  enabled: true\n" + extra + "  configurations:\n");
    for (int i = 0; i < configurations; i++) {
      b.append("    - name: c").append(i).append("\n      instance_types: [{type: m5.large}, {type: m5a.large}, {type: ")
          .append(THIRD_TYPES.get(i)).append("}]\n");
    }
    return b.toString();
  }

  @Test
  void theCollectorGetsTheSectionsRegionsCapacitiesAndUnitAndRequirementsTheFleetsArchitecture() {
    SpotScoresPlan p = plan("""
        spot_placement_scores:
          enabled: true
          regions: [us-west-2, us-east-1]
          target_capacities: [16, 64]
          unit: vcpu
          configurations:
            - name: web
              instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
            - name: arm
              instance_requirements: {vcpu: {min: 2, max: 8}, memory_mib: {min: 4096}, cpu_manufacturers: [amazon-web-services]}
              single_az: true
            - name: x86
              instance_requirements: {vcpu: {min: 2}, memory_mib: {min: 4096}}
        """);
    SpotScoresConfig c = p.collector();
    assertEquals("Fleetkit/SpotPlacementScores", c.namespace());
    assertEquals(List.of("web", "arm", "x86"), c.configurations().stream().map(SpotScoresConfig.Configuration::name).toList());
    var web = c.configurations().get(0);
    assertEquals(List.of("m5.large", "m5a.large", "m6i.large"), web.instanceTypes());
    assertEquals(List.of("us-west-2", "us-east-1"), web.regions());
    assertEquals(List.of(16, 64), web.targetCapacities());
    assertEquals(SpotScoresConfig.CapacityUnit.VCPU, web.unit());
    assertEquals(new SpotScoresConfig.Requirements(List.of("arm64"), 2, Optional.of(8), 4096, Optional.empty(),
        List.of("amazon-web-services"), "excluded", List.of(), List.of()), c.configurations().get(1).instanceRequirements().get());
    assertEquals(true, c.configurations().get(1).singleAvailabilityZone());
    assertEquals(List.of("x86_64"), c.configurations().get(2).instanceRequirements().get().architectureTypes());
    // The JSON in the function's environment is what the function's own parser reads back.
    assertEquals(c, SpotScoresConfig.parse(p.collectorJson()));
    assertEquals(6, c.queries().size());
  }

  @Test
  void theTimeoutIsTwoMinutesBelowTheScheduleAndAtMostTen() {
    assertEquals(3, plan(section("  schedule_minutes: 5\n", 1)).timeoutMinutes());
    assertEquals(8, plan(section("  schedule_minutes: 10\n", 1)).timeoutMinutes());
    assertEquals(10, plan(section("", 1)).timeoutMinutes());
  }

  @Test
  void moreThanTenDistinctConfigurationsToScore() {
    assertEquals(List.of("test.yaml:7:3: spot_placement_scores.configurations: 12 distinct configurations to score"
        + " (configurations times target_capacities; expected at most 10: EC2 limits new request configurations per 24"
        + " hours)"), errors(section("  target_capacities: [10, 100]\n", 6)));
  }

  @Test
  void equalConfigurationsCountOnce() {
    // Two names, one question (types and Regions in any order): asked once, published for both names.
    SpotScoresPlan p = plan("""
        spot_placement_scores:
          enabled: true
          target_capacities: [10, 100, 1000, 10000, 100000]
          configurations:
            - name: c0
              instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
            - name: c1
              instance_types: [{type: m6i.large}, {type: m5.large}, {type: m5a.large}]
        """);
    assertEquals(5, p.collector().queries().size());
    assertEquals(List.of("c0", "c1"), p.collector().queries().get(0).configurationNames());
  }

  @Test
  void trackingTheSpotFleetAddsItsTypesWithoutWeights() {
    SpotScoresPlan p = plan(section("  track_spot_fleet: true\n", 1) + """
        spot_fleet:
          enabled: true
          availability_zones: [us-east-1a, us-east-1b]
          instance_types: [{type: m5.large, weight: 1}, {type: m5a.large, weight: 1}, {type: c5.xlarge, weight: 2}]
        """);
    var tracked = p.collector().configurations().get(1);
    assertEquals("fk-spot-fleet", tracked.name());
    assertEquals(List.of("m5.large", "m5a.large", "c5.xlarge"), tracked.instanceTypes());
    assertEquals(false, tracked.singleAvailabilityZone());
  }

  @Test
  void trackingAFleetOfRequirementsKeepsItsAllowedTypes() {
    SpotScoresPlan p = plan(section("  track_spot_fleet: true\n", 1) + """
        spot_fleet:
          enabled: true
          availability_zones: [us-east-1a, us-east-1b]
          instance_requirements:
            - {vcpu: {min: 2}, memory_mib: {min: 4096}, allowed_types: [m6i.*, c6i.*]}
        """);
    var tracked = p.collector().configurations().get(1);
    assertEquals("fk-spot-fleet", tracked.name());
    assertEquals(List.of("m6i.*", "c6i.*"), tracked.instanceRequirements().orElseThrow().allowedTypes());
    assertEquals(List.of(), tracked.instanceRequirements().orElseThrow().excludedTypes());
    assertEquals(p.collector(), SpotScoresConfig.parse(p.collectorJson()));
  }

  @Test
  void theTrackedFleetMustBeScorable() {
    assertEquals(List.of("test.yaml:6:21: spot_placement_scores.track_spot_fleet: spot_fleet is not enabled (expected an"
        + " enabled spot_fleet section to track, or track_spot_fleet: false)"),
        errors(section("  track_spot_fleet: true\n", 1)));
    assertEquals(List.of("test.yaml:6:21: spot_placement_scores.track_spot_fleet: spot_fleet lists 2 instance types"
        + " (expected at least 3 to score: with fewer, EC2 always returns a low score)"),
        errors(section("  track_spot_fleet: true\n", 1) + """
            spot_fleet:
              enabled: true
              availability_zones: [us-east-1a, us-east-1b]
              instance_types: [{type: m5.large}, {type: m5a.large}]
            """));
    assertEquals(List.of("test.yaml:6:21: spot_placement_scores.track_spot_fleet: spot_fleet has 2 sets of"
        + " instance_requirements (expected one: a Spot placement score takes one set)"),
        errors(section("  track_spot_fleet: true\n", 1) + """
            spot_fleet:
              enabled: true
              availability_zones: [us-east-1a, us-east-1b]
              instance_requirements:
                - {vcpu: {min: 2}, memory_mib: {min: 4096}}
                - {vcpu: {min: 4}, memory_mib: {min: 8192}}
            """));
  }

  @Test
  void theConfigurationMustFitLambdasFourKilobytes() {
    // 240 distinct types that the AWS SDK lists (config checks each), 30 to a configuration.
    List<String> known = List.copyOf(AwsNames.get().instanceTypes());
    StringBuilder b = new StringBuilder("spot_placement_scores:\n  enabled: true\n  configurations:\n");
    for (int c = 0; c < 8; c++) {
      b.append("    - name: wide-selection-").append(c).append("\n      instance_types:\n");
      for (int t = 0; t < 30; t++) b.append("        - {type: ").append(known.get(c * 30 + t)).append("}\n");
    }
    List<String> lines = errors(b.toString());
    assertEquals(1, lines.size());
    assertEquals("test.yaml:6:3: spot_placement_scores.configurations: the collector's configuration takes 4678 bytes of"
        + " the function's environment (expected at most 4096, Lambda's limit for all variables together: fewer or"
        + " shorter instance types, names or Regions)", lines.get(0));
  }

  @Test
  void synthPrintsTheCustomMetricsAndTheirMonthlyCost() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SpotScoresPlan.of(ConfigLoader.parse("test.yaml", PROJECT + """
        spot_placement_scores:
          enabled: true
          regions: [us-east-1, us-west-2]
          target_capacities: [10, 100]
          configurations:
            - name: web
              instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
            - name: zonal
              instance_types: [{type: c5.large}, {type: c5a.large}, {type: c6i.large}]
              single_az: true
        """), new PrintStream(out, true, StandardCharsets.UTF_8));
    // web: 2 capacities x 2 Regions = 4 Score; zonal: 4 x up to 6 zones = 24; Outcome 8. 36 x $0.30 = $10.80;
    // 730 h x 4 runs = 2920 requests x $0.01 / 1000 = $0.03.
    assertEquals("fleetkit: fk-spot-scores 4 distinct Spot placement score queries every 15 minutes publish 36 custom"
        + " metrics (4 Score by Region, up to 24 Score by zone, 8 Outcome; refused or failed queries add up to 24 Outcome"
        + " more): about $10.83 per month ($10.80 for metrics at $0.30 per metric-month, $0.03 for 2920 PutMetricData"
        + " requests at $0.01 per 1,000; CloudWatch prices in US East (N. Virginia))\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void alarmsWatchRegionalConfigurationsOnly() {
    SpotScoresPlan p = plan("""
        spot_placement_scores:
          enabled: true
          regions: [us-east-1, us-west-2]
          configurations:
            - name: web
              instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
            - name: zonal
              instance_types: [{type: c5.large}, {type: c5a.large}, {type: c6i.large}]
              single_az: true
          alarm: {enabled: true}
        """);
    assertEquals(List.of(new SpotScoresPlan.AlarmTarget("web", 10, "units", "us-east-1"),
        new SpotScoresPlan.AlarmTarget("web", 10, "units", "us-west-2")), p.alarms());
  }

  @Test
  void theDashboardFollowsTheOutpostsDashboardLimits() throws Exception {
    String config = """
        dashboard:
          limits: {metrics_per_widget: 18, metrics_per_dashboard: 21}
        spot_placement_scores:
          enabled: true
          regions: [us-east-1, us-west-2, eu-west-1]
          configurations:
            - name: web
              instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
            - name: batch
              instance_types: [{type: c5.large}, {type: c5a.large}, {type: c6i.large}]
        """;
    // The overview's SEARCH may return 3 results (Refused, RegionNotEnabled, Error) per configuration, capacity and
    // Region: 18; each configuration's graph 3 Regions. 18 + 3 fill the first dashboard, the rest opens a second.
    List<Dashboard> dashboards = plan(config).dashboards("us-east-1");
    assertEquals(List.of("fk-spot-scores", "fk-spot-scores-2"), dashboards.stream().map(Dashboard::name).toList());
    assertEquals(List.of(21, 3), dashboards.stream().map(Dashboard::metrics).toList());
    assertEquals(List.of("Queries not scored (Refused, RegionNotEnabled, Error)", "web: 10 units"),
        JSON.readTree(dashboards.get(0).body()).get("widgets").findValuesAsText("title"));
    assertEquals(List.of("test.yaml:5:11: dashboard.limits: the graph \"Queries not scored (Refused, RegionNotEnabled,"
        + " Error)\" may show 18 series, more than metrics_per_widget 17 (expected larger dashboard.limits for the Spot"
        + " placement score dashboard)"), errors(config.replace("metrics_per_widget: 18", "metrics_per_widget: 17")));
  }
}
