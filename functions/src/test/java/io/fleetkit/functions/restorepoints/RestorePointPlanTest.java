package io.fleetkit.functions.restorepoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.functions.restorepoints.RestorePointPlan.Action;
import io.fleetkit.functions.restorepoints.RestorePointPlan.Decision;
import io.fleetkit.functions.restorepoints.RestorePointPlan.Listed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions alone: ties, recovering snapshots, keep 1, a snapshot without the tag. */
class RestorePointPlanTest {
  static final String I = "i-0a1b2c3d";

  static Listed s(String id, String state, String start) {
    return new Listed(id, I, state, start == null ? null : Instant.parse(start));
  }

  @Test
  void equalStartTimesAreOrderedBySnapshotIdAndOnlyCompletedOnesCount() {
    var decisions = RestorePointPlan.decide(List.of(
        s("snap-00000001", "completed", "2026-03-01T00:00:00Z"),
        s("snap-00000002", "completed", "2026-03-01T00:00:00Z"),
        s("snap-00000003", "recovering", "2026-03-02T00:00:00Z"),
        s("snap-00000004", "completed", null),
        new Listed("snap-00000005", null, "completed", Instant.parse("2026-01-01T00:00:00Z"))),
        new RestorePointsConfig("k", 1, false, List.of()));
    assertEquals(List.of(
        new Decision("snap-00000003", I, Action.LEAVE, "state recovering"),
        new Decision("snap-00000002", I, Action.KEEP, "newest 1"),
        new Decision("snap-00000001", I, Action.DELETE, "older than the newest 1"),
        new Decision("snap-00000004", I, Action.LEAVE, "completed, but without a start time to order it by"),
        new Decision("snap-00000005", "-", Action.LEAVE, "no k tag")), decisions);
  }
}
