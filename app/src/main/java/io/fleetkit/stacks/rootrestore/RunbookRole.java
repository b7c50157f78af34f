package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.constructs.Ordered;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Creates the role both runbooks run as, which Systems Manager Automation alone may assume, for executions of
 * this account (the confused-deputy conditions of "Configure a service role for Automation"). It may replace the
 * root volume only of instances with the restorable tag and never of a protected one, restore only from snapshots
 * and the allowed AMIs, create snapshots only when they carry the restore-point tag, tag only in the call that
 * creates the snapshot or the task, and delete nothing.
 *
 * <p>Resources and condition keys are those the Service Authorization Reference lists for each action (EC2,
 * "Actions defined by Amazon EC2"): CreateReplaceRootVolumeTask authorizes the instance (aws:ResourceTag), the
 * task and the new volume (both only aws:RequestTag and aws:TagKeys, so no tag condition can hold for them) and,
 * when given, the snapshot or image; CreateSnapshot authorizes the volume and the new snapshot (aws:RequestTag);
 * CreateTags supports ec2:CreateAction; the Describe actions support no resource type.
 */
final class RunbookRole extends Construct {
  static final String PROTECTED_SID = "NeverReplaceProtectedInstances";
  private final Role role;

  RunbookRole(Construct scope, String id, RootRestorePlan plan) {
    super(scope, id);
    RootRestoreConfig c = plan.config();
    Stack stack = Stack.of(this);
    Ec2Arns arn = new Ec2Arns(stack);
    Ec2Arns nag = Ec2Arns.asNagShows(stack);
    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("ssm.amazonaws.com").withConditions(Ordered.map(
            "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
            "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":ssm:*:" + stack.getAccount()
                + ":automation-execution/*"))))
        .description("fleetkit root-restore: runs " + plan.replaceDocument() + " and " + plan.restorePointDocument())
        .build();
    add(statement("ReadInstancesVolumesSnapshotsAndTasks", List.of("ec2:DescribeInstances", "ec2:DescribeVolumes",
        "ec2:DescribeSnapshots", "ec2:DescribeReplaceRootVolumeTasks"), List.of("*")));
    add(PolicyStatement.Builder.create().sid("ReplaceRootVolumeOfRestorableInstances")
        .actions(List.of("ec2:CreateReplaceRootVolumeTask"))
        .resources(List.of(arn.instance("*")))
        .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + c.restorableTagKey(), c.restorableTagValue())))
        .build());
    add(statement("CreateTheTaskAndItsNewVolume", List.of("ec2:CreateReplaceRootVolumeTask"),
        List.of(arn.replaceRootVolumeTask("*"), arn.volume("*"))));
    add(statement("RestoreFromSnapshotsAndAllowedImages", List.of("ec2:CreateReplaceRootVolumeTask"),
        sources(c, arn)));
    add(PolicyStatement.Builder.create().sid("CreateTaggedRestorePoints")
        .actions(List.of("ec2:CreateSnapshot"))
        .resources(List.of(arn.snapshot("*")))
        .conditions(Map.of("StringLike", Map.of("aws:RequestTag/" + c.restorePointTagKey(), "i-*")))
        .build());
    add(statement("SnapshotVolumes", List.of("ec2:CreateSnapshot"), List.of(arn.volume("*"))));
    add(PolicyStatement.Builder.create().sid("TagOnlyWhenCreating")
        .actions(List.of("ec2:CreateTags"))
        .resources(List.of(arn.snapshot("*"), arn.replaceRootVolumeTask("*")))
        .conditions(Map.of("StringEquals", Map.of("ec2:CreateAction",
            List.of("CreateSnapshot", "CreateReplaceRootVolumeTask"))))
        .build());
    if (!c.encryptionKeyArns().isEmpty()) {
      // Creating a volume from a snapshot encrypted with a customer managed key needs these KMS actions on it
      // (Amazon EBS user guide, "Requirements for Amazon EBS encryption", permissions for users), here only through
      // EC2 in this Region, and grants only for AWS resources.
      Map<String, Object> throughEc2 = Map.of("kms:ViaService", "ec2." + stack.getRegion() + ".amazonaws.com");
      add(PolicyStatement.Builder.create().sid("UseRootVolumeKeysThroughEbs")
          .actions(List.of("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
              "kms:ReEncryptTo"))
          .resources(c.encryptionKeyArns())
          .conditions(Map.of("StringEquals", throughEc2))
          .build());
      add(PolicyStatement.Builder.create().sid("GrantRootVolumeKeysToEbs")
          .actions(List.of("kms:CreateGrant"))
          .resources(c.encryptionKeyArns())
          .conditions(Ordered.map("StringEquals", throughEc2, "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
          .build());
    }
    if (!c.protectedInstances().isEmpty()) {
      add(PolicyStatement.Builder.create().sid(PROTECTED_SID).effect(Effect.DENY)
          .actions(List.of("ec2:CreateReplaceRootVolumeTask"))
          .resources(c.protectedInstances().stream().map(arn::instance).toList())
          .build());
    }
    NagAcks.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "DescribeInstances, DescribeVolumes, DescribeSnapshots"
        + " and DescribeReplaceRootVolumeTasks support no resource type (Service Authorization Reference, EC2), so they"
        + " can only be granted on *; they read and change nothing.");
    NagAcks.acknowledge(role, nag.finding(nag.instance("*")),
        "Replacement is allowed on any instance that carries the restorable tag (aws:ResourceTag condition on the"
            + " statement); which instances those are is decided by tagging, not by this template.");
    NagAcks.acknowledge(role, nag.finding(nag.replaceRootVolumeTask("*")),
        "The task is created by the call itself, so its ID is unknown beforehand;"
        + " tags may be added to it only in that call (ec2:CreateAction).");
    NagAcks.acknowledge(role, nag.finding(nag.volume("*")),
        "The new root volume is created by the replacement task and snapshotted after it, so its ID is unknown"
            + " beforehand; the task itself is allowed only on tagged instances.");
    NagAcks.acknowledge(role, nag.finding(nag.snapshot("*")),
        "Restore points are new snapshots (created only with the restore-point tag, tags only at creation), and a"
            + " replacement may start from any snapshot of the instance's root volume lineage, which EC2 checks.");
    if (c.allowedImages().isEmpty()) {
      NagAcks.acknowledge(role, nag.finding(nag.image("*")),
          "root_volume_restore.allowed_images is empty, which allows a replacement from any AMI with the instance's"
              + " product codes, architecture and virtualization type (EC2 checks them); list AMIs to narrow it.");
    }
  }

  private static List<String> sources(RootRestoreConfig c, Ec2Arns arn) {
    List<String> out = new java.util.ArrayList<>();
    out.add(arn.snapshot("*"));
    if (c.allowedImages().isEmpty()) {
      out.add(arn.image("*"));
    } else {
      c.allowedImages().forEach(i -> out.add(arn.image(i)));
    }
    return out;
  }

  private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
  }

  private void add(PolicyStatement s) {
    role.addToPrincipalPolicy(s);
  }

  Role role() {
    return role;
  }
}
