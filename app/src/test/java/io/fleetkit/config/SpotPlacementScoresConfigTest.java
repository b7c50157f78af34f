package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The spot_placement_scores section: defaults, and each bad input of issue 12 as one pinned error line. */
class SpotPlacementScoresConfigTest {
  static final String PROJECT = """
      project:
        prefix: fk
        region: us-east-1
      """;
  static final String GOOD = """
      spot_placement_scores:
        enabled: true
        configurations:
          - name: web
            instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
      """;

  static List<String> errors(String section) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + section)).lines();
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", PROJECT).spotPlacementScores().enabled());
  }

  @Test
  void defaultsScoreTheProjectRegionEveryFifteenMinutesForTenInstances() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + GOOD).spotPlacementScores();
    assertEquals(15, c.scheduleMinutes());
    assertEquals("Fleetkit/SpotPlacementScores", c.namespace());
    assertEquals(List.of("us-east-1"), c.regions());
    assertEquals(List.of(10), c.targetCapacities());
    assertEquals("units", c.unit());
    assertFalse(c.trackSpotFleet());
    assertEquals(new SpotPlacementScoresConfig.Alarm(false, 5, 60, Optional.empty()), c.alarm());
    assertEquals(List.of(new SpotPlacementScoresConfig.Configuration("web", List.of(
        new SpotFleetConfig.InstanceTypeOverride("m5.large", Optional.empty()),
        new SpotFleetConfig.InstanceTypeOverride("m5a.large", Optional.empty()),
        new SpotFleetConfig.InstanceTypeOverride("m6i.large", Optional.empty())), Optional.empty(), false)),
        c.configurations());
  }

  @Test
  void requirementsUseTheSpotFleetSchemaAsOneSet() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + """
        spot_placement_scores:
          enabled: true
          configurations:
            - name: arm
              instance_requirements:
                vcpu: {min: 2}
                memory_mib: {min: 4096, max: 8192}
                cpu_manufacturers: [amazon-web-services]
              single_az: true
        """).spotPlacementScores();
    assertEquals(Optional.of(new SpotFleetConfig.Requirements(2, Optional.empty(), 4096, Optional.of(8192),
        List.of("amazon-web-services"), "excluded", List.of(), List.of())), c.configurations().get(0).instanceRequirements());
    assertEquals(true, c.configurations().get(0).singleAz());
  }

  @Test
  void fewerThanThreeInstanceTypes() {
    assertEquals(List.of("test.yaml:8:23: spot_placement_scores.configurations[0].instance_types: 2 instance types"
        + " (expected at least 3 different types: with fewer, EC2 always returns a low score)"),
        errors(GOOD.replace(", {type: m6i.large}", "")));
  }

  @Test
  void moreThanTenConfigurations() {
    StringBuilder many = new StringBuilder("spot_placement_scores:\n  enabled: true\n  configurations:\n");
    for (int i = 0; i < 11; i++) {
      many.append("    - name: c").append(i).append("\n      instance_types: [{type: m5.large}, {type: m5a.large},"
          + " {type: m6i.large}]\n");
    }
    assertEquals(List.of("test.yaml:6:3: spot_placement_scores.configurations: 11 configurations (expected at most 10:"
        + " new request configurations are limited per 24 hours)"), errors(many.toString()));
  }

  @Test
  void aScheduleUnderFiveMinutes() {
    assertEquals(List.of("test.yaml:6:21: spot_placement_scores.schedule_minutes: 4 is out of range (expected 5 to"
        + " 1440)"), errors(GOOD.replace("enabled: true", "enabled: true\n  schedule_minutes: 4\n  alarm: {enabled:"
        + " true, minutes: 30}")));
  }

  @Test
  void anUnknownUnit() {
    assertEquals(List.of("test.yaml:6:9: spot_placement_scores.unit: \"vcpus\" is not allowed (did you mean \"vcpu\"?"
        + " expected one of: units, vcpu, memory-mib)"), errors(GOOD.replace("enabled: true", "enabled: true\n  unit: vcpus")));
  }

  @Test
  void anInstanceTypeThatIsNoInstanceType() {
    // The shared check: the AWS SDK's own list of instance types (Checks.instanceType), with a "did you mean".
    assertEquals(List.of("test.yaml:8:68: spot_placement_scores.configurations[0].instance_types[2].type: \"m6i\" is"
        + " not an EC2 instance type (expected a type that AWS SDK for Java 2.40.2 lists, such as m5.large)"), errors(GOOD.replace("m6i.large", "m6i")));
    assertEquals(List.of("test.yaml:8:68: spot_placement_scores.configurations[0].instance_types[2].type: \"m6i.superlarge\""
        + " is not an EC2 instance type (expected a size of m6i: m6i.12xlarge, m6i.16xlarge, m6i.24xlarge, m6i.2xlarge,"
        + " m6i.32xlarge, m6i.4xlarge, m6i.8xlarge, m6i.large, m6i.metal, m6i.xlarge)"),
        errors(GOOD.replace("m6i.large", "m6i.superlarge")));
  }

  @Test
  void aWeightHasNoMeaningInAScore() {
    assertEquals(List.of("test.yaml:8:87: spot_placement_scores.configurations[0].instance_types[2].weight: a Spot"
        + " placement score has no weights (expected no weight: the score counts instances, vCPUs or memory as unit"
        + " says)"), errors(GOOD.replace("{type: m6i.large}", "{type: m6i.large, weight: 2}")));
  }

  @Test
  void regionsMustBeOfTheProjectPartition() {
    assertEquals(List.of("test.yaml:6:24: spot_placement_scores.regions[1]: \"us-gov-west-1\" is in partition aws-us-gov"
        + " (expected a Region of partition aws, where the collector runs)"),
        errors(GOOD.replace("enabled: true", "enabled: true\n  regions: [us-east-1, us-gov-west-1]")));
  }

  @Test
  void inChinaOnlyTheProjectRegionIsScored() {
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", """
        project:
          prefix: fk
          region: cn-north-1
        """ + GOOD.replace("enabled: true", "enabled: true\n  regions: [cn-north-1, cn-northwest-1]")));
    assertEquals(List.of("test.yaml:6:25: spot_placement_scores.regions[1]: \"cn-northwest-1\" is not cn-north-1"
        + " (expected only project.region: in the China Regions the API scores only the Region it is called in)"),
        e.lines());
  }

  @Test
  void theAlarmPeriodIsWholeCollectorRuns() {
    assertEquals(List.of("test.yaml:6:35: spot_placement_scores.alarm.minutes: 50 is not a multiple of schedule_minutes"
        + " 15 (expected whole collector periods, such as 45)"),
        errors(GOOD.replace("enabled: true", "enabled: true\n  alarm: {enabled: true, minutes: 50}")));
  }

  @Test
  void targetCapacitiesAreWholeNumbersInTheApiRange() {
    assertEquals(List.of("test.yaml:6:27: spot_placement_scores.target_capacities[1]: \"2000000001\" is not a target"
        + " capacity (expected a whole number from 1 to 2000000000)"),
        errors(GOOD.replace("enabled: true", "enabled: true\n  target_capacities: [10, 2000000001]")));
  }

  @Test
  void nothingToScore() {
    assertEquals(List.of("test.yaml:4:1: spot_placement_scores.configurations: no configurations and track_spot_fleet is false"
        + " (expected at least one configuration, or track_spot_fleet: true)"),
        errors("spot_placement_scores:\n  enabled: true\n"));
  }

  @Test
  void aWrongTypeIsOneLineNotAlsoAMissingSelection() {
    assertEquals(List.of("test.yaml:8:30: spot_placement_scores.configurations[0].instance_requirements: wrong type: got"
        + " number \"5\" (expected a mapping of keys to values)"),
        errors("spot_placement_scores:\n  enabled: true\n  configurations:\n    - name: a\n      instance_requirements: 5\n"));
    assertEquals(List.of("test.yaml:7:7: spot_placement_scores.configurations[0]: wrong type: got number \"7\" (expected a"
        + " mapping of keys to values)"), errors("spot_placement_scores:\n  enabled: true\n  configurations:\n    - 7\n"));
    assertEquals(List.of("test.yaml:8:61: spot_placement_scores.configurations[0].instance_types[2]: wrong type: got"
        + " text \"m6i.large\" (expected a mapping of keys to values)"), errors("spot_placement_scores:\n  enabled: true\n"
        + "  configurations:\n    - name: a\n      instance_types: [{type: m5.large}, {type: m5a.large}, m6i.large]\n"));
  }

  @Test
  void theAlarmWaitsForAtLeastTwoRuns() {
    assertEquals(List.of("test.yaml:6:35: spot_placement_scores.alarm.minutes: 15 is one collector period (expected at"
        + " least 2 × schedule_minutes = 30: one late or failed run must not raise the alarm)"),
        errors(GOOD.replace("enabled: true", "enabled: true\n  alarm: {enabled: true, minutes: 15}")));
  }
}
