package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.constructs.NagAcks;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dlm.CfnLifecyclePolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Creates a Data Lifecycle Manager snapshot policy that snapshots the volumes of every instance with the restorable
 * tag on the configured cron, keeps the newest {@code keep_restore_points} sets, and tags each snapshot with the
 * scheduled restore-point key valued with its instance ID ({@code $(instance-id)}, a variable tag that DLM allows
 * only for instance targets), and the role DLM runs it with.
 *
 * <p>DLM snapshots every EBS volume of a targeted instance (multi-volume snapshot sets; CreateSnapshots), and it has
 * no option to leave the data volumes out, so these snapshots carry a key of their own and DLM's retention deletes
 * them; the janitor counts only the runbooks' root volume restore points. The root volume's snapshot of a set can
 * be used to replace the root volume like any restore point.
 */
final class ScheduledRestorePoints extends Construct {
  // DLM Description and schedule Name: [0-9A-Za-z _-]+ (Data Lifecycle Manager API Reference, CreateLifecyclePolicy).
  static final String SCHEDULE_NAME = "fleetkit restore points";
  private final CfnLifecyclePolicy policy;
  private final Role role;

  ScheduledRestorePoints(Construct scope, String id, RootRestorePlan plan, String cron) {
    super(scope, id);
    RootRestoreConfig c = plan.config();
    Ec2Arns arn = new Ec2Arns(Stack.of(this));
    Ec2Arns nag = Ec2Arns.asNagShows(Stack.of(this));
    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("dlm.amazonaws.com"))
        .description("fleetkit root-restore: Data Lifecycle Manager snapshots of instances tagged " + c.restorableTagKey())
        .build();
    // What AWSDataLifecycleManagerServiceRole grants for snapshot policies, narrowed: sets of tagged instances only,
    // tags on snapshots only, and deletion only of snapshots this policy tagged.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("ReadInstancesVolumesSnapshots")
        .actions(List.of("ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
            "ec2:DescribeAvailabilityZones"))
        .resources(List.of("*")).build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("SnapshotSetsOfRestorableInstances")
        .actions(List.of("ec2:CreateSnapshots"))
        .resources(List.of(arn.instance("*")))
        .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + c.restorableTagKey(), c.restorableTagValue())))
        .build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("SnapshotTheirVolumes")
        .actions(List.of("ec2:CreateSnapshots"))
        .resources(List.of(arn.volume("*"), arn.snapshot("*"))).build());
    // The managed policy grants CreateTags on snapshots without ec2:CreateAction: DLM does not document whether it
    // tags in the create call, and a refused tag would leave the snapshot without the key its deletion needs.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("TagSnapshots")
        .actions(List.of("ec2:CreateTags"))
        .resources(List.of(arn.snapshot("*"))).build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("DeleteOnlyScheduledRestorePoints")
        .actions(List.of("ec2:DeleteSnapshot"))
        .resources(List.of(arn.snapshot("*")))
        .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/" + c.scheduledTagKey(), "i-*")))
        .build());
    policy = CfnLifecyclePolicy.Builder.create(this, "Policy")
        .description("fleetkit scheduled restore points")
        .state("ENABLED")
        .executionRoleArn(role.getRoleArn())
        .policyDetails(CfnLifecyclePolicy.PolicyDetailsProperty.builder()
            .policyType("EBS_SNAPSHOT_MANAGEMENT")
            .resourceTypes(List.of("INSTANCE"))
            .targetTags(List.of(CfnTag.builder().key(c.restorableTagKey()).value(c.restorableTagValue()).build()))
            .schedules(List.of(CfnLifecyclePolicy.ScheduleProperty.builder()
                .name(SCHEDULE_NAME)
                .createRule(CfnLifecyclePolicy.CreateRuleProperty.builder().cronExpression(cron).build())
                .retainRule(CfnLifecyclePolicy.RetainRuleProperty.builder().count(c.keepRestorePoints()).build())
                .copyTags(false)
                .variableTags(List.of(CfnTag.builder().key(c.scheduledTagKey()).value("$(instance-id)").build()))
                .build()))
            .build())
        .build();
    NagAcks.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "DescribeInstances, DescribeVolumes,"
        + " DescribeSnapshots and DescribeAvailabilityZones support no resource type (Service Authorization Reference,"
        + " EC2); they read only.");
    NagAcks.acknowledge(role, nag.finding(nag.instance("*")),
        "Snapshot sets are allowed only of instances that carry the restorable tag (aws:ResourceTag condition).");
    NagAcks.acknowledge(role, nag.finding(nag.volume("*")),
        "The volumes are those attached to the tagged instances when the schedule runs; their IDs are not known here.");
    NagAcks.acknowledge(role, nag.finding(nag.snapshot("*")),
        "Snapshots are created by each run, so their IDs are unknown beforehand; deletion is allowed only on those"
            + " carrying the scheduled restore-point tag (aws:ResourceTag condition).");
  }

  CfnLifecyclePolicy policy() {
    return policy;
  }

  Role role() {
    return role;
  }
}
