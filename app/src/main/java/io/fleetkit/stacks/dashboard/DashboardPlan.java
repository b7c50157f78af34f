package io.fleetkit.stacks.dashboard;

import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.InventoryFile;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import io.fleetkit.stacks.dashboard.segments.Segments;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the dashboard stacks need, decided before any stack exists: the inventory (the
 * configured snapshot, or the shipped sample), the dashboards cut at the CloudWatch limits, and
 * the dashboards spread over as many stacks as keep each template within CloudFormation's limits.
 */
public record DashboardPlan(Inventory inventory, String snapshotPath, List<Dashboard> dashboards,
    List<List<Dashboard>> stacks) {

  /** The sample snapshot shipped in the repository, used when no snapshot exists yet. */
  public static final String SAMPLE = "samples/outposts-inventory.json";
  /** CloudFormation quotas: "Template body size in an Amazon S3 object: 1 MB" (the CDK checks 1,000,000 bytes). */
  public static final int MAX_TEMPLATE_BYTES = 1_000_000;
  /** What we fill a stack to: the CDK warns "Template size is approaching limit" above 80% of the maximum. */
  public static final int TEMPLATE_BUDGET_BYTES = 780_000;
  /** CloudFormation quotas: "Resources: 500 per stack". */
  public static final int MAX_RESOURCES = 500;
  /** Room for what else a stack template holds: CDK metadata, the bootstrap version rule, tags. */
  static final int STACK_OVERHEAD_BYTES = 20_000;
  static final int RESOURCE_OVERHEAD_BYTES = 400;
  static final int OTHER_RESOURCES = 5;

  public DashboardPlan {
    dashboards = List.copyOf(dashboards);
    stacks = stacks.stream().map(List::copyOf).toList();
  }

  /** Reads the snapshot named in the config (or the sample, saying so in one line on stderr). */
  public static DashboardPlan of(FleetkitConfig config) {
    return of(config, System.err);
  }

  static DashboardPlan of(FleetkitConfig config, PrintStream log) {
    DashboardConfig d = config.dashboard();
    Path path = Path.of(d.snapshot());
    if (!Files.exists(path)) {
      log.println("fleetkit: no dashboard snapshot at " + path + "; using the shipped sample " + SAMPLE
          + " (run `bin/fleetkit discover` to build yours)");
      path = Path.of(SAMPLE);
    }
    Inventory inventory;
    try {
      inventory = InventoryFile.read(path);
    } catch (InventoryFile.SnapshotException e) {
      throw new ConfigException(List.of(config.source().error("dashboard.snapshot", e.getMessage())));
    }
    try {
      return of(d, inventory, path.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(config.source().error("dashboard.limits", e.getMessage()
          + " (expected larger dashboard.limits)")));
    }
  }

  /** The plan for an inventory already read; no file access. */
  public static DashboardPlan of(DashboardConfig d, Inventory inventory, String snapshotPath) {
    List<Block> blocks = Segments.all(inventory, d);
    List<Dashboard> dashboards = DashboardLayout.layout(d.name(), blocks, d.limits(), d.start(), d.periodOverride());
    return new DashboardPlan(inventory.sorted(), snapshotPath, dashboards, spread(dashboards));
  }

  /** Fills stacks in order, starting a new one before the template size or resource quota is reached. */
  static List<List<Dashboard>> spread(List<Dashboard> dashboards) {
    List<List<Dashboard>> stacks = new ArrayList<>();
    List<Dashboard> current = new ArrayList<>();
    long bytes = STACK_OVERHEAD_BYTES;
    for (Dashboard db : dashboards) {
      long size = templateBytes(db);
      if (STACK_OVERHEAD_BYTES + size > TEMPLATE_BUDGET_BYTES) {
        throw new IllegalArgumentException("dashboard " + db.name() + " needs about " + size
            + " bytes of template, more than one stack may hold (" + TEMPLATE_BUDGET_BYTES + ")");
      }
      if (!current.isEmpty() && (bytes + size > TEMPLATE_BUDGET_BYTES || current.size() + 1 + OTHER_RESOURCES > MAX_RESOURCES)) {
        stacks.add(current);
        current = new ArrayList<>();
        bytes = STACK_OVERHEAD_BYTES;
      }
      current.add(db);
      bytes += size;
    }
    if (!current.isEmpty()) stacks.add(current);
    return stacks;
  }

  /** The body as a JSON string inside the template: quotes and backslashes are escaped. */
  static long templateBytes(Dashboard db) {
    long escaped = db.body().chars().filter(c -> c == '"' || c == '\\').count();
    return db.body().length() + escaped + db.name().length() + RESOURCE_OVERHEAD_BYTES;
  }

  /** Stack areas: dashboard, dashboard-2, dashboard-3, ... */
  public static String area(int index) {
    return index == 0 ? "dashboard" : "dashboard-" + (index + 1);
  }
}
