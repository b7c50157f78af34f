package io.fleetkit.functions.restorepoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePointsConfigTest {
  @Test
  void roundTripsThroughJson() {
    var c = new RestorePointsConfig("fleetkit:restore-point", 3, false, List.of("snap-0a1b2c3d4e5f6a000"));
    assertEquals("{\"tag_key\":\"fleetkit:restore-point\",\"keep\":3,\"dry_run\":false,\"pinned\":[\"snap-0a1b2c3d4e5f6a000\"]}",
        c.toJson());
    assertEquals(c, RestorePointsConfig.parse(c.toJson()));
    assertEquals(new RestorePointsConfig("k", 1, false, List.of()), RestorePointsConfig.parse("{\"tag_key\":\"k\",\"keep\":1}"));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    var e = assertThrows(IllegalArgumentException.class, () -> RestorePointsConfig.parse(
        "{\"tag_key\": 7, \"keep\": \"3\", \"dry_run\": \"yes\", \"pinned\": [1], \"extra\": true}"));
    assertEquals("invalid restore point janitor configuration:\n  extra: unknown key\n  tag_key: missing or not text\n"
        + "  keep: missing or not a whole number\n  dry_run: not true or false\n  pinned[0]: not text", e.getMessage());
    var bounds = assertThrows(IllegalArgumentException.class, () -> RestorePointsConfig.parse(
        "{\"tag_key\": \"aws:x\", \"keep\": 101, \"pinned\": [\"snap-1\"]}"));
    assertEquals("invalid restore point janitor configuration:\n  tag_key: \"aws:x\" is not a usable tag key (expected"
        + " 1-128 characters, not starting with aws:)\n  keep: 101 is out of range (expected 1 to 100)\n  pinned[0]:"
        + " \"snap-1\" is not a snapshot ID (expected snap- and 8 or 17 lowercase hex digits)", bounds.getMessage());
    assertEquals("invalid restore point janitor configuration: expected a JSON object",
        assertThrows(IllegalArgumentException.class, () -> RestorePointsConfig.parse("[]")).getMessage());
  }
}
