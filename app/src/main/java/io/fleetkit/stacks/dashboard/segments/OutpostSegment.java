package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.inventory.OutpostMetrics.ACCOUNT;
import static io.fleetkit.inventory.OutpostMetrics.AVAILABLE_COUNT;
import static io.fleetkit.inventory.OutpostMetrics.CONNECTED_STATUS;
import static io.fleetkit.inventory.OutpostMetrics.EBS_AVAILABLE_GB;
import static io.fleetkit.inventory.OutpostMetrics.EBS_USED_GB;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOST_ID;
import static io.fleetkit.inventory.OutpostMetrics.S3_RECORDED;
import static io.fleetkit.inventory.OutpostMetrics.TYPE_AVAILABILITY;
import static io.fleetkit.inventory.OutpostMetrics.TYPE_UTILIZATION;
import static io.fleetkit.inventory.OutpostMetrics.USED_COUNT;
import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Expression;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One block per ACTIVE Outpost, drawn from the series that discovery recorded for it (ListMetrics): each
 * graph uses exactly the namespaces and dimension sets recorded, never assumed ones. A text widget says
 * what the metrics show and what is missing.
 *
 * <p>Outposts rack user guide, "CloudWatch metrics for Outposts racks": UsedInstanceType_Count carries
 * Account, "the account or service using the capacity", and counts instance types "used by managed services
 * such as Amazon RDS or Application Load Balancer", so "EC2 used" sums every recorded Account with metric
 * math (FILL(m, 0) on each term, so a series without a datapoint counts as 0 instead of blanking the sum;
 * CloudWatch User Guide, "Using math expressions with CloudWatch metrics"). Utilization of the whole Outpost
 * is 100 minus InstanceTypeCapacityAvailability, the capacity metric without Account;
 * InstanceTypeCapacityUtilization is per Account and is drawn as such.
 */
public final class OutpostSegment {
  private OutpostSegment() {}

  static List<Block> blocks(Inventory inv, int perWidget, Map<String, List<String>> alarms) {
    List<Block> out = new ArrayList<>();
    for (Outpost o : inv.outposts()) {
      if (!o.active()) continue;
      out.add(block(o, inv, perWidget, alarms.getOrDefault(o.id(), List.of())));
    }
    return out;
  }

  private static Block block(Outpost o, Inventory inv, int perWidget, List<String> alarms) {
    String name = o.name() == null || o.name().isBlank() ? o.id() : o.name();
    String region = inv.region();
    String header = "### Outpost " + md(o.id()) + " · " + md(name) + " · site " + md(o.siteId());

    Graph available = new Graph("EC2 available · " + name, region).size(12, 6).left("Instances");
    for (MetricSeries m : o.series(AVAILABLE_COUNT)) available.add(metric(m, label(m, OUTPOST_ID) + " available"));

    // Per instance type (the dimensions without Account): the used series of every account and service.
    Map<String, List<MetricSeries>> usedByType = group(o.series(USED_COUNT), OUTPOST_ID, ACCOUNT);
    Map<String, MetricSeries> availableByType = new TreeMap<>();
    o.series(AVAILABLE_COUNT).forEach(m -> availableByType.put(label(m, OUTPOST_ID), m));
    Graph used = new Graph("EC2 used, all accounts and services · " + name, region).size(12, 6).left("Instances");
    usedByType.forEach((type, series) -> used.add(sum(series, List.of(), type + " used", type)));
    Graph total = new Graph("EC2 total capacity (available + used) · " + name, region).size(12, 6).left("Instances");
    TreeMap<String, Boolean> types = new TreeMap<>();
    availableByType.keySet().forEach(t -> types.put(t, true));
    usedByType.keySet().forEach(t -> types.put(t, true));
    for (String type : types.keySet()) {
      MetricSeries a = availableByType.get(type);
      total.add(sum(usedByType.getOrDefault(type, List.of()), a == null ? List.of() : List.of(a), type + " total", type));
    }

    Graph utilization = new Graph("Instance type capacity utilization · " + name, region).size(12, 6).left("Percent");
    for (MetricSeries m : o.series(TYPE_AVAILABILITY)) {
      String type = label(m, OUTPOST_ID);
      utilization.add(new Expression("100 - {0}", type + " utilization", List.of(metric(m, type + " available %").hidden())));
    }
    Graph byAccount = new Graph("Capacity utilization by account or service · " + name, region).size(24, 6).left("Percent");
    for (MetricSeries m : o.series(TYPE_UTILIZATION)) {
      byAccount.add(metric(m, (label(m, OUTPOST_ID, ACCOUNT) + " by " + m.dimension(ACCOUNT)).trim()));
    }

    Graph ebs = new Graph("EBS capacity · " + name, region).size(8, 6).left("GB");
    List<MetricSeries> ebsSeries = new ArrayList<>(o.series(EBS_USED_GB));
    ebsSeries.addAll(o.series(EBS_AVAILABLE_GB));
    ebsSeries.sort((x, y) -> label(x, OUTPOST_ID).compareTo(label(y, OUTPOST_ID)));
    for (MetricSeries m : ebsSeries) {
      ebs.add(metric(m, label(m, OUTPOST_ID) + (m.metricName().equals(EBS_USED_GB) ? " used GB" : " available GB")));
    }
    Graph s3 = new Graph("S3 on Outposts capacity · " + name, region).size(8, 6).left("Bytes");
    for (MetricSeries m : o.metrics()) {
      if (S3_RECORDED.contains(m.metricName())) s3.add(metric(m, (m.metricName() + " " + label(m, OUTPOST_ID)).trim()));
    }
    // Average below 1 means the service link is impaired (user guide: most useful statistic Average, 1 minute).
    Graph link = new Graph("Service link ConnectedStatus · " + name, region).size(8, 6).period(60).left("Connected");
    for (MetricSeries m : serviceLink(o, inv.account())) link.add(metric(m, ("ConnectedStatus " + label(m, OUTPOST_ID)).trim()));

    List<Widget> widgets = new ArrayList<>();
    widgets.add(OutpostText.of(o, inv, alarms.size()));
    widgets.addAll(Segments.widgets(perWidget, available, used, total, utilization, byAccount, ebs, s3, link));
    return new Block("outpost/" + o.id(), Segments.header(header), widgets, alarms);
  }

  /** The recorded ConnectedStatus, or the documented one (OutpostId) for an Outpost of this account. */
  static List<MetricSeries> serviceLink(Outpost o, String account) {
    List<MetricSeries> link = o.series(CONNECTED_STATUS);
    if (!link.isEmpty() || (o.ownerAccount() != null && !o.ownerAccount().equals(account))) return link;
    return List.of(new MetricSeries(OUTPOSTS_NAMESPACE, CONNECTED_STATUS, Map.of(OUTPOST_ID, o.id())));
  }

  /** FILL(x, 0) + FILL(y, 0) + ... over the extra series, then the used series: "EC2 used" and "total". */
  private static Expression sum(List<MetricSeries> usedSeries, List<MetricSeries> extra, String label, String type) {
    List<Metric> inputs = new ArrayList<>();
    for (MetricSeries m : extra) inputs.add(metric(m, type + " available").hidden());
    for (MetricSeries m : usedSeries) inputs.add(metric(m, type + " used by " + m.dimension(ACCOUNT)).hidden());
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) terms.add("FILL({" + i + "}, 0)");
    return new Expression(String.join(" + ", terms), label, inputs);
  }

  /** The series grouped by their dimensions without {@code drop}, keyed by those values: "c5.xlarge". */
  static Map<String, List<MetricSeries>> group(List<MetricSeries> series, String... drop) {
    Map<String, List<MetricSeries>> out = new TreeMap<>();
    for (MetricSeries m : series) out.computeIfAbsent(label(m, drop), k -> new ArrayList<>()).add(m);
    return out;
  }

  static String label(MetricSeries m, String... drop) {
    return String.join(" ", m.without(drop).values());
  }

  private static Metric metric(MetricSeries m, String label) {
    List<String> dims = new ArrayList<>();
    m.dimensions().forEach((k, v) -> {
      dims.add(k);
      dims.add(v);
    });
    return Metric.of(m.namespace(), m.metricName(), label, dims.toArray(String[]::new));
  }
}
