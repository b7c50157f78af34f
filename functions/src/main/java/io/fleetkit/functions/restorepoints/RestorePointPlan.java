package io.fleetkit.functions.restorepoints;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which restore points to keep and which to delete, decided from a complete listing and nothing else (no AWS
 * call): per instance, the newest {@code keep} completed restore points stay, older completed ones and failed
 * ones go, and everything else is left alone. A snapshot is a restore point only when it carries the
 * restore-point tag with an instance ID as its value; a snapshot without it is never a candidate.
 */
public final class RestorePointPlan {
  static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  private RestorePointPlan() {}

  /**
   * One snapshot as listed.
   *
   * @param tagValue the value of the restore-point tag, or null when the snapshot does not carry it
   * @param state pending, completed, error, recoverable or recovering (EC2 SnapshotState)
   */
  public record Listed(String snapshotId, String tagValue, String state, Instant startTime) {}

  /** What happens to one snapshot, and why. */
  public enum Action { KEEP, DELETE, LEAVE }

  public record Decision(String snapshotId, String instanceId, Action action, String reason) {}

  /** Decisions in a stable order: by instance, then newest first; snapshots of no instance last. */
  public static List<Decision> decide(List<Listed> listed, RestorePointsConfig config) {
    Map<String, List<Listed>> byInstance = new TreeMap<>();
    List<Decision> unowned = new ArrayList<>();
    for (Listed s : listed) {
      if (s.tagValue() == null) {
        unowned.add(new Decision(s.snapshotId(), "-", Action.LEAVE, "no " + config.tagKey() + " tag"));
      } else if (!INSTANCE_ID.matcher(s.tagValue()).matches()) {
        unowned.add(new Decision(s.snapshotId(), "-", Action.LEAVE, config.tagKey() + " is \"" + s.tagValue()
            + "\", not an instance ID"));
      } else {
        byInstance.computeIfAbsent(s.tagValue(), k -> new ArrayList<>()).add(s);
      }
    }
    Comparator<Listed> newestFirst = Comparator.comparing(Listed::startTime, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(Listed::snapshotId, Comparator.reverseOrder());
    List<Decision> out = new ArrayList<>();
    byInstance.forEach((instance, points) -> {
      points.sort(newestFirst);
      int kept = 0;
      for (Listed s : points) {
        String id = s.snapshotId();
        if (config.pinned().contains(id)) {
          out.add(new Decision(id, instance, Action.KEEP, "pinned"));
        } else if ("completed".equals(s.state()) && s.startTime() == null) {
          out.add(new Decision(id, instance, Action.LEAVE, "completed, but without a start time to order it by"));
        } else if ("completed".equals(s.state())) {
          kept++;
          out.add(kept <= config.keep()
              ? new Decision(id, instance, Action.KEEP, "newest " + config.keep())
              : new Decision(id, instance, Action.DELETE, "older than the newest " + config.keep()));
        } else if ("error".equals(s.state())) {
          out.add(new Decision(id, instance, Action.DELETE, "failed snapshot (state error), never restorable"));
        } else {
          out.add(new Decision(id, instance, Action.LEAVE, "state " + s.state()));
        }
      }
    });
    unowned.sort(Comparator.comparing(Decision::snapshotId));
    out.addAll(unowned);
    return out;
  }
}
