package io.fleetkit.stacks.spotscores;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.SpotFleetConfig;
import io.fleetkit.config.SpotPlacementScoresConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.JavaFunction;
import io.fleetkit.functions.spotscores.SpotScoresConfig;
import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import io.fleetkit.functions.spotscores.SpotScoresConfigException;
import io.fleetkit.functions.spotscores.SpotScoresFunction;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code <prefix>-spot-scores} builds, decided before any construct exists: the collector's
 * configuration (the section's configurations, plus the {@code spot_fleet} selection when tracked) as the
 * JSON its function reads from the environment, checked by the function's own parser; the function's
 * timeout; the alarms; the dashboards within the Outposts dashboard's limits; and what the metrics cost.
 *
 * @param collectorJson the value of {@link SpotScoresFunction#CONFIG_VARIABLE}
 * @param timeoutMinutes the function's timeout: 2 minutes below the schedule, at most 10
 * @param alarms one per regional configuration, target capacity and Region, when the alarm is enabled
 * @param dashboardName {@code <prefix>-spot-scores}; further dashboards are {@code -2}, {@code -3}, ...
 */
public record SpotScoresPlan(SpotPlacementScoresConfig config, SpotScoresConfig collector, String collectorJson,
    int timeoutMinutes, List<AlarmTarget> alarms, String dashboardName, DashboardConfig.Limits dashboardLimits,
    MetricEstimate estimate) {
  /** The most distinct queries a run asks: new request configurations are limited per 24 hours. */
  public static final int MAX_DISTINCT_QUERIES = 10;
  /** The collector stops starting queries 45 s before its timeout; 2 minutes leave room for publishing too. */
  static final int TIMEOUT_MARGIN_MINUTES = 2;
  static final int MAX_TIMEOUT_MINUTES = 10;
  static final String BASE = "spot_placement_scores";

  public SpotScoresPlan {
    alarms = List.copyOf(alarms);
  }

  /** One alarm: the Score series of a regional configuration at one target capacity in one Region. */
  public record AlarmTarget(String configuration, int targetCapacity, String unit, String region) {}

  public static SpotScoresPlan of(FleetkitConfig config) {
    return of(config, System.err);
  }

  /** Plans the stack and prints one line with the custom metrics and their monthly cost to {@code log}. */
  static SpotScoresPlan of(FleetkitConfig config, PrintStream log) {
    SpotScoresPlan plan = plan(config);
    log.println("fleetkit: " + config.project().prefix() + "-spot-scores " + plan.estimate().summary());
    return plan;
  }

  /** The collector configuration alone, for {@code bin/fleetkit spot-scores}: the same queries the function asks. */
  public static SpotScoresConfig collectorConfig(FleetkitConfig config) {
    return plan(config).collector();
  }

  private static SpotScoresPlan plan(FleetkitConfig config) {
    SpotPlacementScoresConfig c = config.spotPlacementScores();
    List<ConfigError> errors = new ArrayList<>();
    CapacityUnit unit = CapacityUnit.of(c.unit()).orElseThrow(() -> new ConfigException(List.of(
        config.source().error(BASE + ".unit", "\"" + c.unit() + "\" is not a target capacity unit (expected units,"
            + " vcpu or memory-mib)"))));
    List<SpotScoresConfig.Configuration> configurations = new ArrayList<>();
    for (var named : c.configurations()) configurations.add(configuration(named, c, unit));
    if (c.trackSpotFleet()) {
      String name = config.project().prefix() + "-spot-fleet";
      trackedFleet(config, name, errors).ifPresent(tracked -> configurations.add(configuration(
          new SpotPlacementScoresConfig.Configuration(name, tracked.instanceTypes(),
              tracked.instanceRequirements().stream().findFirst(), false), c, unit)));
      if (c.configurations().stream().anyMatch(n -> n.name().equals(name))) {
        errors.add(config.source().error(BASE + ".track_spot_fleet", "the tracked fleet's configuration is named "
            + name + ", and a configuration already has that name (expected another name for it)"));
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    SpotScoresConfig collector = new SpotScoresConfig(c.namespace(), configurations);
    int queries = collector.queries().size();
    if (queries > MAX_DISTINCT_QUERIES) {
      throw new ConfigException(List.of(config.source().error(BASE + ".configurations", queries + " distinct"
          + " configurations to score (configurations times target_capacities" + (c.trackSpotFleet()
              ? ", the tracked spot_fleet included" : "") + "; expected at most " + MAX_DISTINCT_QUERIES
          + ": EC2 limits new request configurations per 24 hours)")));
    }
    String json = collector.toJson();
    try {
      // The function reads the same JSON at every start: whatever it would refuse fails synth instead.
      SpotScoresConfig.parse(json);
    } catch (SpotScoresConfigException e) {
      throw new ConfigException(e.problems().stream().map(problem -> config.source().error(BASE, "the collector"
          + " refuses its configuration: " + problem)).toList());
    }
    int bytes = JavaFunction.environmentBytes(Map.of(SpotScoresFunction.CONFIG_VARIABLE, json));
    if (bytes > JavaFunction.MAX_ENVIRONMENT_BYTES) {
      throw new ConfigException(List.of(config.source().error(BASE + ".configurations", "the collector's"
          + " configuration takes " + bytes + " bytes of the function's environment (expected at most "
          + JavaFunction.MAX_ENVIRONMENT_BYTES + ", Lambda's limit for all variables together: fewer or shorter"
          + " instance types, names or Regions)")));
    }
    DashboardConfig.Limits limits = config.dashboard().limits();
    SpotScoresPlan plan = new SpotScoresPlan(c, collector, json,
        Math.min(c.scheduleMinutes() - TIMEOUT_MARGIN_MINUTES, MAX_TIMEOUT_MINUTES), alarms(c, collector),
        config.project().prefix() + "-spot-scores", limits, MetricEstimate.of(collector, c.scheduleMinutes()));
    try {
      plan.dashboards("us-east-1");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(config.source().error("dashboard.limits", e.getMessage()
          + " (expected larger dashboard.limits for the Spot placement score dashboard)")));
    }
    return plan;
  }

  /**
   * The dashboards, cut where the Outposts dashboard's limits ({@code dashboard.limits}) say; {@code region}
   * is the stack's Region, a token when the stack has none.
   */
  public List<Dashboard> dashboards(String region) {
    return DashboardLayout.layout(dashboardName, SpotScoresDashboard.blocks(collector, config.scheduleMinutes() * 60,
        region, dashboardLimits), dashboardLimits, SpotScoresDashboard.START, SpotScoresDashboard.PERIOD_OVERRIDE);
  }

  /** The spot_fleet selection to score, or an error at track_spot_fleet that says why it cannot be. */
  private static Optional<SpotFleetConfig> trackedFleet(FleetkitConfig config, String name, List<ConfigError> errors) {
    SpotFleetConfig fleet = config.spotFleet();
    String at = BASE + ".track_spot_fleet";
    String problem = !fleet.enabled() ? "spot_fleet is not enabled (expected an enabled spot_fleet section to track,"
        + " or track_spot_fleet: false)"
        : !fleet.instanceTypes().isEmpty() && fleet.instanceTypes().size() < 3 ? "spot_fleet lists "
            + fleet.instanceTypes().size() + " instance types (expected at least 3 to score: with fewer, EC2 always"
            + " returns a low score)"
        : fleet.instanceRequirements().size() > 1 ? "spot_fleet has " + fleet.instanceRequirements().size()
            + " sets of instance_requirements (expected one: a Spot placement score takes one set)"
        : null;
    if (problem != null) {
      errors.add(config.source().error(at, problem));
      return Optional.empty();
    }
    return Optional.of(fleet);
  }

  /**
   * A configuration for the collector: the section's Regions, capacities and unit; requirements get the
   * architecture of the image a fleet of them would boot (as spot_fleet picks it), and no weights.
   */
  static SpotScoresConfig.Configuration configuration(SpotPlacementScoresConfig.Configuration named,
      SpotPlacementScoresConfig c, CapacityUnit unit) {
    Optional<SpotScoresConfig.Requirements> requirements = named.instanceRequirements().map(r -> {
      AmiChoice.Cpu cpu = SpotFleetPlan.cpu(List.of(), List.of(r));
      return new SpotScoresConfig.Requirements(List.of(cpu == AmiChoice.Cpu.ARM_64 ? "arm64" : "x86_64"), r.vcpuMin(),
          r.vcpuMax(), r.memoryMibMin(), r.memoryMibMax(), r.cpuManufacturers(), r.burstablePerformance(),
          r.excludedTypes(), r.allowedTypes());
    });
    List<String> types = named.instanceTypes().stream().map(SpotFleetConfig.InstanceTypeOverride::type).toList();
    return new SpotScoresConfig.Configuration(named.name(), types, requirements, c.regions(), c.targetCapacities(),
        unit, named.singleAz());
  }

  /**
   * Alarms on explicit Score series: regional configurations only. A single-AZ configuration's series are
   * named by zone IDs that only the first run tells, and an alarm cannot use a SEARCH expression.
   */
  private static List<AlarmTarget> alarms(SpotPlacementScoresConfig c, SpotScoresConfig collector) {
    if (!c.alarm().enabled()) return List.of();
    Set<AlarmTarget> out = new LinkedHashSet<>();
    for (var conf : collector.configurations()) {
      if (conf.singleAvailabilityZone()) continue;
      for (int capacity : conf.targetCapacities()) {
        for (String region : conf.regions()) out.add(new AlarmTarget(conf.name(), capacity, conf.unit().wire(), region));
      }
    }
    return List.copyOf(out);
  }
}
