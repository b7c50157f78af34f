package io.fleetkit.stacks.dashboard;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.ProjectConfig;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.InventoryFile;
import io.fleetkit.stacks.dashboard.alarms.AlarmSpec;
import io.fleetkit.stacks.dashboard.alarms.OutpostAlarms;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import io.fleetkit.stacks.dashboard.segments.AlarmSegment;
import io.fleetkit.stacks.dashboard.segments.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the dashboard stacks need, decided before any stack exists: the snapshot named by
 * {@code dashboard.snapshot} (checked against the config: tag, Region, account, partition), the alarms on its
 * Outposts, the dashboards cut at the CloudWatch limits, and the dashboards and their alarms spread over as
 * many stacks as keep each template within CloudFormation's limits.
 *
 * @param alarms every alarm, in the order of the Outposts and then of {@link OutpostAlarms}
 * @param topic where the alarms notify; empty when dashboard.alarms is off
 * @param stacks what each dashboard stack holds, in order
 */
public record DashboardPlan(Inventory inventory, String snapshotPath, List<Dashboard> dashboards, List<AlarmSpec> alarms,
    Optional<AlarmTopic> topic, List<Part> stacks) {

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
    alarms = List.copyOf(alarms);
    stacks = List.copyOf(stacks);
  }

  /** One dashboard stack: its dashboards and alarms (of its sections, or carried over from the stack before). */
  public record Part(List<Dashboard> dashboards, List<AlarmSpec> alarms) {
    public Part {
      dashboards = List.copyOf(dashboards);
      alarms = List.copyOf(alarms);
    }
  }

  /**
   * The SNS topic of the alarms: an existing one, or {@code name}, which {@code <prefix>-alarm-topic} creates.
   *
   * @param emails subscribed to the created topic
   */
  public record AlarmTopic(Optional<String> existingArn, String name, List<String> emails) {
    public AlarmTopic {
      emails = List.copyOf(emails);
    }

    public boolean created() {
      return existingArn.isEmpty();
    }
  }

  /** Reads the configured snapshot; Region and account not in config come from the CDK CLI's environment. */
  public static DashboardPlan of(FleetkitConfig config) {
    return of(config, System::getenv);
  }

  static DashboardPlan of(FleetkitConfig config, Function<String, String> env) {
    DashboardConfig d = config.dashboard();
    Path path = Path.of(d.snapshot());
    if (!Files.exists(path)) {
      throw new ConfigException(List.of(config.source().error("dashboard.snapshot", "no snapshot at " + path
          + " (expected the file `bin/fleetkit discover` writes: run it, or point dashboard.snapshot at a committed"
          + " snapshot such as samples/outposts-inventory.json)")));
    }
    Inventory inventory;
    try {
      inventory = InventoryFile.read(path);
    } catch (InventoryFile.SnapshotException e) {
      throw new ConfigException(List.of(config.source().error("dashboard.snapshot", e.getMessage())));
    }
    List<ConfigError> errors = SnapshotCheck.errors(config, inventory, path.toString(), env);
    if (!errors.isEmpty()) throw new ConfigException(errors);
    try {
      return of(d, config.project(), inventory, path.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(config.source().error("dashboard.limits", e.getMessage()
          + " (expected larger dashboard.limits)")));
    }
  }

  /** The plan for an inventory already read and checked; no file access. */
  public static DashboardPlan of(DashboardConfig d, ProjectConfig project, Inventory inventory, String snapshotPath) {
    Inventory inv = inventory.sorted();
    String prefix = project.prefix();
    Map<String, List<String>> namesByOutpost = new LinkedHashMap<>();
    Map<String, AlarmSpec> byName = new LinkedHashMap<>();
    Optional<AlarmTopic> topic = Optional.empty();
    if (d.alarms().enabled()) {
      var a = d.alarms();
      topic = Optional.of(new AlarmTopic(a.topicArn(), DashboardConfig.Alarms.topicName(prefix), a.emails()));
      for (Inventory.Outpost o : inv.outposts()) {
        if (!o.active()) continue;
        List<String> names = new ArrayList<>();
        for (AlarmSpec spec : OutpostAlarms.of(o, inv.account(), prefix, d.name(), a)) {
          if (byName.put(spec.name(), spec) != null) throw new IllegalStateException("two alarms named " + spec.name());
          names.add(spec.name());
        }
        namesByOutpost.put(o.id(), names);
      }
    }
    List<String> arns = byName.values().stream().map(s -> s.arn(inv.partition(), inv.region(), inv.account())).toList();
    List<Block> pinned = topic.map(t -> AlarmSegment.pinned(arns, t.existingArn().orElse(t.name()))).orElse(List.of());
    List<Block> blocks = Segments.all(inv, d, namesByOutpost, snapshotPath);
    List<Dashboard> dashboards = DashboardLayout.layout(d.name(), pinned.isEmpty() ? null : pinned.get(0), blocks,
        d.limits(), d.start(), d.periodOverride());
    return new DashboardPlan(inv, snapshotPath, dashboards, List.copyOf(byName.values()), topic,
        spread(dashboards, byName, tagBytes(project)));
  }

  static List<Part> spread(List<Dashboard> dashboards) {
    return spread(dashboards, Map.of(), 0);
  }

  /** What the common tags (and fleetkit:stack) add to every taggable resource of a template. */
  static int tagBytes(ProjectConfig project) {
    int bytes = 80;
    for (var t : project.tags().entrySet()) bytes += 60 + t.getKey().length() + t.getValue().length();
    return bytes;
  }

  /**
   * Fills stacks in order: each dashboard, then the alarms of its sections, starting a new stack before the
   * template size or resource quota is reached. A dashboard's alarms may continue in the next stack when they
   * do not fit beside it (twenty Outposts give some 300 alarms, more bytes than one template holds next to
   * their dashboard).
   */
  static List<Part> spread(List<Dashboard> dashboards, Map<String, AlarmSpec> alarms, int tagBytes) {
    List<Part> stacks = new ArrayList<>();
    List<Dashboard> current = new ArrayList<>();
    List<AlarmSpec> currentAlarms = new ArrayList<>();
    long bytes = STACK_OVERHEAD_BYTES;
    for (Dashboard db : dashboards) {
      List<Object> items = new ArrayList<>(List.of(db));
      db.alarms().forEach(name -> items.add(alarms.get(name)));
      for (Object item : items) {
        long size = item instanceof Dashboard d ? templateBytes(d) + tagBytes : ((AlarmSpec) item).templateBytes() + tagBytes;
        if (STACK_OVERHEAD_BYTES + size > TEMPLATE_BUDGET_BYTES) {
          throw new IllegalArgumentException("dashboard " + db.name() + " needs about " + size
              + " bytes of template, more than one stack may hold (" + TEMPLATE_BUDGET_BYTES + ")");
        }
        if (current.size() + currentAlarms.size() > 0 && (bytes + size > TEMPLATE_BUDGET_BYTES
            || current.size() + currentAlarms.size() + 1 + OTHER_RESOURCES > MAX_RESOURCES)) {
          stacks.add(new Part(current, currentAlarms));
          current = new ArrayList<>();
          currentAlarms = new ArrayList<>();
          bytes = STACK_OVERHEAD_BYTES;
        }
        if (item instanceof Dashboard d) current.add(d);
        else currentAlarms.add((AlarmSpec) item);
        bytes += size;
      }
    }
    if (current.size() + currentAlarms.size() > 0) stacks.add(new Part(current, currentAlarms));
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
