package io.fleetkit.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * ODCRs across Availability Zones (AWS blog "Reserving EC2 Capacity across Availability Zones by
 * utilizing On Demand Capacity Reservations"): enough reserved capacity per zone that losing any one
 * zone still leaves {@code instancesNeeded} reserved.
 *
 * @param platform an AWS::EC2::CapacityReservation InstancePlatform, such as Linux/UNIX
 * @param tenancy default or dedicated
 * @param instancesNeeded N, the instances the workload needs
 * @param reservationsPerAz the configured override; empty means {@link #minimumPerAz()}
 * @param endDate empty means unlimited; otherwise an ISO-8601 instant
 * @param imageSsmParameter an SSM parameter holding the AMI ID; empty means the latest Amazon Linux 2023
 * @param imageRootDevice the image's root device name, which the encrypted root volume mapping uses
 * @param unusedAlarmMinutes how long reserved capacity beyond the planned idle may stay unused
 * @param alarmTopicArn an SNS topic the alarm notifies, if any
 * @param alarmToDashboardTopic the alarm notifies the topic of dashboard.alarms instead
 * @param plan what {@code bin/fleetkit capacity-plan --compare} compares
 */
public record CapacityReservationConfig(
    boolean enabled,
    String instanceType,
    String platform,
    String tenancy,
    int instancesNeeded,
    List<String> availabilityZones,
    Optional<Integer> reservationsPerAz,
    boolean allowUndersized,
    Optional<String> endDate,
    boolean ebsOptimized,
    Optional<String> imageSsmParameter,
    String imageRootDevice,
    int rootVolumeGiB,
    GroupSize asg,
    boolean unusedAlarmEnabled,
    int unusedAlarmMinutes,
    Optional<String> alarmTopicArn,
    CapacityNetworkConfig network,
    HealthCheckGateConfig healthCheckGate,
    boolean alarmToDashboardTopic,
    CapacityPlanConfig plan) {

  public CapacityReservationConfig {
    availabilityZones = List.copyOf(availabilityZones);
  }

  /** Without dashboard_topic and plan: the alarm notifies alarmTopicArn, or nobody; the plan's defaults. */
  public CapacityReservationConfig(boolean enabled, String instanceType, String platform, String tenancy,
      int instancesNeeded, List<String> availabilityZones, Optional<Integer> reservationsPerAz, boolean allowUndersized,
      Optional<String> endDate, boolean ebsOptimized, Optional<String> imageSsmParameter, String imageRootDevice,
      int rootVolumeGiB, GroupSize asg, boolean unusedAlarmEnabled, int unusedAlarmMinutes, Optional<String> alarmTopicArn,
      CapacityNetworkConfig network, HealthCheckGateConfig healthCheckGate) {
    this(enabled, instanceType, platform, tenancy, instancesNeeded, availabilityZones, reservationsPerAz, allowUndersized,
        endDate, ebsOptimized, imageSsmParameter, imageRootDevice, rootVolumeGiB, asg, unusedAlarmEnabled,
        unusedAlarmMinutes, alarmTopicArn, network, healthCheckGate, false, CapacityPlanConfig.DEFAULT);
  }

  /** ceil(N / (AZs - 1)): losing any one zone still leaves N reserved. In 64 bits, so no N wraps around. */
  public int minimumPerAz() {
    long zones = availabilityZones.size();
    if (zones < 2) return Math.max(instancesNeeded, 0);
    return saturated(Math.max(0, ((long) instancesNeeded + zones - 2) / (zones - 1)));
  }

  public int perAz() {
    return reservationsPerAz.orElse(minimumPerAz());
  }

  /** Reservations in all zones; config bounds keep it far below 2^31, and it never wraps around. */
  public int totalReserved() {
    return saturated((long) perAz() * availabilityZones.size());
  }

  /** A count that config rejects anyway when it does not fit in an int; never a wrapped, negative one. */
  private static int saturated(long count) {
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  /** The end as an ISO-8601 instant for CloudFormation (EndDate), or empty for unlimited. */
  public Optional<String> endDateTime() {
    return endDate.flatMap(CapacityReservationConfig::parseEndDate).map(Instant::toString);
  }

  /** A date (the reservation ends at 23:59:59 UTC that day) or an ISO-8601 instant. */
  public static Optional<Instant> parseEndDate(String value) {
    try {
      return Optional.of(LocalDate.parse(value).atTime(23, 59, 59).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(value));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
