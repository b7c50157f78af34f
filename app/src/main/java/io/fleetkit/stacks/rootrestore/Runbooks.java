package io.fleetkit.stacks.rootrestore;

import static io.fleetkit.constructs.AutomationRunbook.EXECUTION_ID;
import static io.fleetkit.constructs.AutomationRunbook.choice;

import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.constructs.AutomationRunbook;
import io.fleetkit.constructs.Ordered;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two Automation runbooks. Replace: check the instance (tagged restorable, EBS root, running), find its root
 * device, create the replacement task from the launch state, a snapshot or an AMI, wait for the task to end and
 * fail unless it succeeded, then snapshot the new root volume as a tagged restore point and wait for it. Create
 * restore point: the same checks and snapshot, on demand.
 *
 * <p>Unlike the blog's automation: the task's TagSpecifications tag the task only (CreateReplaceRootVolumeTask,
 * TagSpecifications: "The tags to apply to the root volume replacement task"), so nothing waits for tags on the old
 * volume; EC2 deletes the replaced volume itself when DeleteReplacedRootVolume is true; the root volume is found
 * from the instance once the task has succeeded (DescribeInstances RootDeviceName, then the volume attached there,
 * as the Automation actions reference's example runbook does), never guessed from a createVolume event; and the
 * task's end is polled (DescribeReplaceRootVolumeTasks), since EC2 sends no event for it.
 */
final class Runbooks {
  static final String EXECUTION_TAG = "fleetkit:automation-execution";
  // ReplaceRootVolumeTask TaskState (EC2 API Reference): pending and in-progress go on, failing goes to failed or
  // failed-detached (the instance may have no root volume then); succeeded, failed and failed-detached are final.
  static final List<String> TASK_ENDS = List.of("succeeded", "failed", "failed-detached");
  // Snapshot State: pending until completed or error.
  static final List<String> SNAPSHOT_ENDS = List.of("completed", "error");
  static final int API_TIMEOUT_SECONDS = 120;
  private static final String ID = "([0-9a-f]{8}|[0-9a-f]{17})";

  private Runbooks() {}

  static Map<String, Object> replace(RootRestorePlan plan, Object roleArn) {
    RootRestoreConfig c = plan.config();
    AutomationRunbook r = new AutomationRunbook("fleetkit: replaces the root volume of a running instance tagged "
        + c.restorableTagKey() + "=" + c.restorableTagValue() + " with its launch state, a snapshot of the root"
        + " volume's lineage or an AMI, without stopping it, then snapshots the new root volume as a restore point ("
        + c.restorePointTagKey() + "). Run it on a fleet with targets by tag, MaxConcurrency and MaxErrors.");
    instanceParameter(r);
    r.parameter("RestoreFrom", "String", "launch (the root volume's launch state), a snapshot ID from the root volume's"
        + " lineage (a restore point), or an AMI ID with the instance's product codes, architecture and virtualization"
        + (c.allowedImages().isEmpty() ? "" : " (one of " + String.join(", ", c.allowedImages()) + ")") + ".",
        "launch", "^(launch|snap-" + ID + "|" + imagePattern(c) + ")$");
    r.parameter("DeleteReplacedRootVolume", "Boolean", "Whether EC2 deletes the replaced root volume once the task"
        + " succeeds; false keeps it, detached, until you delete it.", c.deleteReplacedVolume(), null);
    r.assumeRole(roleArn);
    checkAndFindRootDevice(r, c);
    r.branch("chooseSource", List.of(
        choice("replaceFromSnapshot", "{{RestoreFrom}}", "StartsWith", "snap-"),
        choice("replaceFromImage", "{{RestoreFrom}}", "StartsWith", "ami-")), "replaceFromLaunchState");
    // RestoreFrom's allowedPattern leaves "launch" as the only value that reaches the default.
    replaceAndWait(r, plan, "LaunchState", Map.of());
    replaceAndWait(r, plan, "Snapshot", Map.of("SnapshotId", "{{RestoreFrom}}"));
    replaceAndWait(r, plan, "Image", Map.of("ImageId", "{{RestoreFrom}}"));
    snapshotRootVolume(r, plan, "findNewRootVolume", "restore point of {{InstanceId}} after its root volume was replaced"
        + " from {{RestoreFrom}}");
    return r.output("findNewRootVolume.VolumeId").output("createRestorePoint.SnapshotId").content();
  }

  static Map<String, Object> restorePoint(RootRestorePlan plan, Object roleArn) {
    RootRestoreConfig c = plan.config();
    AutomationRunbook r = new AutomationRunbook("fleetkit: snapshots the root volume of an instance tagged "
        + c.restorableTagKey() + "=" + c.restorableTagValue() + " as a restore point (" + c.restorePointTagKey()
        + "), to replace the root volume with later. Run it on a fleet with targets by tag, MaxConcurrency and MaxErrors.");
    instanceParameter(r);
    r.assumeRole(roleArn);
    r.assertThat("checkInstance", "ec2", "DescribeInstances", restorable(c), "$.Reservations[0].Instances[0].RootDeviceType",
        List.of("ebs"), API_TIMEOUT_SECONDS);
    findRootDevice(r);
    snapshotRootVolume(r, plan, "findRootVolume", "restore point of {{InstanceId}}");
    return r.output("findRootVolume.VolumeId").output("createRestorePoint.SnapshotId").content();
  }

  private static void instanceParameter(AutomationRunbook r) {
    r.parameter("InstanceId", "String", "The instance; with targets, TargetParameterName InstanceId.", null, "^i-" + ID + "$");
  }

  private static String imagePattern(RootRestoreConfig c) {
    return c.allowedImages().isEmpty() ? "ami-" + ID : String.join("|", c.allowedImages());
  }

  /** DescribeInstances of the one instance, only if it carries the restorable tag: otherwise no reservation. */
  private static Map<String, Object> restorable(RootRestoreConfig c) {
    return Ordered.map("InstanceIds", List.of("{{InstanceId}}"),
        "Filters", List.of(filter("tag:" + c.restorableTagKey(), c.restorableTagValue())));
  }

  private static void checkAndFindRootDevice(AutomationRunbook r, RootRestoreConfig c) {
    // An instance without the tag has no reservation to select from: the assertion fails with a clear step name
    // instead of an UnauthorizedOperation from the task. The role's IAM condition enforces the tag either way.
    r.assertThat("checkInstance", "ec2", "DescribeInstances", restorable(c), "$.Reservations[0].Instances[0].RootDeviceType",
        List.of("ebs"), API_TIMEOUT_SECONDS);
    // CreateReplaceRootVolumeTask: "for a running instance".
    r.assertThat("checkRunning", "ec2", "DescribeInstances", Map.of("InstanceIds", List.of("{{InstanceId}}")),
        "$.Reservations[0].Instances[0].State.Name", List.of("running"), API_TIMEOUT_SECONDS);
    findRootDevice(r);
  }

  private static void findRootDevice(AutomationRunbook r) {
    r.executeAwsApi("findRootDevice", "ec2", "DescribeInstances", Map.of("InstanceIds", List.of("{{InstanceId}}")),
        API_TIMEOUT_SECONDS).output("RootDeviceName", "$.Reservations[0].Instances[0].RootDeviceName", "String");
  }

  /** Create the task, wait until it ends, fail unless it succeeded, then go on to the new root volume. */
  private static void replaceAndWait(AutomationRunbook r, RootRestorePlan plan, String source, Map<String, Object> from) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("InstanceId", "{{InstanceId}}");
    inputs.putAll(from);
    inputs.put("DeleteReplacedRootVolume", "{{DeleteReplacedRootVolume}}");
    // One task per execution, even when a step is retried (EC2 idempotency by client token).
    inputs.put("ClientToken", EXECUTION_ID);
    inputs.put("TagSpecifications", List.of(Ordered.map("ResourceType", "replace-root-volume-task",
        "Tags", List.of(tag(EXECUTION_TAG, EXECUTION_ID)))));
    String create = "replaceFrom" + source;
    String taskId = "{{" + create + ".TaskId}}";
    Map<String, Object> task = Map.of("ReplaceRootVolumeTaskIds", List.of(taskId));
    r.executeAwsApi(create, "ec2", "CreateReplaceRootVolumeTask", inputs, API_TIMEOUT_SECONDS)
        .output("TaskId", "$.ReplaceRootVolumeTask.ReplaceRootVolumeTaskId", "String")
        .next("waitFor" + source + "Task");
    r.waitFor("waitFor" + source + "Task", "ec2", "DescribeReplaceRootVolumeTasks", task,
        "$.ReplaceRootVolumeTasks[0].TaskState", TASK_ENDS, plan.config().replaceTimeoutMinutes() * 60)
        .next("check" + source + "Task");
    r.assertThat("check" + source + "Task", "ec2", "DescribeReplaceRootVolumeTasks", task,
        "$.ReplaceRootVolumeTasks[0].TaskState", List.of("succeeded"), API_TIMEOUT_SECONDS)
        .next("findNewRootVolume");
  }

  /** The volume attached at the root device, a tagged snapshot of it, and the wait until that snapshot completes. */
  private static void snapshotRootVolume(AutomationRunbook r, RootRestorePlan plan, String findStep, String description) {
    RootRestoreConfig c = plan.config();
    r.executeAwsApi(findStep, "ec2", "DescribeVolumes", Map.of("Filters", List.of(
            filter("attachment.instance-id", "{{InstanceId}}"),
            filter("attachment.device", "{{findRootDevice.RootDeviceName}}"),
            filter("attachment.status", "attached"))), API_TIMEOUT_SECONDS)
        .output("VolumeId", "$.Volumes[0].VolumeId", "String");
    List<Map<String, Object>> tags = new ArrayList<>();
    tags.add(tag(c.restorePointTagKey(), "{{InstanceId}}"));
    tags.add(tag(EXECUTION_TAG, EXECUTION_ID));
    tags.add(tag("Name", plan.prefix() + " restore point {{InstanceId}}"));
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("VolumeId", "{{" + findStep + ".VolumeId}}");
    snapshot.put("Description", "fleetkit " + description);
    // Tagged in the same call (TagSpecifications), so no restore point exists untagged, and the role needs
    // ec2:CreateTags only for ec2:CreateAction CreateSnapshot.
    snapshot.put("TagSpecifications", List.of(Ordered.map("ResourceType", "snapshot", "Tags", List.copyOf(tags))));
    r.executeAwsApi("createRestorePoint", "ec2", "CreateSnapshot", snapshot, API_TIMEOUT_SECONDS)
        .output("SnapshotId", "$.SnapshotId", "String");
    Map<String, Object> point = Map.of("SnapshotIds", List.of("{{createRestorePoint.SnapshotId}}"));
    r.waitFor("waitForRestorePoint", "ec2", "DescribeSnapshots", point, "$.Snapshots[0].State", SNAPSHOT_ENDS,
        c.restorePointTimeoutMinutes() * 60);
    r.assertThat("checkRestorePoint", "ec2", "DescribeSnapshots", point, "$.Snapshots[0].State", List.of("completed"),
        API_TIMEOUT_SECONDS).end();
  }

  private static Map<String, Object> filter(String name, String value) {
    return Ordered.map("Name", name, "Values", List.of(value));
  }

  private static Map<String, Object> tag(String key, String value) {
    return Ordered.map("Key", key, "Value", value);
  }
}
