package io.fleetkit.stacks.dashboard.alarms;

import static io.fleetkit.inventory.OutpostMetrics.CONNECTED_STATUS;
import static io.fleetkit.inventory.OutpostMetrics.EBS_UTILIZATION;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOST_ID;
import static io.fleetkit.inventory.OutpostMetrics.S3_FREE_BYTES;
import static io.fleetkit.inventory.OutpostMetrics.S3_TOTAL_BYTES;
import static io.fleetkit.inventory.OutpostMetrics.TYPE_AVAILABILITY;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Outpost;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alarms of one Outpost, from the series discovery recorded for it (so each alarm watches a metric
 * and dimension set that exists), in a fixed order: service link, EC2 capacity per instance type, EBS
 * capacity per volume type, S3 on Outposts capacity. AWS's Outposts monitoring guidance: alarm on
 * ConnectedStatus (Outposts rack user guide, "CloudWatch metrics for Outposts racks": "If the average metric
 * is less than 1 ... initiate an action") and on capacity (S3 user guide, "Managing S3 on Outposts capacity
 * with Amazon CloudWatch metrics": alarm when storage utilization exceeds a threshold).
 */
public final class OutpostAlarms {
  /** ConnectedStatus: 1-minute resolution; the capacity metrics: 5 minutes (same user guide). */
  static final int LINK_PERIOD = 60;
  static final int CAPACITY_PERIOD = 300;

  private OutpostAlarms() {}

  /**
   * @param account the account the snapshot was discovered in: an Outpost it owns publishes ConnectedStatus
   *     here, so its service link is watched even when ListMetrics returned no datapoints in two weeks
   */
  public static List<AlarmSpec> of(Outpost o, String account, String prefix, String dashboardName,
      DashboardConfig.Alarms a) {
    List<AlarmSpec> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    String who = "Outpost " + o.id() + (o.name() == null || o.name().isBlank() ? "" : " (" + o.name() + ")");
    String see = " Dashboard " + dashboardName + ".";

    List<MetricSeries> link = new ArrayList<>(o.series(CONNECTED_STATUS));
    if (link.isEmpty() && (o.ownerAccount() == null || o.ownerAccount().equals(account))) {
      link.add(new MetricSeries(OUTPOSTS_NAMESPACE, CONNECTED_STATUS, Map.of(OUTPOST_ID, o.id())));
    }
    for (MetricSeries m : link) {
      out.add(new AlarmSpec(unique(names, prefix + "-" + o.id() + "-service-link" + suffix(m)),
          who + ": service link ConnectedStatus below 1 for " + a.serviceLinkDatapoints() + " consecutive minute(s), or no"
              + " data (a disconnected Outpost stops publishing, so missing data counts as breaching). Check the site's"
              + " network path to the Region, then AWS Support." + see,
          List.of(m), null, null, "Average", LINK_PERIOD, AlarmSpec.LESS, 1, a.serviceLinkDatapoints(), "breaching"));
    }
    for (MetricSeries m : o.series(TYPE_AVAILABILITY)) {
      String what = label(m);
      out.add(new AlarmSpec(unique(names, prefix + "-" + o.id() + "-ec2-" + what.replace(' ', '-')),
          who + ": EC2 capacity of " + what + " more than " + a.ec2UtilizationPercent() + "% used (InstanceType"
              + "CapacityAvailability below " + (100 - a.ec2UtilizationPercent()) + "%) for " + a.capacityDatapoints()
              + " consecutive 5-minute period(s), all accounts and services together." + see,
          List.of(m), null, null, "Average", CAPACITY_PERIOD, AlarmSpec.LESS, 100 - a.ec2UtilizationPercent(),
          a.capacityDatapoints(), "notBreaching"));
    }
    for (MetricSeries m : o.series(EBS_UTILIZATION)) {
      String what = label(m);
      out.add(new AlarmSpec(unique(names, prefix + "-" + o.id() + "-ebs-" + what.replace(' ', '-')),
          who + ": EBS " + what + " capacity more than " + a.ebsUtilizationPercent() + "% used (EBSVolumeType"
              + "CapacityUtilization) for " + a.capacityDatapoints() + " consecutive 5-minute period(s)." + see,
          List.of(m), null, null, "Average", CAPACITY_PERIOD, AlarmSpec.GREATER, a.ebsUtilizationPercent(),
          a.capacityDatapoints(), "notBreaching"));
    }
    for (MetricSeries total : o.series(S3_TOTAL_BYTES)) {
      for (MetricSeries free : o.series(S3_FREE_BYTES)) {
        if (!free.namespace().equals(total.namespace()) || !free.dimensions().equals(total.dimensions())) continue;
        out.add(new AlarmSpec(unique(names, prefix + "-" + o.id() + "-s3" + suffix(total)),
            who + ": S3 on Outposts capacity more than " + a.s3UtilizationPercent() + "% used (100 x (OutpostTotalBytes -"
                + " OutpostFreeBytes) / OutpostTotalBytes, namespace " + total.namespace() + ") for "
                + a.capacityDatapoints() + " consecutive 5-minute period(s)." + see,
            List.of(total, free), "100 * ({0} - {1}) / {0}", "S3 on Outposts used %", "Average", CAPACITY_PERIOD,
            AlarmSpec.GREATER, a.s3UtilizationPercent(), a.capacityDatapoints(), "notBreaching"));
      }
    }
    return out;
  }

  /** The dimension values other than OutpostId, such as "m5.xlarge" or "gp3". */
  static String label(MetricSeries m) {
    TreeMap<String, String> rest = new TreeMap<>(m.without(OUTPOST_ID));
    return rest.isEmpty() ? m.metricName() : String.join(" ", rest.values());
  }

  private static String suffix(MetricSeries m) {
    return m.without(OUTPOST_ID).isEmpty() ? "" : "-" + label(m).replace(' ', '-');
  }

  /** Names are the alarms' identity; two series that would share one get -2, -3, ... in recorded order. */
  private static String unique(Set<String> names, String name) {
    String n = name;
    for (int i = 2; !names.add(n); i++) n = name + "-" + i;
    return n;
  }
}
