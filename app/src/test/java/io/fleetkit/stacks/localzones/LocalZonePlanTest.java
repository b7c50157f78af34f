package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.AmiChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synth-time checks against the zones snapshot, and the images fixed at synth (no AWS call). */
class LocalZonePlanTest {
  static final String SNAPSHOT = "app/src/test/resources/localzones/zones-snapshot.json";

  static FleetkitConfig config(String snapshot, String web, String db) {
    return config(snapshot, web, db, "gp2");
  }

  static FleetkitConfig config(String snapshot, String web, String db, String volumeType) {
    return ConfigLoader.parse("test.yaml", """
        project:
          prefix: fleetkit
          region: us-east-1
        local_zone:
          zone: us-east-1-atl-1a
          nat_ami: ami-0123456789abcdef0
          web:
            instance_type: %s
            volume_type: %s
          database:
            instance_type: %s
            ami: ami-0fedcba9876543210
          zones_snapshot: %s
        """.formatted(web, volumeType, db, snapshot));
  }

  static List<String> errors(FleetkitConfig config) {
    return assertThrows(ConfigException.class, () -> LocalZonePlan.of(config)).lines();
  }

  @Test
  void typesOfferedInTheZonePass() {
    var plan = LocalZonePlan.of(config(SNAPSHOT, "t3.xlarge", "r5.2xlarge"));
    assertEquals("2026-11-26T04:00:00Z", plan.offerings().orElseThrow().fetchedAt());
  }

  @Test
  void aTypeNotOfferedFailsWithFileLineAndTheOfferedTypes() {
    assertEquals(List.of("test.yaml:8:20: local_zone.web.instance_type: m5.large is not offered in us-east-1-atl-1a "
        + "(zones snapshot " + SNAPSHOT + ", fetched 2026-11-26T04:00:00Z; expected one of: c5.2xlarge, c5d.2xlarge, "
        + "g4dn.2xlarge, r5.2xlarge, t3.medium, t3.xlarge)"), errors(config(SNAPSHOT, "m5.large", "r5.2xlarge")));
  }

  @Test
  void aVolumeTypeTheSnapshotDoesNotRecordForTheZoneFails() {
    assertEquals(List.of("test.yaml:9:18: local_zone.web.volume_type: gp3 is not an EBS volume type of us-east-1-atl-1a "
        + "(zones snapshot " + SNAPSHOT + ", fetched 2026-11-26T04:00:00Z from pricing:GetProducts AmazonEC2 "
        + "productFamily=Storage regionCode=us-east-1-atl-1; expected one of: gp2, io1, sc1, st1)"),
        errors(config(SNAPSHOT, "t3.xlarge", "r5.2xlarge", "gp3")));
  }

  @Test
  void withoutASnapshotConfigMustSayNone() {
    assertEquals(List.of("test.yaml:13:19: local_zone.zones_snapshot: does/not/exist.json does not exist (expected the "
        + "zones snapshot of us-east-1-atl-1a: bin/fleetkit zones offerings us-east-1-atl-1a --region us-east-1 --snapshot "
        + "does/not/exist.json; or zones_snapshot: none to synthesize without checking the zone's instance and volume "
        + "types)"), errors(config("does/not/exist.json", "m5.large", "m5.large")));
    var plan = LocalZonePlan.of(config("none", "m5.large", "m5.large", "gp3"));
    assertTrue(plan.offerings().isEmpty());
  }

  @Test
  void aSnapshotWithoutTheZoneSaysHowToAddIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("zones.json");
    Files.writeString(file, "{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":{}}");
    assertEquals(List.of("test.yaml:5:9: local_zone.zone: zone us-east-1-atl-1a is not in the zones snapshot " + file
        + " (expected a snapshot of it: bin/fleetkit zones offerings us-east-1-atl-1a --region us-east-1 --snapshot " + file
        + ")"), errors(config(file.toString(), "t3.medium", "t3.medium")));
  }

  @Test
  void aFileThatIsNotASnapshotIsReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("zones.json");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    assertEquals(List.of("test.yaml:13:19: local_zone.zones_snapshot: " + file + ": /format: \"something-else\" is not the"
        + " zones snapshot's format (expected \"fleetkit-zones\"; regenerate it with: bin/fleetkit zones offerings ZONE"
        + " --snapshot " + file + " for each zone, after deleting " + file + ")"), errors(config(file.toString(), "t3.medium", "t3.medium")));
  }

  @Test
  void theDatabaseAndNatImagesAreFixedAtSynthAndTheWebTiersFollowsTheLatest() {
    var plan = LocalZonePlan.of(config("none", "t3.medium", "t3.medium"));
    assertEquals(new AmiChoice(new AmiChoice.AmiId("us-east-1", "ami-0fedcba9876543210"), "/dev/xvda"), plan.databaseAmi());
    assertEquals(new AmiChoice(new AmiChoice.AmiId("us-east-1", "ami-0123456789abcdef0"), "/dev/xvda"), plan.natAmi());
    assertTrue(plan.databaseAmi().pinnedAtSynth());
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64), plan.webAmi());
  }

  @Test
  void latestIsACachedLookupThatNeedsTheAccount() {
    String zone = """
        local_zone:
          zone: us-east-1-atl-1a
          nat_instance_type: t4g.medium
          zones_snapshot: none
        """;
    var withAccount = LocalZonePlan.of(ConfigLoader.parse("test.yaml", """
        project:
          prefix: fleetkit
          account: "111122223333"
          region: us-east-1
        """ + zone));
    assertEquals(new AmiChoice(new AmiChoice.CachedLatestAmazonLinux2023(AmiChoice.Cpu.ARM_64), "/dev/xvda"),
        withAccount.natAmi());
    assertEquals(new AmiChoice.CachedLatestAmazonLinux2023(AmiChoice.Cpu.X86_64), withAccount.databaseAmi().source());
    String expected = "latest is looked up once and cached in cdk.context.json for an account and Region, so it needs"
        + " project.account (expected project.account, or an AMI ID, such as today's: aws ssm get-parameter --region"
        + " us-east-1 --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-";
    assertEquals(List.of(
        "test.yaml:4:1: local_zone.nat_ami: " + expected + "arm64 --query Parameter.Value --output text)",
        "test.yaml:4:1: local_zone.database.ami: " + expected + "x86_64 --query Parameter.Value --output text)"),
        errors(ConfigLoader.parse("test.yaml", """
            project:
              prefix: fleetkit
              region: us-east-1
            """ + zone)));
  }
}
