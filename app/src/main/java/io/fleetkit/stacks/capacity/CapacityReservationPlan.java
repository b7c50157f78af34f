package io.fleetkit.stacks.capacity;

import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.AmiChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <prefix>-capacity-reservation} builds, decided before any construct exists: the image and
 * its root device, the reservations per zone, their end, and the unused-capacity alarm's threshold.
 *
 * @param endDateTime the reservations' end as an ISO-8601 instant, or empty for unlimited
 * @param unusedAlarm empty when capacity_reservation.unused_alarm.enabled is false
 */
public record CapacityReservationPlan(CapacityReservationConfig config, AmiChoice ami, int perAz, int totalReserved,
    Optional<String> endDateTime, Optional<UnusedAlarm> unusedAlarm) {

  /** AWS/EC2CapacityReservations publishes every 5 minutes (EC2 User Guide, Capacity Reservation metrics). */
  public static final int METRIC_PERIOD_MINUTES = 5;

  /**
   * Alarms when more reserved capacity sits unused than the plan leaves idle (reserved minus desired).
   *
   * @param plannedIdle reserved instances the group's desired capacity leaves unused on purpose
   * @param periods 5-minute periods the unused capacity must last (evaluation periods and datapoints)
   * @param topicArn an existing topic the alarm notifies
   * @param topicName the topic fleetkit creates for dashboard.alarms, in this account and Region, when the alarm
   *     notifies it (capacity_reservation.unused_alarm.dashboard_topic)
   */
  public record UnusedAlarm(int plannedIdle, int periods, Optional<String> topicArn, Optional<String> topicName) {
    /** Notifies {@code topicArn}, or nobody. */
    public UnusedAlarm(int plannedIdle, int periods, Optional<String> topicArn) {
      this(plannedIdle, periods, topicArn, Optional.empty());
    }
  }

  public static CapacityReservationPlan of(FleetkitConfig config) {
    CapacityReservationConfig c = config.capacityReservation();
    String base = "capacity_reservation";
    List<ConfigError> errors = new ArrayList<>();
    Optional<String> end = c.endDateTime();
    // An end date that does not parse must never become "unlimited": unused reservations are billed.
    if (c.endDate().isPresent() && end.isEmpty()) {
      errors.add(config.source().error(base + ".end_date", "\"" + c.endDate().get()
          + "\" is not a date (expected unlimited, a date such as 2027-06-30, or an ISO-8601 time such as 2027-06-30T18:00:00Z)"));
    }
    Optional<UnusedAlarm> alarm = Optional.empty();
    if (c.unusedAlarmEnabled()) {
      if (c.unusedAlarmMinutes() <= 0 || c.unusedAlarmMinutes() % METRIC_PERIOD_MINUTES != 0) {
        errors.add(config.source().error(base + ".unused_alarm.minutes", c.unusedAlarmMinutes()
            + " minutes is not a whole number of " + METRIC_PERIOD_MINUTES + "-minute metric periods (expected 5, 10, 15, ...)"));
      } else {
        var dashboardAlarms = config.dashboard().alarms();
        Optional<String> arn = c.alarmToDashboardTopic() ? dashboardAlarms.topicArn() : c.alarmTopicArn();
        Optional<String> created = c.alarmToDashboardTopic() && dashboardAlarms.topicArn().isEmpty()
            ? Optional.of(DashboardConfig.Alarms.topicName(config.project().prefix())) : Optional.empty();
        alarm = Optional.of(new UnusedAlarm(Math.max(0, c.totalReserved() - c.asg().desired()),
            c.unusedAlarmMinutes() / METRIC_PERIOD_MINUTES, arn, created));
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    AmiChoice ami = AmiChoice.of(c.imageSsmParameter(), c.imageRootDevice(), AmiChoice.Cpu.of(c.instanceType()));
    return new CapacityReservationPlan(c, ami, c.perAz(), c.totalReserved(), end, alarm);
  }
}
