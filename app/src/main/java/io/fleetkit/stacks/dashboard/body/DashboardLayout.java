package io.fleetkit.stacks.dashboard.body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.config.DashboardConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The one layout helper: places blocks on the 24-column grid and starts a new numbered dashboard
 * before any CloudWatch limit (widgets, metrics) would be passed. A header always travels with its widgets, and
 * a block's alarms with its first part; a block larger
 * than a whole dashboard is cut into parts that repeat the header. An optional pinned block (the alarm
 * status row) opens every dashboard and counts against each one's limits.
 */
public final class DashboardLayout {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardLayout() {}

  /**
   * One dashboard: its name, its body (compact JSON), what it counts against the limits (the pinned block
   * included) and the alarms of its blocks.
   */
  public record Dashboard(String name, String body, int widgets, int metrics, List<String> alarms) {
    public Dashboard {
      alarms = List.copyOf(alarms);
    }

    public Dashboard(String name, String body, int widgets, int metrics) {
      this(name, body, widgets, metrics, List.of());
    }
  }

  public static List<Dashboard> layout(String name, List<Block> blocks, DashboardConfig.Limits limits, String start,
      String periodOverride) {
    return layout(name, null, blocks, limits, start, periodOverride);
  }

  /** @param pinned opens every dashboard, or null */
  public static List<Dashboard> layout(String name, Block pinned, List<Block> blocks, DashboardConfig.Limits limits,
      String start, String periodOverride) {
    DashboardConfig.Limits room = limits;
    if (pinned != null) {
      room = new DashboardConfig.Limits(limits.widgetsPerDashboard() - pinned.widgetCount(), limits.metricsPerWidget(),
          limits.metricsPerDashboard() - pinned.metricCount());
      if (room.widgetsPerDashboard() < 2 || room.metricsPerDashboard() < limits.metricsPerWidget()) {
        throw new IllegalArgumentException("the alarm status row takes " + pinned.widgetCount() + " of the "
            + limits.widgetsPerDashboard() + " widgets of a dashboard, leaving too few for the sections");
      }
    }
    List<List<Block>> pages = new ArrayList<>();
    List<Block> page = new ArrayList<>();
    int widgets = 0;
    int metrics = 0;
    for (Block whole : blocks) {
      for (Block part : fit(whole, room)) {
        if (!page.isEmpty() && (widgets + part.widgetCount() > room.widgetsPerDashboard()
            || metrics + part.metricCount() > room.metricsPerDashboard())) {
          pages.add(page);
          page = new ArrayList<>();
          widgets = 0;
          metrics = 0;
        }
        page.add(part);
        widgets += part.widgetCount();
        metrics += part.metricCount();
      }
    }
    if (!page.isEmpty()) pages.add(page);
    List<Dashboard> out = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      List<Block> placed = new ArrayList<>();
      if (pinned != null) placed.add(pinned);
      placed.addAll(pages.get(i));
      out.add(render(i == 0 ? name : name + "-" + (i + 1), placed, start, periodOverride));
    }
    return out;
  }

  /** The block itself, or parts of it that each fit an empty dashboard. */
  public static List<Block> fit(Block b, DashboardConfig.Limits limits) {
    if (b.widgetCount() <= limits.widgetsPerDashboard() && b.metricCount() <= limits.metricsPerDashboard()) {
      return List.of(b);
    }
    List<Block> parts = new ArrayList<>();
    List<Widget> current = new ArrayList<>();
    int metrics = 0;
    for (Widget w : b.widgets()) {
      if (w.metrics() > limits.metricsPerDashboard()) {
        throw new IllegalArgumentException("a widget of " + b.key() + " has " + w.metrics()
            + " metrics, more than a dashboard may hold");
      }
      if (!current.isEmpty() && (1 + current.size() + 1 > limits.widgetsPerDashboard()
          || metrics + w.metrics() > limits.metricsPerDashboard())) {
        parts.add(part(b, parts.size(), current));
        current = new ArrayList<>();
        metrics = 0;
      }
      current.add(w);
      metrics += w.metrics();
    }
    if (!current.isEmpty() || parts.isEmpty()) parts.add(part(b, parts.size(), current));
    return parts;
  }

  private static Block part(Block b, int index, List<Widget> widgets) {
    if (index == 0) return new Block(b.key(), b.header(), widgets, b.alarms());
    String markdown = b.header().properties().get("markdown").asText() + " (continued)";
    return new Block(b.key(), Widget.text(markdown, b.header().width(), b.header().height()), widgets, List.of());
  }

  private static Dashboard render(String name, List<Block> blocks, String start, String periodOverride) {
    ArrayNode placed = JsonNodeFactory.instance.arrayNode();
    int y = 0;
    int widgets = 0;
    int metrics = 0;
    List<String> alarms = new ArrayList<>();
    for (Block b : blocks) {
      alarms.addAll(b.alarms());
      placed.add(b.header().placed(0, y));
      y += b.header().height();
      int x = 0;
      int rowHeight = 0;
      for (Widget w : b.widgets()) {
        if (x + w.width() > Widget.GRID_COLUMNS) {
          y += rowHeight;
          x = 0;
          rowHeight = 0;
        }
        placed.add(w.placed(x, y));
        x += w.width();
        rowHeight = Math.max(rowHeight, w.height());
      }
      y += rowHeight;
      widgets += b.widgetCount();
      metrics += b.metricCount();
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("start", start);
    body.put("periodOverride", periodOverride);
    body.set("widgets", placed);
    try {
      return new Dashboard(name, JSON.writeValueAsString(body), widgets, metrics, alarms);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
