package io.fleetkit.stacks.dashboard.segments;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.List;

/**
 * One block for all tagged groups: in-service instances against desired capacity. Amazon EC2 Auto
 * Scaling user guide, "CloudWatch metrics for Auto Scaling groups" (AutoScalingGroupName); the
 * group metrics appear only once group metrics collection is enabled on the group.
 */
public final class AutoScalingSegment {
  public static final String NAMESPACE = "AWS/AutoScaling";

  private AutoScalingSegment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    if (inv.autoScalingGroups().isEmpty()) return List.of();
    Graph g = new Graph("In service against desired capacity", inv.region()).size(24, 6).left("Instances");
    for (AutoScalingGroup a : inv.autoScalingGroups()) {
      g.add(Metric.of(NAMESPACE, "GroupInServiceInstances", a.name() + " in service", "AutoScalingGroupName", a.name()));
      g.add(Metric.of(NAMESPACE, "GroupDesiredCapacity", a.name() + " desired", "AutoScalingGroupName", a.name()));
    }
    String header = "### Auto Scaling · " + inv.autoScalingGroups().size()
        + " tagged group(s) · needs group metrics collection enabled";
    return List.of(new Block("autoscaling", Segments.header(header), Segments.widgets(perWidget, g)));
  }
}
