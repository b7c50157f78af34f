package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * Root volume replacement without a stop, and restore points to replace it with (AWS Compute Blog "Quick
 * Restoration through Replacing the Root Volumes of Amazon EC2 instances"): two Automation runbooks, a janitor
 * that keeps the newest restore points of each instance, and optional scheduled restore points (Data Lifecycle
 * Manager).
 *
 * @param restorableTagKey instances with this tag key...
 * @param restorableTagValue ...and value may have their root volume replaced and restore points made
 * @param restorePointTagKey marks a restore point; its value is the instance ID
 * @param deleteReplacedVolume the runbook's default for DeleteReplacedRootVolume
 * @param keepRestorePoints restore points the janitor keeps per instance (and the scheduled ones DLM keeps)
 * @param scheduledRestorePoints the Data Lifecycle Manager cron(...), or empty for none
 * @param janitorSchedule when the janitor runs: an EventBridge cron(...) in UTC, or empty for no janitor
 * @param janitorDryRun the deployed janitor only reports what it would delete
 * @param replaceTimeoutMinutes how long the runbook waits for the replacement task
 * @param restorePointTimeoutMinutes how long the runbooks wait for a restore point to complete
 * @param allowedImages AMI IDs the runbook may restore from; empty allows any AMI
 * @param pinnedRestorePoints snapshot IDs the janitor never deletes
 * @param protectedInstances instance IDs whose root volume is never replaced, even when tagged
 * @param encryptionKeyArns customer managed KMS keys of the root volumes and snapshots, which the runbook role may use
 *     through EBS to create the replacement volume
 */
public record RootRestoreConfig(
    boolean enabled,
    String restorableTagKey,
    String restorableTagValue,
    String restorePointTagKey,
    boolean deleteReplacedVolume,
    int keepRestorePoints,
    Optional<String> scheduledRestorePoints,
    Optional<String> janitorSchedule,
    boolean janitorDryRun,
    int replaceTimeoutMinutes,
    int restorePointTimeoutMinutes,
    List<String> allowedImages,
    List<String> pinnedRestorePoints,
    List<String> protectedInstances,
    List<String> encryptionKeyArns) {

  /** The value of {@code scheduled_restore_points} and {@code janitor_schedule} that turns them off. */
  public static final String OFF = "off";

  public RootRestoreConfig {
    allowedImages = List.copyOf(allowedImages);
    pinnedRestorePoints = List.copyOf(pinnedRestorePoints);
    protectedInstances = List.copyOf(protectedInstances);
    encryptionKeyArns = List.copyOf(encryptionKeyArns);
  }

  /** The replace runbook of a project, {@code <prefix>-ReplaceRootVolume}; bin/fleetkit restore starts it. */
  public static String replaceDocumentName(String prefix) {
    return prefix + "-ReplaceRootVolume";
  }

  /** The on-demand restore point runbook of a project, {@code <prefix>-CreateRestorePoint}. */
  public static String restorePointDocumentName(String prefix) {
    return prefix + "-CreateRestorePoint";
  }

  /**
   * The tag key of scheduled restore points: Data Lifecycle Manager snapshots every volume of a tagged instance,
   * so its snapshots carry their own key (value: the instance ID) and its own retention, and the janitor, which
   * counts root volume snapshots only, never sees them.
   */
  public String scheduledTagKey() {
    return restorePointTagKey + RootRestoreReader.SCHEDULED_SUFFIX;
  }
}
