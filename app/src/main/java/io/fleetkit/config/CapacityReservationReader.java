package io.fleetkit.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and checks the {@code capacity_reservation} section. */
final class CapacityReservationReader {
  static final String NAME = "capacity_reservation";
  // AWS::EC2::CapacityReservation InstancePlatform values that fleetkit can also price (Price List operatingSystem).
  static final List<String> PLATFORMS = List.of("Linux/UNIX", "Red Hat Enterprise Linux", "SUSE Linux", "Windows");
  // AWS::EC2::CapacityReservation Tenancy.
  static final List<String> TENANCIES = List.of("default", "dedicated");

  private CapacityReservationReader() {}

  static CapacityReservationConfig read(YamlMap m, Problems p) {
    boolean enabled = m.bool("enabled", false);
    String type = enabled ? m.requiredString("instance_type", "an EC2 instance type such as m5.large")
        : m.string("instance_type", "");
    String platform = m.string("platform", "Linux/UNIX");
    String tenancy = m.string("tenancy", "default");
    int needed = enabled && !m.has("instances_needed") ? missing(m, "instances_needed") : m.integer("instances_needed", 0);
    List<String> zones = m.strings("availability_zones", List.of());
    Optional<Integer> perAz = m.has("reservations_per_az")
        ? Optional.of(m.integer("reservations_per_az", 0)) : Optional.empty();
    boolean allowUndersized = m.bool("allow_undersized", false);
    String end = m.string("end_date", "unlimited");
    // T1 and T2 types do not support EBS optimization (DescribeInstanceTypes EbsInfo.EbsOptimizedSupport
    // "unsupported"); current types are EBS-optimized by default. Synth never calls AWS, so this is the default.
    boolean ebsOptimized = m.bool("ebs_optimized", !type.matches("t[12]\\..*"));
    Optional<String> image = m.optionalString("image_ssm_parameter");
    String rootDevice = m.string("image_root_device", Checks.AMAZON_LINUX_ROOT_DEVICE);
    int rootGiB = m.integer("root_volume_gib", 20);
    int zoneCount = Math.max(zones.size(), 2);
    int reserved = perAz.orElse(Math.max(0, (needed + zoneCount - 2) / (zoneCount - 1))) * zones.size();
    GroupSize asg = CapacityReaders.size(m.map("asg"), needed, Math.max(reserved, needed), needed);
    YamlMap alarm = m.map("unused_alarm");
    boolean alarmEnabled = alarm.bool("enabled", true);
    int alarmMinutes = alarm.integer("minutes", 60);
    Optional<String> topic = alarm.optionalString("topic_arn");
    alarm.finish();
    CapacityNetworkConfig network = CapacityReaders.network(m.map("network"), "10.40.0.0/16", p);
    HealthCheckGateConfig gate = CapacityReaders.gate(m.map("health_check_gate"));
    m.finish();
    Optional<String> endDate = end.equals("unlimited") ? Optional.empty() : Optional.of(end);
    return new CapacityReservationConfig(enabled, type, platform, tenancy, needed, zones, perAz, allowUndersized,
        endDate, ebsOptimized, image, rootDevice, rootGiB, asg, alarmEnabled, alarmMinutes, topic, network, gate);
  }

  private static int missing(YamlMap m, String key) {
    m.missing(key, "the number of instances the workload needs, 1 or more");
    return 1;
  }

  static void check(CapacityReservationConfig c, Optional<String> region, String partition, Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    CapacityReaders.instanceType(p, base + ".instance_type", c.instanceType());
    Checks.oneOf(p, base + ".platform", c.platform(), PLATFORMS);
    Checks.oneOf(p, base + ".tenancy", c.tenancy(), TENANCIES);
    if (c.instancesNeeded() < 1) {
      p.error(base + ".instances_needed", c.instancesNeeded() + " instances (expected at least 1)");
    }
    CapacityReaders.zones(p, base + ".availability_zones", c.availabilityZones(), region,
        "so that losing one zone still leaves reserved capacity");
    if (c.reservationsPerAz().isPresent() && c.availabilityZones().size() >= 2 && c.instancesNeeded() >= 1) {
      int per = c.reservationsPerAz().get();
      int zones = c.availabilityZones().size();
      if (per < 1) {
        p.error(base + ".reservations_per_az", per + " per zone (expected at least 1)");
      } else if (per < c.minimumPerAz() && !c.allowUndersized()) {
        p.error(base + ".reservations_per_az", per + " per zone is undersized: losing one of " + zones
            + " zones leaves " + per * (zones - 1) + " of the " + c.instancesNeeded() + " instances needed (expected at least "
            + c.minimumPerAz() + " = ceil(" + c.instancesNeeded() + " / (" + zones + " - 1)), or allow_undersized: true)");
      }
    }
    c.endDate().ifPresent(d -> endDate(p, base + ".end_date", d));
    if (!c.platform().equals("Linux/UNIX") && c.imageSsmParameter().isEmpty()) {
      p.error(base + ".image_ssm_parameter", "no image for platform \"" + c.platform()
          + "\" (expected the SSM parameter of an AMI of that platform; the default image is Amazon Linux 2023)");
    }
    CapacityReaders.imageParameter(p, base + ".image_ssm_parameter", c.imageSsmParameter());
    CapacityReaders.rootDevice(p, base + ".image_root_device", c.imageRootDevice(), c.imageSsmParameter());
    // gp3 volumes are 1 GiB to 16 TiB; Amazon Linux 2023 images need 8 GiB or more.
    Checks.range(p, base + ".root_volume_gib", c.rootVolumeGiB(), 8, 16_384);
    CapacityReaders.size(p, base + ".asg", c.asg());
    if (c.unusedAlarmEnabled()) {
      // The metrics come every 5 minutes; alarms evaluate at most 1 day (288 periods of 5 minutes).
      Checks.range(p, base + ".unused_alarm.minutes", c.unusedAlarmMinutes(), 5, 1_440);
      if (c.unusedAlarmMinutes() % 5 != 0) {
        p.error(base + ".unused_alarm.minutes", c.unusedAlarmMinutes()
            + " is not a multiple of 5 (expected whole 5-minute metric periods)");
      }
      c.alarmTopicArn().ifPresent(a -> Checks.arn(p, base + ".unused_alarm.topic_arn", a, partition, "sns",
          java.util.regex.Pattern.compile("[\\w-]{1,256}"), "an SNS topic ARN (expected arn:<partition>:sns:<region>:<account>:<topic>)"));
    }
    CapacityReaders.network(p, base + ".network", c.network(), c.availabilityZones().size());
    CapacityReaders.gate(p, base + ".health_check_gate", c.healthCheckGate());
  }

  private static void endDate(Problems p, String path, String value) {
    Optional<Instant> at = CapacityReservationConfig.parseEndDate(value);
    if (at.isEmpty()) {
      p.error(path, "\"" + value + "\" is not a date (expected unlimited, a date such as 2027-06-30, or an"
          + " ISO-8601 time such as 2027-06-30T18:00:00Z)");
    } else if (at.get().isBefore(Instant.now())) {
      p.error(path, "\"" + value + "\" is in the past (expected unlimited or a future date)");
    }
  }
}
