package io.fleetkit.stacks.spotscores;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.functions.spotscores.SpotScoresConfig;
import io.fleetkit.functions.spotscores.SpotScoresFunction;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Palette;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spot placement score dashboard as blocks for the shared layout: an overview with every outcome that
 * was not a score, then one block per configuration with one graph per target capacity. Regional
 * configurations chart one named series per configured Region; single-AZ configurations chart their zones
 * through SEARCH, because zone IDs differ per account and are known only after the first run. Scores run
 * from 1 to 10, so every score graph's axis is fixed at 0 to 10.
 */
final class SpotScoresDashboard {
  /** A week: placement scores change over hours and days. */
  static final String START = "-P7D";
  /** Each graph keeps the collector's period: a shorter one would draw gaps between runs. */
  static final String PERIOD_OVERRIDE = "inherit";
  /** "A search expression ... can return up to 500 time series" (CloudWatch User Guide, search expressions). */
  static final int SEARCH_MAX_SERIES = 500;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SpotScoresDashboard() {}

  static List<Block> blocks(SpotScoresConfig collector, int periodSeconds, String region,
      DashboardConfig.Limits limits) {
    String ns = collector.namespace();
    List<Block> out = new ArrayList<>();
    int outcomes = 0;
    for (var pq : collector.queries()) outcomes += pq.configurationNames().size() * pq.query().regions().size();
    out.add(new Block("overview", Widget.text("# Spot placement scores\nScores from 1 (unlikely) to 10 (highly likely)"
        + " that a Spot request of the configuration succeeds, asked every " + periodSeconds / 60 + " minutes. A run"
        + " that could not score a configuration publishes `Outcome` with its `Result` instead of nothing: see the"
        + " graph below, and the collector's log.", Widget.GRID_COLUMNS, 3), List.of(widget("Queries not scored"
        + " (Refused, RegionNotEnabled, Error)", region, periodSeconds, "Sum", null, search(
            "SEARCH('{" + quoted(ns) + "," + dims(SpotScoresFunction.RESULT) + "} MetricName=\"" + SpotScoresFunction.OUTCOME
            + "\" NOT " + SpotScoresFunction.RESULT + "=\"Scored\"', 'Sum', " + periodSeconds + ")",
            label(SpotScoresFunction.CONFIGURATION, SpotScoresFunction.TARGET_CAPACITY, SpotScoresFunction.REGION,
                SpotScoresFunction.RESULT)), Math.min(SEARCH_MAX_SERIES, (MetricEstimate.RESULTS - 1) * outcomes),
        limits))));
    for (var c : collector.configurations()) {
      List<Widget> widgets = new ArrayList<>();
      for (int capacity : c.targetCapacities()) {
        String title = c.name() + ": " + capacity + " " + c.unit().wire();
        if (c.singleAvailabilityZone()) {
          String expr = "SEARCH('{" + quoted(ns) + "," + dims(SpotScoresFunction.AVAILABILITY_ZONE_ID) + "} MetricName=\""
              + SpotScoresFunction.SCORE + "\" " + SpotScoresFunction.CONFIGURATION + "=\"" + c.name() + "\" "
              + SpotScoresFunction.TARGET_CAPACITY + "=\"" + capacity + "\" " + SpotScoresFunction.TARGET_CAPACITY_UNIT
              + "=\"" + c.unit().wire() + "\"', 'Maximum', " + periodSeconds + ")";
          widgets.add(widget(title + " by zone", region, periodSeconds, "Maximum", 10, search(expr,
              label(SpotScoresFunction.REGION, SpotScoresFunction.AVAILABILITY_ZONE_ID)),
              Math.min(SEARCH_MAX_SERIES, c.regions().size() * MetricEstimate.ZONES_PER_REGION), limits));
        } else {
          // At most 10 Regions: never more than the overview's SEARCH, which is checked first.
          Palette palette = new Palette();
          ArrayNode metrics = F.arrayNode();
          for (String r : c.regions()) {
            ArrayNode m = metrics.addArray().add(ns).add(SpotScoresFunction.SCORE)
                .add(SpotScoresFunction.CONFIGURATION).add(c.name()).add(SpotScoresFunction.REGION).add(r)
                .add(SpotScoresFunction.TARGET_CAPACITY).add(Integer.toString(capacity))
                .add(SpotScoresFunction.TARGET_CAPACITY_UNIT).add(c.unit().wire());
            m.addObject().put("label", r).put("color", palette.color(r));
          }
          widgets.add(widget(title, region, periodSeconds, "Maximum", 10, metrics, c.regions().size(), limits));
        }
      }
      out.add(new Block(c.name(), Widget.text("## " + Widget.md(c.name()) + "\n" + describe(c), Widget.GRID_COLUMNS, 2),
          widgets));
    }
    return out;
  }

  private static String describe(SpotScoresConfig.Configuration c) {
    String what = c.instanceRequirements().map(r -> "instance requirements: " + r.vcpuMin() + r.vcpuMax().map(m -> "-" + m)
        .orElse("+") + " vCPUs, " + r.memoryMibMin() + r.memoryMibMax().map(m -> "-" + m).orElse("+") + " MiB, "
        + String.join("/", r.architectureTypes())).orElse(c.instanceTypes().size() + " instance types: "
        + String.join(", ", c.instanceTypes()));
    return Widget.md(what) + "; " + (c.singleAvailabilityZone() ? "scored per Availability Zone" : "scored per Region")
        + " in " + String.join(", ", c.regions()) + ".";
  }

  /** A metric graph; {@code rows} are its entries, {@code metrics} what it counts against the quotas. */
  private static Widget widget(String title, String region, int period, String stat, Integer max, ArrayNode rows,
      int metrics, DashboardConfig.Limits limits) {
    if (metrics > limits.metricsPerWidget()) {
      throw new IllegalArgumentException("the graph \"" + title + "\" may show " + metrics + " series, more than"
          + " metrics_per_widget " + limits.metricsPerWidget());
    }
    ObjectNode p = F.objectNode();
    p.put("title", title);
    p.put("view", "timeSeries");
    p.put("stacked", false);
    p.put("region", region);
    p.put("stat", stat);
    p.put("period", period);
    p.set("metrics", rows);
    ObjectNode left = p.putObject("yAxis").putObject("left");
    left.put("min", 0);
    if (max != null) left.put("max", max);
    left.put("showUnits", false);
    p.putObject("legend").put("position", "bottom");
    return new Widget("metric", 12, 6, p, metrics);
  }

  /** The metrics of a graph that shows one search expression. */
  private static ArrayNode search(String expression, String label) {
    ArrayNode rows = F.arrayNode();
    rows.addArray().addObject().put("expression", expression).put("id", "e1").put("label", label);
    return rows;
  }

  /** A dynamic label from the series' own dimensions (CloudWatch "Use dynamic labels"). */
  private static String label(String... dimensions) {
    List<String> parts = new ArrayList<>();
    for (String d : dimensions) parts.add("${PROP('Dim." + d + "')}");
    return String.join(" ", parts);
  }

  /** The schema's dimension names: the four every series has, plus {@code extra}. */
  private static String dims(String extra) {
    return String.join(",", List.of(extra, SpotScoresFunction.CONFIGURATION, SpotScoresFunction.REGION,
        SpotScoresFunction.TARGET_CAPACITY, SpotScoresFunction.TARGET_CAPACITY_UNIT).stream().sorted().toList());
  }

  /** Namespaces with / or spaces are quoted in a search schema (CloudWatch "CloudWatch search expression syntax"). */
  private static String quoted(String namespace) {
    return "\"" + namespace + "\"";
  }
}
