package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code root_volume_restore} section. */
final class RootRestoreReader {
  static final String NAME = "root_volume_restore";
  /** Appended to {@code restore_point_tag} for the tag of scheduled restore points. */
  static final String SCHEDULED_SUFFIX = ":scheduled";
  // Tag keys and values go through Checks (CloudFormation's Tag pattern, 1-128 and 0-256 characters): the key also
  // goes into IAM condition keys, SSM Automation targets (Key=tag:<key>,Values=<value>, where a comma would split it)
  // and Data Lifecycle Manager target tags, and that pattern has no comma.
  private static final String TAG_CHARACTERS = "letters, digits, spaces and _ . : / = + - @";
  // Policies hold the IDs as ARNs; an inline role policy holds 10,240 characters (IAM quotas).
  static final int MAX_IDS = 50;

  static final Keys KEYS = new Keys("Replaces the root volume of a running instance with its launch state, a restore point"
      + " or an AMI, without a stop: two SSM Automation runbooks, a janitor that keeps the newest restore points, and"
      + " optional scheduled restore points; notes: [root-restore.md](root-restore.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-root-restore`.");
  static final Block RESTORABLE_TAG = KEYS.map("restorable_tag", "Only instances with this tag may have their root volume"
      + " replaced or restore points made (an IAM condition on the instance), and scheduled restore points cover them.");
  static final Key<String> TAG_KEY = RESTORABLE_TAG.keys.text("key", "fleetkit:restorable",
      "Tag key; 1-128 " + TAG_CHARACTERS + ", not starting with `aws:`.");
  static final Key<String> TAG_VALUE = RESTORABLE_TAG.keys.text("value", "true", "Tag value; 0-256 " + TAG_CHARACTERS + ".");
  static final Key<String> RESTORE_POINT_TAG = KEYS.text("restore_point_tag", "fleetkit:restore-point", "Tag key that"
      + " marks a restore point, valued with the instance ID; the janitor deletes only snapshots that carry it."
      + " Scheduled restore points carry it with `" + SCHEDULED_SUFFIX + "` appended.")
      .note("1-" + (128 - SCHEDULED_SUFFIX.length()) + " characters, not the restorable tag's key");
  static final Key<Boolean> DELETE_REPLACED = KEYS.bool("delete_replaced_volume", true, "Default of the replace runbook:"
      + " EC2 deletes the replaced root volume once the task succeeds (`DeleteReplacedRootVolume`).");
  // The janitor's own bound; Data Lifecycle Manager keeps at most 1,000 snapshots per schedule (RetainRule Count).
  static final Key<Integer> KEEP = KEYS.integer("keep_restore_points", 3, "Restore points kept per instance, newest"
      + " first; scheduled restore points keep the same number.").range(1, 100);
  static final Key<String> SCHEDULED = KEYS.text("scheduled_restore_points", RootRestoreConfig.OFF, "`off`, or a"
      + " Data Lifecycle Manager `cron(...)` in UTC that snapshots the volumes of every tagged instance.")
      .note("6 fields, at most once an hour: a single minute");
  static final Key<String> JANITOR_SCHEDULE = KEYS.text("janitor_schedule", "cron(30 4 * * ? *)", "When the janitor"
      + " runs: an EventBridge `cron(...)` with 6 fields, in UTC; `off` deploys no janitor (prune with `bin/fleetkit"
      + " restore-points prune` instead).");
  static final Key<Boolean> JANITOR_DRY_RUN = KEYS.bool("janitor_dry_run", false,
      "The deployed janitor only logs what it would delete.");
  // A replacement takes minutes (EC2 User Guide, "Replace a root volume"); 12 hours bounds both waits.
  static final Key<Integer> REPLACE_TIMEOUT = KEYS.integer("replace_timeout_minutes", 60,
      "How long the replace runbook waits for the task to succeed or fail.").range(5, 720);
  static final Key<Integer> RESTORE_POINT_TIMEOUT = KEYS.integer("restore_point_timeout_minutes", 120,
      "How long the runbooks wait for a restore point snapshot to complete.").range(5, 720);
  static final Key<List<String>> ALLOWED_IMAGES = KEYS.texts("allowed_images", List.of(), "AMI IDs the replace"
      + " runbook may restore from (its role may use no other); none allows any AMI.").maxItems(MAX_IDS);
  static final Key<List<String>> PINNED = KEYS.texts("pinned_restore_points", List.of(), "Snapshot IDs the janitor"
      + " never deletes (its role is denied it); they do not count toward `keep_restore_points`.").maxItems(MAX_IDS);
  static final Key<List<String>> PROTECTED = KEYS.texts("protected_instances", List.of(), "Instance IDs whose root"
      + " volume is never replaced, even when tagged (the runbook role is denied it).").maxItems(MAX_IDS);

  // A KMS key ARN's resource part: key/<UUID>, or key/mrk-<32 hex> for a multi-Region key (AWS KMS developer guide,
  // "Key identifiers (KeyId)"). An alias cannot be used: IAM matches keys by key ARN.
  private static final Pattern KMS_KEY = Pattern.compile("key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
      + "|mrk-[0-9a-f]{32})");
  static final Key<List<String>> ENCRYPTION_KEYS = KEYS.texts("encryption_key_arns", List.of(), "Customer managed KMS key"
      + " ARNs of the root volumes and their snapshots: the runbook role may use them through EBS (kms:ViaService) to"
      + " create the replacement volume. Keys managed by AWS (aws/ebs) need nothing here.").maxItems(20);

  private RootRestoreReader() {}

  static RootRestoreConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    YamlMap t = m.map(RESTORABLE_TAG);
    String key = t.get(TAG_KEY);
    String value = t.get(TAG_VALUE);
    t.finish();
    String restorePointTag = m.get(RESTORE_POINT_TAG);
    boolean deleteReplaced = m.get(DELETE_REPLACED);
    int keep = m.get(KEEP);
    String scheduled = m.get(SCHEDULED);
    String janitorSchedule = m.get(JANITOR_SCHEDULE);
    boolean dryRun = m.get(JANITOR_DRY_RUN);
    int replaceTimeout = m.get(REPLACE_TIMEOUT);
    int restorePointTimeout = m.get(RESTORE_POINT_TIMEOUT);
    List<String> images = m.get(ALLOWED_IMAGES);
    List<String> pinned = m.get(PINNED);
    List<String> protectedInstances = m.get(PROTECTED);
    List<String> keys = m.get(ENCRYPTION_KEYS);
    m.finish();
    return new RootRestoreConfig(enabled, key, value, restorePointTag, deleteReplaced, keep, offOr(scheduled),
        offOr(janitorSchedule), dryRun, replaceTimeout, restorePointTimeout, images, pinned, protectedInstances, keys);
  }

  private static Optional<String> offOr(String schedule) {
    return schedule.strip().equals(RootRestoreConfig.OFF) ? Optional.empty() : Optional.of(schedule.strip());
  }

  static void check(RootRestoreConfig c, String partition, Problems p) {
    if (!c.enabled()) return;
    Checks.tagKey(p, NAME + ".restorable_tag.key", c.restorableTagKey());
    Checks.tagValue(p, NAME + ".restorable_tag.value", c.restorableTagValue());
    if (restorePointTag(p, c.restorePointTagKey()) && c.restorePointTagKey().equals(c.restorableTagKey())) {
      p.error(NAME + ".restore_point_tag", "\"" + c.restorePointTagKey() + "\" is also the restorable tag's key (expected"
          + " a key of its own: restore points are snapshots, the restorable tag marks instances)");
    }
    KEEP.check(p, NAME, c.keepRestorePoints());
    c.scheduledRestorePoints().ifPresent(cron -> scheduled(p, NAME + ".scheduled_restore_points", cron));
    c.janitorSchedule().ifPresent(cron -> Schedules.cron(p, NAME + ".janitor_schedule", cron));
    REPLACE_TIMEOUT.check(p, NAME, c.replaceTimeoutMinutes());
    RESTORE_POINT_TIMEOUT.check(p, NAME, c.restorePointTimeoutMinutes());
    ids(p, ALLOWED_IMAGES, c.allowedImages(), Ec2IdKind.IMAGE);
    ids(p, PINNED, c.pinnedRestorePoints(), Ec2IdKind.SNAPSHOT);
    ids(p, PROTECTED, c.protectedInstances(), Ec2IdKind.INSTANCE);
    String keysPath = ENCRYPTION_KEYS.at(NAME);
    if (c.encryptionKeyArns().size() > ENCRYPTION_KEYS.maxItems()) {
      p.error(keysPath, c.encryptionKeyArns().size() + " keys (expected at most " + ENCRYPTION_KEYS.maxItems() + ")");
    }
    for (int i = 0; i < c.encryptionKeyArns().size(); i++) {
      Checks.arn(p, keysPath + "[" + i + "]", c.encryptionKeyArns().get(i), partition, "kms", KMS_KEY, "a KMS key ARN"
          + " (expected arn:<partition>:kms:<region>:<account>:key/<key ID>; an alias cannot be used)");
    }
  }

  /** A tag key with room for {@link #SCHEDULED_SUFFIX}, which the tag of scheduled restore points appends. */
  private static boolean restorePointTag(Problems p, String key) {
    String path = NAME + ".restore_point_tag";
    if (!Checks.tagKey(p, path, key)) return false;
    int max = Checks.TAG_KEY_MAX - SCHEDULED_SUFFIX.length();
    int n = key.codePointCount(0, key.length());
    if (n <= max) return true;
    p.error(path, "\"" + key + "\" is " + n + " characters (expected at most " + max + ": scheduled restore points"
        + " carry it with " + SCHEDULED_SUFFIX + " appended, and a tag key holds " + Checks.TAG_KEY_MAX + ")");
    return false;
  }

  /** A Data Lifecycle Manager schedule: a valid cron whose interval is at least an hour (CreateRule CronExpression). */
  private static void scheduled(Problems p, String path, String cron) {
    if (!Schedules.cron(p, path, cron)) return;
    String minutes = cron.strip().substring("cron(".length()).strip().split("\\s+")[0];
    if (!minutes.matches("\\d{1,2}")) {
      p.error(path, "\"" + cron + "\" runs more than once an hour (expected a single minute, such as cron(0 5 * * ? *):"
          + " Data Lifecycle Manager schedules are 1 hour to 1 year apart)");
    }
  }

  private static void ids(Problems p, Key<List<String>> key, List<String> values, Ec2IdKind kind) {
    String path = key.at(NAME);
    if (values.size() > key.maxItems()) {
      p.error(path, values.size() + " IDs (expected at most " + key.maxItems() + ", to keep the role policies within"
          + " IAM's 10,240 characters)");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (Checks.ec2Id(p, path + "[" + i + "]", v, kind) && !seen.add(v)) {
        p.error(path + "[" + i + "]", "\"" + v + "\" is listed twice (expected each ID once)");
      }
    }
  }
}
