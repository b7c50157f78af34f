package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;

/**
 * The alarm row that opens every dashboard: the state of every fleetkit alarm of the dashboards, ALARM
 * first, in alarm status widgets of at most 100 alarms each (the dashboard view of cdk-monitoring-constructs'
 * "alarms" view). Every dashboard shows all of them, so an Outpost that lost its service link is visible
 * from a page about load balancers too.
 */
public final class AlarmSegment {
  /** Tiles of the alarm status widget per grid row, roughly, on a full-width widget. */
  static final int ALARMS_PER_ROW = 6;

  private AlarmSegment() {}

  /** Empty when there are no alarms: an alarm status widget needs at least one. */
  public static List<Block> pinned(List<String> alarmArns, String topic) {
    if (alarmArns.isEmpty()) return List.of();
    List<Widget> widgets = new ArrayList<>();
    int parts = (alarmArns.size() + Widget.ALARMS_PER_WIDGET - 1) / Widget.ALARMS_PER_WIDGET;
    for (int i = 0; i < parts; i++) {
      List<String> chunk = alarmArns.subList(i * Widget.ALARMS_PER_WIDGET,
          Math.min(alarmArns.size(), (i + 1) * Widget.ALARMS_PER_WIDGET));
      String title = "Alarms" + (parts == 1 ? "" : " (" + (i + 1) + "/" + parts + ")");
      int rows = (chunk.size() + ALARMS_PER_ROW - 1) / ALARMS_PER_ROW;
      widgets.add(Widget.alarmStatus(title, chunk, Math.min(2 + rows, 20)));
    }
    String header = "### Alarms · " + alarmArns.size() + " alarm(s), notifying " + md(topic);
    return List.of(new Block("alarms", Segments.header(header), widgets));
  }
}
