package io.fleetkit.stacks.dashboard;

import io.fleetkit.stacks.dashboard.body.DashboardLayout;

import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.constructs.Construct;

/**
 * CloudWatch dashboards for the tagged Outposts estate. The bodies are built as JSON by
 * {@link DashboardLayout} and set on CfnDashboard: the L2 Dashboard would place widgets itself,
 * cannot count metrics against the quotas, and renders tokens; a plain string gives full control
 * of layout, splitting and byte-identical output.
 */
public class OutpostsDashboardStack extends Stack {

  public OutpostsDashboardStack(Construct scope, String id, StackProps props, List<Dashboard> dashboards) {
    super(scope, id, props);
    for (Dashboard d : dashboards) {
      CfnDashboard.Builder.create(this, d.name())
          .dashboardName(d.name())
          .dashboardBody(d.body())
          .build();
    }
  }
}
