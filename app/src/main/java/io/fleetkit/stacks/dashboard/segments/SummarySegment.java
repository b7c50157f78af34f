package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;

/** What the dashboard shows and where the data came from; says so plainly when nothing matched. */
final class SummarySegment {
  private SummarySegment() {}

  static Block block(Inventory inv, DashboardConfig config, String snapshot) {
    String tag = "`" + md(inv.tagKey()) + "` = " + String.join(", ", inv.tagValues().stream().map(Widget::md).toList());
    String markdown = "## " + md(config.name()) + "\nResources tagged " + tag + " in " + md(inv.region())
        + " (account " + md(inv.account()) + ", partition " + md(inv.partition()) + "), discovered "
        + md(inv.discoveredAt()) + " by fleetkit " + md(inv.provenance().fleetkitVersion())
        + (snapshot.isEmpty() ? "" : " into " + md(snapshot))
        + ". Built by fleetkit from the discovery snapshot; changes made in the console are overwritten.";
    List<Widget> widgets = new ArrayList<>();
    if (inv.resourceCount() == 0) {
      widgets.add(Widget.text("### Nothing matched\nNo Outpost, EC2 instance, load balancer, S3 bucket, Auto Scaling group"
          + " or RDS instance carries the tag " + tag + ". Tag resources and run `bin/fleetkit discover`, or wait for the"
          + " refresh pipeline.", Widget.GRID_COLUMNS, 3));
    }
    if (!inv.gaps().isEmpty()) {
      StringBuilder b = new StringBuilder("### Discovery gaps\nThese parts could not be read, so their widgets may be missing:");
      for (var g : inv.gaps()) {
        b.append("\n* ").append(md(g.service())).append(' ').append(md(g.operation())).append(": ").append(md(g.message()));
      }
      widgets.add(Widget.text(b.toString(), Widget.GRID_COLUMNS, Math.min(2 + inv.gaps().size(), 20)));
    }
    return new Block("summary", Widget.text(markdown, Widget.GRID_COLUMNS, 3), widgets);
  }
}
