package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synth-time instance type check against the zones snapshot (no AWS call). */
class LocalZonePlanTest {
  static final String SNAPSHOT = "app/src/test/resources/localzones/zones-snapshot.json";

  static FleetkitConfig config(String snapshot, String web, String db) {
    return ConfigLoader.parse("test.yaml", """
        project:
          prefix: fleetkit
          region: us-east-1
        local_zone:
          zone: us-east-1-atl-1a
          web:
            instance_type: %s
          database:
            instance_type: %s
          zones_snapshot: %s
        """.formatted(web, db, snapshot));
  }

  @Test
  void typesOfferedInTheZonePass() {
    var plan = LocalZonePlan.of(config(SNAPSHOT, "t3.xlarge", "r5.2xlarge"));
    assertEquals("2026-11-26T04:00:00Z", plan.offerings().orElseThrow().fetchedAt());
  }

  @Test
  void aTypeNotOfferedFailsWithFileLineAndTheOfferedTypes() {
    var e = assertThrows(ConfigException.class, () -> LocalZonePlan.of(config(SNAPSHOT, "m5.large", "r5.2xlarge")));
    assertEquals(List.of("test.yaml:7:20: local_zone.web.instance_type: m5.large is not offered in us-east-1-atl-1a "
        + "(zones snapshot " + SNAPSHOT + ", fetched 2026-11-26T04:00:00Z; expected one of: c5.2xlarge, c5d.2xlarge, "
        + "g4dn.2xlarge, r5.2xlarge, t3.medium, t3.xlarge)"), e.lines());
  }

  @Test
  void withoutASnapshotNothingIsChecked() {
    var plan = LocalZonePlan.of(config("does/not/exist.json", "m5.large", "m5.large"));
    assertTrue(plan.offerings().isEmpty());
  }

  @Test
  void aSnapshotWithoutTheZoneSaysHowToAddIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("zones.json");
    Files.writeString(file, "{\"format\":\"fleetkit-zones\",\"version\":1,\"zones\":{}}");
    var e = assertThrows(ConfigException.class, () -> LocalZonePlan.of(config(file.toString(), "t3.medium", "t3.medium")));
    assertEquals(List.of("test.yaml:5:9: local_zone.zone: zone us-east-1-atl-1a is not in the zones snapshot " + file
        + " (expected a snapshot of it: bin/fleetkit zones offerings us-east-1-atl-1a --snapshot " + file + ")"), e.lines());
  }

  @Test
  void aFileThatIsNotASnapshotIsReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("zones.json");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    var e = assertThrows(ConfigException.class, () -> LocalZonePlan.of(config(file.toString(), "t3.medium", "t3.medium")));
    assertEquals(List.of("test.yaml:10:19: local_zone.zones_snapshot: " + file + ": /format: \"something-else\" is not the"
        + " zones snapshot's format (expected \"fleetkit-zones\"; regenerate it with: bin/fleetkit zones offerings ZONE"
        + " --snapshot " + file + " for each zone, after deleting " + file + ")"), e.lines());
  }
}
