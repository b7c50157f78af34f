package io.fleetkit.stacks.dashboard.segments;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an inventory into dashboard blocks, in a fixed order: summary, Outposts, EC2 instances,
 * load balancers, S3, Auto Scaling, RDS. The inventory is sorted, so the blocks are too.
 */
public final class Segments {
  private Segments() {}

  public static List<Block> all(Inventory inventory, DashboardConfig config) {
    return all(inventory, config, Map.of(), "");
  }

  /**
   * @param alarms alarm names by Outpost ID; each Outpost's block carries its own
   * @param snapshot where the inventory was read from, for the summary
   */
  public static List<Block> all(Inventory inventory, DashboardConfig config, Map<String, List<String>> alarms,
      String snapshot) {
    Inventory inv = inventory.sorted();
    int perWidget = config.limits().metricsPerWidget();
    List<Block> blocks = new ArrayList<>();
    blocks.add(SummarySegment.block(inv, config, snapshot));
    blocks.addAll(OutpostSegment.blocks(inv, perWidget, alarms));
    blocks.addAll(Ec2Segment.blocks(inv, perWidget));
    blocks.addAll(AlbSegment.blocks(inv, perWidget));
    blocks.addAll(S3Segment.blocks(inv, perWidget));
    blocks.addAll(AutoScalingSegment.blocks(inv, perWidget));
    blocks.addAll(RdsSegment.blocks(inv, perWidget));
    return blocks;
  }

  static Widget header(String markdown) {
    return Widget.text(markdown, Widget.GRID_COLUMNS, 1);
  }

  static List<Widget> widgets(int perWidget, Graph... graphs) {
    List<Widget> out = new ArrayList<>();
    for (Graph g : graphs) {
      if (!g.isEmpty()) out.addAll(g.build(perWidget));
    }
    return out;
  }
}
