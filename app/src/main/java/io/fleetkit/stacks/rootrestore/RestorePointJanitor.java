package io.fleetkit.stacks.rootrestore;

import io.fleetkit.constructs.JavaFunction;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.functions.restorepoints.RestorePointsFunction;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Creates the restore point janitor: a {@link JavaFunction} running
 * {@link io.fleetkit.functions.restorepoints.RestorePointsHandler} on an EventBridge schedule, allowed to list
 * snapshots and to delete only those carrying the restore-point tag (valued with an instance ID), never a pinned one.
 */
final class RestorePointJanitor extends Construct {
  static final String PINNED_SID = "NeverDeletePinnedRestorePoints";
  /** Listing thousands of snapshots and deleting dozens takes well under this; deletions stop 35 s before it. */
  static final Duration TIMEOUT = Duration.minutes(5);

  private final JavaFunction function;
  private final Rule schedule;

  RestorePointJanitor(Construct scope, String id, RootRestorePlan plan, String cron) {
    super(scope, id);
    Ec2Arns arn = new Ec2Arns(Stack.of(this));
    Ec2Arns nag = Ec2Arns.asNagShows(Stack.of(this));
    function = new JavaFunction(this, "Function", JavaFunction.Props.of(RestorePointsFunction.HANDLER,
            "fleetkit: keeps the newest " + plan.config().keepRestorePoints() + " restore points of each instance", TIMEOUT)
        .withMemoryMiB(512)
        .withEnvironment(Map.of(RestorePointsFunction.CONFIG_VARIABLE, plan.janitor().toJson())));
    function.addToRolePolicy(PolicyStatement.Builder.create().sid("ListSnapshots")
        .actions(List.of("ec2:DescribeSnapshots")).resources(List.of("*")).build());
    function.addToRolePolicy(PolicyStatement.Builder.create().sid("DeleteOnlyRestorePoints")
        .actions(List.of("ec2:DeleteSnapshot"))
        .resources(List.of(arn.snapshot("*")))
        .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/" + plan.config().restorePointTagKey(), "i-*")))
        .build());
    if (!plan.config().pinnedRestorePoints().isEmpty()) {
      function.addToRolePolicy(PolicyStatement.Builder.create().sid(PINNED_SID).effect(Effect.DENY)
          .actions(List.of("ec2:DeleteSnapshot"))
          .resources(plan.config().pinnedRestorePoints().stream().map(arn::snapshot).toList())
          .build());
    }
    // EventBridge cron is in UTC (EventBridge User Guide, "Cron expressions"); the scheduled event is the input.
    schedule = Rule.Builder.create(this, "Schedule")
        .description("fleetkit: runs the restore point janitor")
        .schedule(Schedule.expression(cron))
        .targets(List.of(LambdaFunction.Builder.create(function.function()).retryAttempts(0).build()))
        .build();
    NagAcks.acknowledge(function.role(), "AwsSolutions-IAM5[Resource::*]", "ec2:DescribeSnapshots supports no"
        + " resource type (Service Authorization Reference, EC2), so it can only be granted on *; it reads only.");
    NagAcks.acknowledge(function.role(), nag.finding(nag.snapshot("*")),
        "Deletion is allowed only on snapshots that carry the restore-point tag with an instance ID"
            + " (aws:ResourceTag condition); their IDs change with every restore point.");
  }

  JavaFunction function() {
    return function;
  }

  Rule schedule() {
    return schedule;
  }
}
