package io.fleetkit.stacks.dashboard.body;

import java.util.List;

/**
 * A section header with its widgets. The layout never puts a header on one dashboard and its
 * widgets on another: a block that does not fit a dashboard is cut into parts that each repeat the
 * header, marked "(continued)".
 */
public record Block(String key, Widget header, List<Widget> widgets) {
  public Block {
    widgets = List.copyOf(widgets);
  }

  public int widgetCount() {
    return 1 + widgets.size();
  }

  public int metricCount() {
    return header.metrics() + widgets.stream().mapToInt(Widget::metrics).sum();
  }
}
