package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Expression;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * One block per ACTIVE Outpost: instance capacity per instance type, EBS capacity per volume type
 * present, S3 on Outposts capacity and the service link.
 *
 * <p>Metric names and dimensions: AWS Outposts rack user guide, "CloudWatch metrics for Outposts
 * racks". AvailableInstanceType_Count has InstanceType and OutpostId; UsedInstanceType_Count and
 * InstanceTypeCapacityUtilization add Account ("the account or service using the capacity"), for
 * which the Outpost owner account is used, as in the blog; EBSVolumeTypeCapacity*GB have VolumeType
 * and OutpostId; ConnectedStatus has OutpostId. S3 on Outposts: Amazon S3 user guide, "Managing
 * S3 on Outposts capacity with CloudWatch metrics" (OutpostTotalBytes, OutpostFreeBytes by OutpostId).
 */
public final class OutpostSegment {
  public static final String NAMESPACE = io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
  public static final String S3_NAMESPACE = io.fleetkit.inventory.OutpostMetrics.S3_NAMESPACE;

  private OutpostSegment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    List<Block> out = new ArrayList<>();
    for (Outpost o : inv.outposts()) {
      if (!o.active()) continue;
      out.add(block(o, inv.region(), inv.account(), perWidget));
    }
    return out;
  }

  private static Block block(Outpost o, String region, String inventoryAccount, int perWidget) {
    String name = o.name() == null || o.name().isBlank() ? o.id() : o.name();
    String header = "### Outpost " + md(o.id()) + " · " + md(name) + " · site " + md(o.siteId());
    String id = o.id();
    // The owner account, as the blog uses; the discovering account when discovery could not tell.
    String account = o.ownerAccount() == null || o.ownerAccount().isBlank() ? inventoryAccount : o.ownerAccount();

    Graph available = new Graph("EC2 available · " + name, region).size(12, 6).left("Instances");
    Graph used = new Graph("EC2 used · " + name, region).size(12, 6).left("Instances");
    Graph total = new Graph("EC2 total capacity (available + used) · " + name, region).size(12, 6).left("Instances");
    Graph utilization = new Graph("Instance type capacity utilization · " + name, region).size(12, 6).left("Percent");
    for (String type : o.instanceTypes()) {
      Metric a = Metric.of(NAMESPACE, "AvailableInstanceType_Count", type + " available",
          "InstanceType", type, "OutpostId", id);
      Metric u = Metric.of(NAMESPACE, "UsedInstanceType_Count", type + " used",
          "Account", account, "InstanceType", type, "OutpostId", id);
      available.add(a);
      used.add(u);
      // The blog's "Total" widget swapped its labels; here each line is the sum, labelled as such.
      // A + B has no value where either input has no datapoint; FILL(m, 0) fills each input's missing
      // values with 0 first (CloudWatch User Guide, "Using math expressions with CloudWatch metrics": FILL).
      total.add(new Expression("FILL({0}, 0) + FILL({1}, 0)", type + " total", List.of(a.hidden(), u.hidden())));
      utilization.add(Metric.of(NAMESPACE, "InstanceTypeCapacityUtilization", type + " utilization",
          "Account", account, "InstanceType", type, "OutpostId", id));
    }

    Graph ebs = new Graph("EBS capacity · " + name, region).size(8, 6).left("GB");
    for (String volumeType : o.ebsVolumeTypes()) {
      ebs.add(Metric.of(NAMESPACE, "EBSVolumeTypeCapacityUtilizationGB", volumeType + " used GB",
          "OutpostId", id, "VolumeType", volumeType));
      ebs.add(Metric.of(NAMESPACE, "EBSVolumeTypeCapacityAvailabilityGB", volumeType + " available GB",
          "OutpostId", id, "VolumeType", volumeType));
    }
    Graph s3 = new Graph("S3 on Outposts capacity · " + name, region).size(8, 6).left("Bytes");
    if (o.s3OnOutposts()) {
      s3.add(Metric.of(S3_NAMESPACE, "OutpostTotalBytes", "Total bytes", "OutpostId", id));
      s3.add(Metric.of(S3_NAMESPACE, "OutpostFreeBytes", "Free bytes", "OutpostId", id));
    }
    // Average below 1 means the service link is impaired (user guide: most useful statistic Average).
    Graph link = new Graph("Service link ConnectedStatus · " + name, region).size(8, 6).period(60).left("Connected");
    link.add(Metric.of(NAMESPACE, "ConnectedStatus", "ConnectedStatus", "OutpostId", id));

    return new Block("outpost/" + id, Segments.header(header),
        Segments.widgets(perWidget, available, used, total, utilization, ebs, s3, link));
  }
}
