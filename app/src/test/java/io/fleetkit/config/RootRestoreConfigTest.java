package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The root_volume_restore section: defaults, and each bad input of issue 14 as one pinned line with file:line:col. */
class RootRestoreConfigTest {
  static List<String> errors(String section) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml",
        "project: {prefix: fleetkit}\nroot_volume_restore:\n  enabled: true\n" + section)).lines();
  }

  @Test
  void absentSectionIsDisabledAndAnEnabledOneTakesTheDeclaredDefaults() {
    assertFalse(ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\n").rootRestore().enabled());
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\nroot_volume_restore: {enabled: true}\n").rootRestore();
    assertEquals(new RootRestoreConfig(true, "fleetkit:restorable", "true", "fleetkit:restore-point", true, 3,
        Optional.empty(), Optional.of("cron(30 4 * * ? *)"), false, 60, 120, List.of(), List.of(), List.of(), List.of()), c);
    assertEquals("fleetkit:restore-point:scheduled", c.scheduledTagKey());
    assertEquals("acme-ReplaceRootVolume", RootRestoreConfig.replaceDocumentName("acme"));
    assertEquals("acme-CreateRestorePoint", RootRestoreConfig.restorePointDocumentName("acme"));
  }

  @Test
  void offTurnsBothSchedulesOff() {
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\nroot_volume_restore:\n  enabled: true\n"
        + "  scheduled_restore_points: off\n  janitor_schedule: off\n").rootRestore();
    assertEquals(Optional.empty(), c.scheduledRestorePoints());
    assertEquals(Optional.empty(), c.janitorSchedule());
  }

  @Test
  void malformedInstanceSnapshotAndImageIds() {
    assertEquals(List.of("test.yaml:4:25: root_volume_restore.protected_instances[0]: \"i-12345\" is not an instance ID"
        + " (expected i- and 8 or 17 lowercase hex digits, such as i-0a1b2c3d4e5f60001)"),
        errors("  protected_instances: [i-12345]\n"));
    assertEquals(List.of("test.yaml:4:27: root_volume_restore.pinned_restore_points[0]: \"snap-0A1B2C3D\" is not a"
        + " snapshot ID (expected snap- and 8 or 17 lowercase hex digits, such as snap-0a1b2c3d4e5f60001)"),
        errors("  pinned_restore_points: [snap-0A1B2C3D]\n"));
    assertEquals(List.of("test.yaml:6:7: root_volume_restore.allowed_images[1]: \"ami-0a1b2c3d4e5f6000\" is not an AMI ID"
        + " (expected ami- and 8 or 17 lowercase hex digits, such as ami-0a1b2c3d4e5f60001)"),
        errors("  allowed_images:\n    - ami-0a1b2c3d4e5f60001\n    - ami-0a1b2c3d4e5f6000\n"));
    assertEquals(List.of("test.yaml:4:34: root_volume_restore.allowed_images[1]: \"ami-0a1b2c3d\" is listed twice"
        + " (expected each ID once)"), errors("  allowed_images: [ami-0a1b2c3d, ami-0a1b2c3d]\n"));
  }

  @Test
  void encryptionKeysAreKeyArnsOfTheProjectsPartition() {
    assertEquals(List.of("test.yaml:4:25: root_volume_restore.encryption_key_arns[0]: \"alias/aws/ebs\" is not a KMS key"
        + " ARN (expected arn:<partition>:kms:<region>:<account>:key/<key ID>; an alias cannot be used)"),
        errors("  encryption_key_arns: [alias/aws/ebs]\n"));
    assertEquals(List.of("test.yaml:4:25: root_volume_restore.encryption_key_arns[0]: \"arn:aws-cn:kms:cn-north-1:111122223333"
        + ":key/0a1b2c3d-1111-2222-3333-444455556666\" is in partition \"aws-cn\" (expected partition \"aws\")"),
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit,"
            + " region: eu-west-1}\nroot_volume_restore:\n  enabled: true\n  encryption_key_arns:"
            + " [arn:aws-cn:kms:cn-north-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666]\n")).lines());
  }

  @Test
  void keepCountOutOfRange() {
    assertEquals(List.of("test.yaml:4:24: root_volume_restore.keep_restore_points: 0 is out of range (expected 1 to 100)"),
        errors("  keep_restore_points: 0\n"));
    assertEquals(List.of("test.yaml:4:24: root_volume_restore.keep_restore_points: 101 is out of range (expected 1 to 100)"),
        errors("  keep_restore_points: 101\n"));
  }

  @Test
  void invalidCrons() {
    assertEquals(List.of("test.yaml:4:29: root_volume_restore.scheduled_restore_points: \"cron(0 5 * * *)\" has 5 fields"
        + " (expected 6: minutes hours day-of-month month day-of-week year, such as cron(0 4 ? * MON *))"),
        errors("  scheduled_restore_points: cron(0 5 * * *)\n"));
    assertEquals(List.of("test.yaml:4:29: root_volume_restore.scheduled_restore_points: \"cron(*/15 * * * ? *)\" runs more"
        + " than once an hour (expected a single minute, such as cron(0 5 * * ? *): Data Lifecycle Manager schedules are"
        + " 1 hour to 1 year apart)"), errors("  scheduled_restore_points: cron(*/15 * * * ? *)\n"));
    assertEquals(List.of("test.yaml:4:21: root_volume_restore.janitor_schedule: \"daily\" is not a cron expression"
        + " (expected cron(<6 fields>), such as cron(0 4 ? * MON *))"), errors("  janitor_schedule: daily\n"));
    assertEquals(List.of("test.yaml:4:21: root_volume_restore.janitor_schedule: \"cron(0 25 * * ? *)\": the hours field"
        + " \"25\" is not valid (expected 0-23, *, ranges a-b, lists a,b or steps a/n)"),
        errors("  janitor_schedule: cron(0 25 * * ? *)\n"));
  }

  @Test
  void tagKeysWithTheAwsPrefixOrOtherwiseUnusable() {
    assertEquals(List.of("test.yaml:5:10: root_volume_restore.restorable_tag.key: \"aws:restorable\" is not a tag key:"
        + " the aws: prefix is reserved for AWS (expected 1-128 letters, digits, spaces and _ . : / = + - @, not starting"
        + " with aws:)"), errors("  restorable_tag:\n    key: aws:restorable\n"));
    assertEquals(List.of("test.yaml:4:22: root_volume_restore.restore_point_tag: \"aws:restore-point\" is not a tag key:"
        + " the aws: prefix is reserved for AWS (expected 1-128 letters, digits, spaces and _ . : / = + - @, not starting"
        + " with aws:)"), errors("  restore_point_tag: aws:restore-point\n"));
    assertEquals(List.of("test.yaml:4:22: root_volume_restore.restore_point_tag: \"" + "r".repeat(119) + "\" is 119"
        + " characters (expected at most 118: scheduled restore points carry it with :scheduled appended, and a tag key"
        + " holds 128)"), errors("  restore_point_tag: " + "r".repeat(119) + "\n"));
    assertEquals(List.of("test.yaml:5:12: root_volume_restore.restorable_tag.value: \"a,b\" is not a tag value: it"
        + " contains ',' (U+002C) (expected 0-256 letters, digits, spaces and _ . : / = + - @)"),
        errors("  restorable_tag:\n    value: a,b\n"));
    assertEquals(List.of("test.yaml:4:22: root_volume_restore.restore_point_tag: \"fleetkit:restorable\" is also the"
        + " restorable tag's key (expected a key of its own: restore points are snapshots, the restorable tag marks"
        + " instances)"), errors("  restore_point_tag: fleetkit:restorable\n"));
  }

  @Test
  void everyErrorOfTheSectionComesOutTogether() {
    assertEquals(4, errors("""
          keep_restore_points: 500
          janitor_schedule: never
          allowed_images: [ami-1]
          protected_instances: [instance-1]
        """).size());
  }
}
