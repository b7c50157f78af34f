package io.fleetkit.stacks.dashboard.body;

import java.util.List;

/**
 * A section header with its widgets, and the alarms that belong to the section (deployed in the same
 * stack as the dashboard that shows it). The layout never puts a header on one dashboard and its widgets
 * on another: a block that does not fit a dashboard is cut into parts that each repeat the header, marked
 * "(continued)"; the alarms travel with the first part.
 */
public record Block(String key, Widget header, List<Widget> widgets, List<String> alarms) {
  public Block {
    widgets = List.copyOf(widgets);
    alarms = List.copyOf(alarms);
  }

  public Block(String key, Widget header, List<Widget> widgets) {
    this(key, header, widgets, List.of());
  }

  public int widgetCount() {
    return 1 + widgets.size();
  }

  public int metricCount() {
    return header.metrics() + widgets.stream().mapToInt(Widget::metrics).sum();
  }
}
