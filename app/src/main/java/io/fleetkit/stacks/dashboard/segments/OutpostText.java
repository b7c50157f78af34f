package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.inventory.OutpostMetrics.ACCOUNT;
import static io.fleetkit.inventory.OutpostMetrics.AVAILABLE_COUNT;
import static io.fleetkit.inventory.OutpostMetrics.CONNECTED_STATUS;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
import static io.fleetkit.inventory.OutpostMetrics.S3_RECORDED;
import static io.fleetkit.inventory.OutpostMetrics.TYPE_UTILIZATION;
import static io.fleetkit.inventory.OutpostMetrics.USED_COUNT;
import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The text widget of an Outpost's section: who uses its capacity, where S3 on Outposts publishes (or that
 * nothing does), and what is missing, all from the recorded series, so an empty graph never stands
 * unexplained.
 */
final class OutpostText {
  private OutpostText() {}

  static Widget of(Outpost o, Inventory inv, int alarms) {
    List<String> lines = new ArrayList<>();
    String owner = o.ownerAccount() == null || o.ownerAccount().isBlank() ? null : o.ownerAccount();
    boolean anyOutposts = o.metrics().stream().anyMatch(m -> m.namespace().equals(OUTPOSTS_NAMESPACE));

    TreeSet<String> users = new TreeSet<>();
    for (MetricSeries m : o.metrics()) {
      if ((m.metricName().equals(USED_COUNT) || m.metricName().equals(TYPE_UTILIZATION)) && m.dimension(ACCOUNT) != null) {
        users.add(m.dimension(ACCOUNT));
      }
    }
    if (!anyOutposts) {
      lines.add("**No AWS/Outposts metrics** for this Outpost in account " + md(inv.account())
          + " (ListMetrics, last two weeks)" + (owner != null && !owner.equals(inv.account())
              ? ": an Outpost publishes its metrics in its owner account, " + md(owner) + "." : "."));
    } else if (users.isEmpty()) {
      lines.add("**EC2 used**: no UsedInstanceType\\_Count series recorded, so no instances of this Outpost are in use.");
    } else {
      List<String> named = new ArrayList<>();
      for (String u : users) {
        String role = u.equals(owner) ? " (owner)" : u.equals(inv.account()) ? " (this account)" : "";
        named.add(md(u) + role);
      }
      lines.add("**EC2 used** and **total** sum UsedInstanceType\\_Count over its " + users.size() + " Account value(s),"
          + " the accounts and services using the capacity (the user guide counts AWS managed services such as RDS and ALB"
          + " in it): "
          + String.join(", ", named) + ".");
    }
    List<String> s3 = o.metrics().stream().filter(m -> S3_RECORDED.contains(m.metricName()))
        .map(MetricSeries::namespace).distinct().toList();
    if (s3.isEmpty()) {
      lines.add("**S3 on Outposts**: no OutpostTotalBytes or OutpostFreeBytes for this Outpost in "
          + String.join(" or ", inv.provenance().s3Namespaces().stream().map(Widget::md).toList())
          + " (ListMetrics, last two weeks), so no S3 graph.");
    } else {
      lines.add("**S3 on Outposts** publishes in namespace " + String.join(", ", s3.stream().map(Widget::md).toList()) + ".");
    }
    if (o.series(CONNECTED_STATUS).isEmpty() && !OutpostSegment.serviceLink(o, inv.account()).isEmpty()) {
      lines.add("**Service link**: no ConnectedStatus datapoints in the last two weeks; graphed on its documented"
          + " dimension OutpostId, and an Outpost that stays silent counts as disconnected.");
    }
    List<String> noMetrics = new ArrayList<>(o.instanceTypes());
    o.series(AVAILABLE_COUNT).forEach(m -> noMetrics.remove(OutpostSegment.label(m, "OutpostId")));
    if (anyOutposts && !noMetrics.isEmpty()) {
      lines.add("Instance types without capacity metrics: " + String.join(", ", noMetrics.stream().map(Widget::md).toList())
          + ".");
    }
    if (alarms > 0) lines.add(alarms + " alarm(s) watch this Outpost (state in the alarm row at the top).");
    return Widget.text(String.join("\n\n", lines), Widget.GRID_COLUMNS, 1 + lines.size());
  }
}
