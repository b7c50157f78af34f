package io.fleetkit.stacks.spotscores;

import io.fleetkit.constructs.JavaFunction;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.functions.spotscores.SpotScoresFunction;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The Spot placement score tracker (AWS Compute Blog "Optimizing Amazon EC2 Spot Instances with Spot
 * placement scores"): the collector function, an EventBridge rule that runs it on the schedule, the
 * dashboards and the alarms. The collector's configuration is the plan's JSON in its environment: synth
 * never asks the Spot placement score API anything.
 *
 * <p>The schedule is an EventBridge rule, not EventBridge Scheduler: rules exist in every partition, and a
 * rule invokes the function through the function's own resource policy, scoped to the rule's ARN, where a
 * schedule would need an IAM role of its own.
 */
public class SpotScoresStack extends Stack {

  public SpotScoresStack(Construct scope, String id, StackProps props, SpotScoresPlan plan) {
    super(scope, id, props);
    var c = plan.config();
    JavaFunction collector = new JavaFunction(this, "Collector", JavaFunction.Props.of(SpotScoresFunction.HANDLER,
            "fleetkit: Spot placement scores of " + plan.collector().configurations().size() + " configurations every "
                + c.scheduleMinutes() + " minutes", Duration.minutes(plan.timeoutMinutes()))
        // One run at a time: two overlapping runs would ask the same queries twice.
        .withReservedConcurrency(1)
        .withEnvironment(Map.of(SpotScoresFunction.CONFIG_VARIABLE, plan.collectorJson())));
    // Neither action has a resource type (Service Authorization Reference: Amazon EC2, GetSpotPlacementScores;
    // Amazon CloudWatch, PutMetricData), so the resource is *; cloudwatch:namespace narrows PutMetricData.
    collector.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("ScoreSpotPlacement")
        .actions(List.of("ec2:GetSpotPlacementScores"))
        .resources(List.of("*"))
        .build());
    collector.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("PublishScoresToOwnNamespace")
        .actions(List.of("cloudwatch:PutMetricData"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", c.namespace())))
        .build());
    NagAcks.acknowledge(collector.role(), "AwsSolutions-IAM5[Resource::*]", "ec2:GetSpotPlacementScores and"
        + " cloudwatch:PutMetricData have no resource type, so * is their only resource; PutMetricData is limited to"
        + " the collector's namespace by the cloudwatch:namespace condition");

    Rule.Builder.create(this, "Schedule")
        .description("fleetkit: runs the Spot placement score collector every " + c.scheduleMinutes() + " minutes")
        .schedule(Schedule.rate(Duration.minutes(c.scheduleMinutes())))
        .targets(List.of(LambdaFunction.Builder.create(collector.function())
            // A run that never started is not worth starting after its successor.
            .maxEventAge(Duration.minutes(c.scheduleMinutes()))
            .retryAttempts(2)
            .build()))
        .build();

    for (Dashboard d : plan.dashboards(getRegion())) {
      CfnDashboard.Builder.create(this, "Dashboard" + d.name().substring(plan.dashboardName().length()))
          .dashboardName(d.name())
          .dashboardBody(d.body())
          .build();
    }
    if (!plan.alarms().isEmpty()) new ScoreAlarms(this, "Alarms", plan);

    CfnOutput.Builder.create(this, "CollectorFunctionName").value(collector.function().getFunctionName())
        .description("The Spot placement score collector; its log group holds every query's outcome").build();
    CfnOutput.Builder.create(this, "DashboardName").value(plan.dashboardName())
        .description("The Spot placement score dashboard (further ones end in -2, -3, ...)").build();
  }
}
