package io.fleetkit.stacks.dashboard;

import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.stacks.dashboard.alarms.AlarmSpec;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.constructs.Construct;

/**
 * CloudWatch dashboards for the tagged Outposts estate and the alarms of their sections. The bodies are
 * built as JSON by {@link DashboardLayout} and set on CfnDashboard: the L2 Dashboard would place widgets
 * itself, cannot count metrics against the quotas, and renders tokens; a plain string gives full control of
 * layout, splitting and byte-identical output. The alarms are CfnAlarm built from the plan's
 * {@link AlarmSpec}s, each notifying the alarm topic on ALARM and on OK.
 */
public class OutpostsDashboardStack extends Stack {

  public OutpostsDashboardStack(Construct scope, String id, StackProps props, DashboardPlan.Part part,
      Optional<DashboardPlan.AlarmTopic> topic) {
    super(scope, id, props);
    for (Dashboard d : part.dashboards()) {
      CfnDashboard.Builder.create(this, d.name())
          .dashboardName(d.name())
          .dashboardBody(d.body())
          .build();
    }
    if (part.alarms().isEmpty()) return;
    // The topic fleetkit creates lives in <prefix>-alarm-topic, which the refresh build never deploys; its ARN
    // is built from its name here, so no cross-stack export ties the stacks together. CloudWatch accepts an
    // action whose topic does not exist yet and notifies once it does.
    DashboardPlan.AlarmTopic t = topic.orElseThrow(() -> new IllegalStateException("alarms without a topic"));
    String topicArn = t.existingArn().orElseGet(() -> formatArn(ArnComponents.builder().service("sns").resource(t.name()).build()));
    // Logical IDs come from the alarm names, so an alarm keeps its ID while others come and go (a new ID would
    // replace it); under one scope the ID carries a hash of the path, so names that differ only in punctuation
    // (m5.2xlarge, m52.xlarge) still get different IDs.
    Construct alarms = new Construct(this, "Alarms");
    for (AlarmSpec a : part.alarms()) alarm(alarms, a, topicArn);
  }

  private static void alarm(Construct scope, AlarmSpec a, String topicArn) {
    CfnAlarm.Builder b = CfnAlarm.Builder.create(scope, a.name())
        .alarmName(a.name())
        .alarmDescription(a.description())
        .actionsEnabled(true)
        .alarmActions(List.of(topicArn))
        .okActions(List.of(topicArn))
        .comparisonOperator(a.comparison())
        .threshold(a.threshold())
        .evaluationPeriods(a.datapoints())
        .datapointsToAlarm(a.datapoints())
        .treatMissingData(a.treatMissingData());
    if (a.expression() == null) {
      MetricSeries m = a.inputs().get(0);
      b.namespace(m.namespace()).metricName(m.metricName()).dimensions(dimensions(m))
          .statistic(a.statistic()).period(a.periodSeconds());
    } else {
      List<CfnAlarm.MetricDataQueryProperty> queries = new ArrayList<>();
      String expression = a.expression();
      for (int i = 0; i < a.inputs().size(); i++) expression = expression.replace("{" + i + "}", "m" + i);
      queries.add(CfnAlarm.MetricDataQueryProperty.builder().id("e1").expression(expression).label(a.label())
          .returnData(true).build());
      for (int i = 0; i < a.inputs().size(); i++) {
        MetricSeries m = a.inputs().get(i);
        queries.add(CfnAlarm.MetricDataQueryProperty.builder().id("m" + i).returnData(false)
            .metricStat(CfnAlarm.MetricStatProperty.builder()
                .metric(CfnAlarm.MetricProperty.builder().namespace(m.namespace()).metricName(m.metricName())
                    .dimensions(dimensions(m)).build())
                .period(a.periodSeconds()).stat(a.statistic()).build())
            .build());
      }
      b.metrics(queries);
    }
    b.build();
  }

  private static List<CfnAlarm.DimensionProperty> dimensions(MetricSeries m) {
    List<CfnAlarm.DimensionProperty> out = new ArrayList<>();
    m.dimensions().forEach((k, v) -> out.add(CfnAlarm.DimensionProperty.builder().name(k).value(v).build()));
    return out;
  }
}
