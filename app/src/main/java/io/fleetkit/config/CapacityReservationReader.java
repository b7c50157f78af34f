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

  static final Keys KEYS = new Keys("Targeted On-Demand Capacity Reservations in each zone, sized so that losing one zone"
      + " still leaves the instances needed, with an Auto Scaling group that uses them and an unused-capacity alarm"
      + " (`bin/fleetkit capacity-plan` prints their cost); design notes: [capacity.md](capacity.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-capacity-reservation`.");
  static final Key<String> INSTANCE_TYPE = KEYS.text("instance_type", "", "Instance type, `family.size` such as `m5.large`;"
      + " the default image follows its CPU (x86_64 or Graviton).")
      .required("when enabled", "an EC2 instance type such as m5.large");
  static final Key<String> PLATFORM = KEYS.text("platform", "Linux/UNIX",
      "Platform of the reservations; other than `Linux/UNIX` needs `image_ssm_parameter`.").oneOf(PLATFORMS);
  static final Key<String> TENANCY = KEYS.text("tenancy", "default", "Tenancy of the reservations.").oneOf(TENANCIES);
  /**
   * One Capacity Reservation holds 1 to 1,000 instances (EC2 API, CreateCapacityReservation InstanceCount "Valid
   * range: 1 - 1000"), and fleetkit makes one per zone.
   */
  static final int MAX_PER_RESERVATION = 1_000;
  static final Key<Integer> INSTANCES_NEEDED = KEYS.integer("instances_needed", 0,
      "N, the instances the workload needs even with one zone lost.")
      .range(1, (long) MAX_PER_RESERVATION * (CapacityReaders.MAX_ZONES - 1))
      .note("at most 1,000 × (zones − 1): one reservation per zone holds at most 1,000 (CreateCapacityReservation)")
      .required("when enabled", "the number of instances the workload needs, 1 or more");
  static final Key<List<String>> ZONES = KEYS.texts("availability_zones", List.of(),
      "Distinct Availability Zones of `project.region`.").items(2, CapacityReaders.MAX_ZONES).required("when enabled");
  static final Key<Integer> PER_AZ = KEYS.integer("reservations_per_az", "Reservations per zone.")
      .computed("`ceil(N / (zones - 1))`").range(1, MAX_PER_RESERVATION)
      .note("at least the default unless `allow_undersized`");
  static final Key<Boolean> ALLOW_UNDERSIZED = KEYS.bool("allow_undersized", false,
      "Accepts a `reservations_per_az` below `ceil(N / (zones - 1))`.");
  static final Key<String> END_DATE = KEYS.text("end_date", "unlimited",
      "`unlimited`, a future date `YYYY-MM-DD` (ends 23:59:59 UTC) or an ISO-8601 time.");
  // T1 and T2 types do not support EBS optimization (DescribeInstanceTypes EbsInfo.EbsOptimizedSupport
  // "unsupported"); current types are EBS-optimized by default. Synth never calls AWS, so this is the default.
  static final Key<Boolean> EBS_OPTIMIZED = KEYS.bool("ebs_optimized", "`EbsOptimized` of the reservations.")
      .computed("`false` for t1 and t2 types, else `true`");
  static final Key<String> IMAGE = KEYS.text("image_ssm_parameter", "SSM parameter holding the AMI ID, such as"
      + " `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`.")
      .computed("latest Amazon Linux 2023 for the type's CPU");
  static final Key<String> ROOT_DEVICE = CapacityReaders.rootDeviceKey(KEYS);
  // gp3 volumes are 1 GiB to 16 TiB (Amazon EBS volume types); Amazon Linux 2023 images need 8 GiB or more.
  static final Key<Integer> ROOT_GIB = KEYS.integer("root_volume_gib", 20, "Encrypted gp3 root volume in GiB.").range(8, 16_384);
  static final CapacityReaders.SizeKeys ASG = new CapacityReaders.SizeKeys(
      KEYS.map("asg", "The Auto Scaling group that launches into the reservations."),
      "N", "the total reserved (at least N and `min`)", "N (kept within `min` and `max`)");
  static final Block ALARM = KEYS.map("unused_alarm", "Alarm when more than the planned idle reserved capacity stays unused"
      + " (an unused reservation is billed at the on-demand rate).");
  static final Key<Boolean> ALARM_ENABLED = ALARM.keys.bool("enabled", true, "Creates the alarm.");
  // AWS/EC2CapacityReservations metrics come every 5 minutes; an alarm evaluates at most 1 day.
  static final Key<Integer> ALARM_MINUTES = ALARM.keys.integer("minutes", 60,
      "How long unused capacity above the planned idle must last.").range(5, 1_440).note("a multiple of 5");
  static final Key<String> ALARM_TOPIC = ALARM.keys.text("topic_arn", "SNS topic ARN the alarm notifies.");
  static final Key<Boolean> ALARM_DASHBOARD_TOPIC = ALARM.keys.bool("dashboard_topic", false,
      "Notifies the topic of `dashboard.alarms` (its `topic_arn`, or the topic fleetkit creates); not with `topic_arn`.");
  static final CapacityReaders.NetworkKeys NETWORK = new CapacityReaders.NetworkKeys(
      KEYS.map("network", "Where the instances run: a VPC fleetkit creates (default), or an existing one."), "10.40.0.0/16");
  static final Block GATE = KEYS.map("health_check_gate", CapacityReaders.GATE);
  static final Block PLAN = KEYS.map("plan", CapacityPlanReader.KEYS);

  private CapacityReservationReader() {}

  static CapacityReservationConfig read(YamlMap m, Problems p) {
    boolean enabled = m.get(ENABLED);
    String type = m.require(INSTANCE_TYPE, enabled);
    String platform = m.get(PLATFORM);
    String tenancy = m.get(TENANCY);
    int needed = m.require(INSTANCES_NEEDED, enabled);
    List<String> zones = m.get(ZONES);
    Optional<Integer> perAz = m.optional(PER_AZ);
    boolean allowUndersized = m.get(ALLOW_UNDERSIZED);
    String end = m.get(END_DATE);
    boolean ebsOptimized = m.get(EBS_OPTIMIZED, !type.matches("t[12]\\..*"));
    Optional<String> image = m.optional(IMAGE);
    String rootDevice = m.get(ROOT_DEVICE);
    int rootGiB = m.get(ROOT_GIB);
    // 64-bit: N near 2^31 must not wrap around into a small or negative reservation (it is an error of its own).
    long zoneCount = Math.max(zones.size(), 2);
    long reserved = perAz.map(Integer::longValue).orElse(Math.max(0, (needed + zoneCount - 2) / (zoneCount - 1))) * zones.size();
    int asgMax = (int) Math.min(Integer.MAX_VALUE, Math.max(reserved, needed));
    GroupSize asg = CapacityReaders.size(m.map(ASG.block), ASG, needed, asgMax, needed);
    YamlMap alarm = m.map(ALARM);
    boolean alarmEnabled = alarm.get(ALARM_ENABLED);
    int alarmMinutes = alarm.get(ALARM_MINUTES);
    Optional<String> topic = alarm.optional(ALARM_TOPIC);
    boolean dashboardTopic = alarm.get(ALARM_DASHBOARD_TOPIC);
    alarm.finish();
    CapacityNetworkConfig network = CapacityReaders.network(m.map(NETWORK.block), NETWORK, p);
    HealthCheckGateConfig gate = CapacityReaders.gate(m.map(GATE));
    CapacityPlanConfig plan = CapacityPlanReader.read(m.map(PLAN));
    m.finish();
    Optional<String> endDate = end.equals("unlimited") ? Optional.empty() : Optional.of(end);
    return new CapacityReservationConfig(enabled, type, platform, tenancy, needed, zones, perAz, allowUndersized,
        endDate, ebsOptimized, image, rootDevice, rootGiB, asg, alarmEnabled, alarmMinutes, topic, network, gate,
        dashboardTopic, plan);
  }

  static void check(CapacityReservationConfig c, Optional<String> region, String partition, DashboardConfig dashboard,
      Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    Checks.instanceType(p, base + ".instance_type", c.instanceType());
    PLATFORM.checkChoice(p, base + ".platform", c.platform());
    TENANCY.checkChoice(p, base + ".tenancy", c.tenancy());
    boolean neededOk = c.instancesNeeded() >= INSTANCES_NEEDED.min();
    if (!neededOk) {
      p.error(base + ".instances_needed", c.instancesNeeded() + " instances (expected at least " + INSTANCES_NEEDED.min() + ")");
    } else {
      neededOk = INSTANCES_NEEDED.check(p, base, c.instancesNeeded());
    }
    CapacityReaders.zones(p, base + ".availability_zones", c.availabilityZones(), ZONES, region,
        "so that losing one zone still leaves reserved capacity");
    if (c.reservationsPerAz().isPresent() && c.availabilityZones().size() >= ZONES.minItems()
        && c.instancesNeeded() >= INSTANCES_NEEDED.min()) {
      int per = c.reservationsPerAz().get();
      int zones = c.availabilityZones().size();
      if (per < PER_AZ.min()) {
        p.error(base + ".reservations_per_az", per + " per zone (expected at least " + PER_AZ.min() + ")");
      } else if (!PER_AZ.check(p, base, per)) {
        // Reported: one reservation holds at most 1,000.
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
    if (neededOk && c.reservationsPerAz().isEmpty() && c.availabilityZones().size() >= ZONES.minItems()
        && c.minimumPerAz() > MAX_PER_RESERVATION) {
      p.error(base + ".instances_needed", c.instancesNeeded() + " instances need " + c.minimumPerAz() + " per zone in "
          + c.availabilityZones().size() + " zones (expected at most " + (long) MAX_PER_RESERVATION * (c.availabilityZones().size() - 1)
          + " = 1000 × (" + c.availabilityZones().size() + " - 1): one Capacity Reservation holds at most 1,000; add zones)");
    }
    ROOT_GIB.check(p, base, c.rootVolumeGiB());
    // The group's defaults follow N: with N out of range, their errors would only repeat it.
    if (neededOk) CapacityReaders.size(p, base + ".asg", c.asg(), ASG);
    if (c.unusedAlarmEnabled()) {
      ALARM_MINUTES.check(p, base + ".unused_alarm", c.unusedAlarmMinutes());
      if (c.unusedAlarmMinutes() % 5 != 0) {
        p.error(base + ".unused_alarm.minutes", c.unusedAlarmMinutes()
            + " is not a multiple of 5 (expected whole 5-minute metric periods)");
      }
      c.alarmTopicArn().ifPresent(a -> Checks.arn(p, base + ".unused_alarm.topic_arn", a, partition, "sns",
          java.util.regex.Pattern.compile("[\\w-]{1,256}"), "an SNS topic ARN (expected arn:<partition>:sns:<region>:<account>:<topic>)"));
      if (c.alarmToDashboardTopic() && c.alarmTopicArn().isPresent()) {
        p.error(base + ".unused_alarm.dashboard_topic", "true with topic_arn (expected one of them: the dashboard alarms'"
            + " topic, or topic_arn)");
      } else if (c.alarmToDashboardTopic() && !(dashboard.enabled() && dashboard.alarms().enabled())) {
        p.error(base + ".unused_alarm.dashboard_topic", "true, but dashboard.alarms is not enabled (expected"
            + " dashboard.enabled and dashboard.alarms.enabled, whose topic the alarm notifies, or topic_arn)");
      }
    }
    CapacityReaders.network(p, base + ".network", c.network(), NETWORK, c.availabilityZones().size());
    CapacityReaders.gate(p, base + ".health_check_gate", c.healthCheckGate());
    CapacityPlanReader.check(c.plan(), PLAN.at(base), p);
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
