package io.fleetkit.stacks.dashboard.body;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One dashboard widget before placement: its size on the 24-column grid, its properties and how
 * many metrics it retrieves (math inputs included, expressions not), which is what the CloudWatch
 * quotas count.
 */
public record Widget(String type, int width, int height, ObjectNode properties, int metrics) {
  /** The dashboard grid is 24 columns wide (CloudWatch "Dashboard body structure": width 1-24). */
  public static final int GRID_COLUMNS = 24;

  public Widget {
    if (width < 1 || width > GRID_COLUMNS) throw new IllegalArgumentException("width " + width + " is not 1-24");
    if (height < 1 || height > 1000) throw new IllegalArgumentException("height " + height + " is not 1-1000");
  }

  /** A markdown text widget, full width unless given. */
  public static Widget text(String markdown, int width, int height) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("markdown", markdown);
    return new Widget("text", width, height, p, 0);
  }

  /**
   * An alarm status widget: the state of up to {@link #ALARMS_PER_WIDGET} alarms, those in ALARM first
   * (CloudWatch API Reference, "Dashboard body structure and syntax": alarm widget, {@code alarms} holds 1 to
   * 100 alarm ARNs; {@code sortBy} stateUpdatedTimestamp lists ALARM, then INSUFFICIENT_DATA, then OK).
   */
  public static Widget alarmStatus(String title, List<String> alarmArns, int height) {
    if (alarmArns.isEmpty() || alarmArns.size() > ALARMS_PER_WIDGET) {
      throw new IllegalArgumentException(alarmArns.size() + " alarms (expected 1 to " + ALARMS_PER_WIDGET + ")");
    }
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("title", title);
    alarmArns.forEach(p.putArray("alarms")::add);
    p.put("sortBy", "stateUpdatedTimestamp");
    return new Widget("alarm", GRID_COLUMNS, height, p, 0);
  }

  /** The most alarms one alarm status widget may list. */
  public static final int ALARMS_PER_WIDGET = 100;

  /** The widget as it appears in the dashboard body, at column x and row y. */
  ObjectNode placed(int x, int y) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", type);
    n.put("x", x);
    n.put("y", y);
    n.put("width", width);
    n.put("height", height);
    n.set("properties", properties.deepCopy());
    return n;
  }

  /** Escapes markdown control characters in names that come from the inventory. */
  public static String md(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("\\`*_{}[]()#+!|<>".indexOf(c) >= 0) b.append('\\');
      b.append(c);
    }
    return b.toString();
  }
}
