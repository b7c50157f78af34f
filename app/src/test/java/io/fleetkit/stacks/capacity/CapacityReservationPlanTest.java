package io.fleetkit.stacks.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.AmiChoice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The capacity_reservation plan in plain Java: no construct, no jsii. */
class CapacityReservationPlanTest {
  static final String YAML = """
      project:
        prefix: fk
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: %s
        instances_needed: 4
        availability_zones: [us-east-1a, us-east-1b, us-east-1c]
        end_date: 2099-06-30
      %s
        asg: {min: 4, max: 6, desired: 5}
        unused_alarm:
          minutes: 30
          topic_arn: arn:aws:sns:us-east-1:111122223333:capacity
      """;

  static FleetkitConfig config(String type, String image) {
    return ConfigLoader.parse("test.yaml", YAML.formatted(type, image));
  }

  @Test
  void reservationsEndAndAlarmComeFromConfig() {
    var plan = CapacityReservationPlan.of(config("m5.large", ""));
    assertEquals(2, plan.perAz());
    assertEquals(6, plan.totalReserved());
    assertEquals(Optional.of("2099-06-30T23:59:59Z"), plan.endDateTime());
    // Six reserved, five desired: one idle on purpose; 30 minutes are six 5-minute periods.
    assertEquals(Optional.of(new CapacityReservationPlan.UnusedAlarm(1, 6,
        Optional.of("arn:aws:sns:us-east-1:111122223333:capacity"))), plan.unusedAlarm());
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64), plan.ami());
  }

  @Test
  void theImageFollowsTheTypesCpuOrTheConfiguredParameterAndRootDevice() {
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.ARM_64),
        CapacityReservationPlan.of(config("m7g.large", "")).ami());
    var own = CapacityReservationPlan.of(config("m5.large", """
          image_ssm_parameter: /fleetkit/images/ubuntu
          image_root_device: /dev/sda1
        """)).ami();
    assertEquals(new AmiChoice(new AmiChoice.SsmParameter("/fleetkit/images/ubuntu"), "/dev/sda1"), own);
  }

  @Test
  void anEndDateThatDoesNotParseNeverBecomesUnlimited() {
    // The reader rejects both values; the plan must not turn them into "unlimited" or a truncated period.
    FleetkitConfig good = config("m5.large", "");
    var c = good.capacityReservation();
    var bad = new CapacityReservationConfig(c.enabled(), c.instanceType(), c.platform(), c.tenancy(),
        c.instancesNeeded(), c.availabilityZones(), c.reservationsPerAz(), c.allowUndersized(), Optional.of("next tuesday"),
        c.ebsOptimized(), c.imageSsmParameter(), c.imageRootDevice(), c.rootVolumeGiB(), c.asg(), true, 7,
        c.alarmTopicArn(), c.network(), c.healthCheckGate());
    var e = assertThrows(ConfigException.class, () -> CapacityReservationPlan.of(new FleetkitConfig(good.project(),
        good.guardrails(), good.dashboard(), good.gpuMonitoring(), good.imagePipelines(), bad, good.spotFleet(),
        good.localZone(), good.spotPlacementScores(), good.queueWorkers(),
        good.rootRestore(), good.credentialGuard(), good.instanceConnect(), good.outpostRouting(),
        good.source())));
    assertEquals(List.of(
        "test.yaml:9:13: capacity_reservation.end_date: \"next tuesday\" is not a date (expected unlimited, a date such"
            + " as 2027-06-30, or an ISO-8601 time such as 2027-06-30T18:00:00Z)",
        "test.yaml:13:14: capacity_reservation.unused_alarm.minutes: 7 minutes is not a whole number of 5-minute metric"
            + " periods (expected 5, 10, 15, ...)"), e.lines());
  }

  static final String DASHBOARD_TOPIC = """
      project:
        prefix: fk
        region: us-east-1
      dashboard:
        enabled: %s
        tag_name: Dashboard
        tag_values: [edge]
        alarms:
          enabled: true
      %s
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 4
        availability_zones: [us-east-1a, us-east-1b, us-east-1c]
        unused_alarm:
          dashboard_topic: true
      %s
      """;

  @Test
  void theAlarmCanNotifyTheDashboardAlarmsTopic() {
    var created = CapacityReservationPlan.of(ConfigLoader.parse("test.yaml", DASHBOARD_TOPIC.formatted("true", "", "")));
    assertEquals(Optional.empty(), created.unusedAlarm().orElseThrow().topicArn());
    assertEquals(Optional.of("fk-alarms"), created.unusedAlarm().orElseThrow().topicName());
    var existing = CapacityReservationPlan.of(ConfigLoader.parse("test.yaml", DASHBOARD_TOPIC.formatted("true",
        "    topic_arn: arn:aws:sns:us-east-1:111122223333:ops", "")));
    assertEquals(Optional.of("arn:aws:sns:us-east-1:111122223333:ops"), existing.unusedAlarm().orElseThrow().topicArn());
    assertEquals(Optional.empty(), existing.unusedAlarm().orElseThrow().topicName());
  }

  @Test
  void theDashboardTopicNeedsDashboardAlarmsAndExcludesTopicArn() {
    var off = assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml",
        DASHBOARD_TOPIC.formatted("false", "", "")));
    assertEquals(List.of("test.yaml:17:22: capacity_reservation.unused_alarm.dashboard_topic: true, but dashboard.alarms is"
        + " not enabled (expected dashboard.enabled and dashboard.alarms.enabled, whose topic the alarm notifies, or"
        + " topic_arn)"), off.lines());
    var both = assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", DASHBOARD_TOPIC.formatted("true", "",
        "    topic_arn: arn:aws:sns:us-east-1:111122223333:capacity")));
    assertEquals(List.of("test.yaml:17:22: capacity_reservation.unused_alarm.dashboard_topic: true with topic_arn"
        + " (expected one of them: the dashboard alarms' topic, or topic_arn)"), both.lines());
  }
}
