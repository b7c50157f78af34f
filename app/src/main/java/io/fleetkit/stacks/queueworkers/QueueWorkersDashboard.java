package io.fleetkit.stacks.queueworkers;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Expression;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import io.fleetkit.stacks.dashboard.body.Widget;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue workers' dashboard, through the shared layout: backlog per instance beside the backlog per
 * instance the target allows, seconds per message, instances in service and desired, and the age of the
 * oldest message with the dead-letter queue's depth. The names may be tokens; CloudFormation fills them in.
 */
final class QueueWorkersDashboard {
  static final int PERIOD = 60;

  private QueueWorkersDashboard() {}

  static List<Dashboard> of(String name, String region, BacklogMetric metric, String queueName, String deadLetterName,
      String groupName, DashboardConfig.Limits limits) {
    Metric visible = Metric.of(BacklogMetric.SQS_NAMESPACE, BacklogMetric.VISIBLE, "Visible messages",
        BacklogMetric.QUEUE_NAME, queueName).stat("Sum").hidden();
    Metric inService = Metric.of(BacklogMetric.AUTOSCALING_NAMESPACE, BacklogMetric.IN_SERVICE, "In service",
        BacklogMetric.GROUP_NAME, groupName);
    Metric processing = Metric.of(metric.namespace(), BacklogMetric.PROCESSING_SECONDS, "Seconds per message",
        BacklogMetric.QUEUE_NAME, queueName);
    List<Widget> widgets = new ArrayList<>();
    widgets.addAll(graph("Backlog per instance and its target", region)
        .add(new Expression("IF({1} > 0, {0} / {1}, {0})", "Backlog per instance", List.of(visible, inService.hidden())))
        .add(new Expression(metric.targetBacklogExpression("{0}"), "Target backlog per instance (" + metric.targetSeconds()
            + " s / seconds per message)", List.of(processing.hidden())))
        .build(limits.metricsPerWidget()));
    widgets.addAll(graph("Processing time per message (s)", region).add(processing).build(limits.metricsPerWidget()));
    widgets.addAll(graph("Instances", region)
        .add(inService)
        .add(Metric.of(BacklogMetric.AUTOSCALING_NAMESPACE, BacklogMetric.DESIRED, "Desired", BacklogMetric.GROUP_NAME,
            groupName))
        .build(limits.metricsPerWidget()));
    widgets.addAll(graph("Oldest message age (s) and dead letters", region)
        .add(Metric.of(BacklogMetric.SQS_NAMESPACE, BacklogMetric.OLDEST_AGE, "Oldest message age",
            BacklogMetric.QUEUE_NAME, queueName).stat("Maximum"))
        .add(Metric.of(BacklogMetric.SQS_NAMESPACE, BacklogMetric.VISIBLE, "Dead-letter queue messages",
            BacklogMetric.QUEUE_NAME, deadLetterName).stat("Maximum").right())
        .right("messages")
        .build(limits.metricsPerWidget()));
    Block block = new Block("queue", Widget.text("# Queue workers\nScaling keeps backlog per instance times seconds per"
        + " message at " + metric.targetSeconds() + " s (the acceptable latency): backlog per instance stays at or under"
        + " its target while the workers keep up.", Widget.GRID_COLUMNS, 2), widgets);
    return DashboardLayout.layout(name, List.of(block), limits, "-PT3H", "auto");
  }

  private static Graph graph(String title, String region) {
    return new Graph(title, region).size(12, 6).period(PERIOD);
  }
}
