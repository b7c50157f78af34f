package io.fleetkit.functions.spotscores;

import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import java.util.List;
import java.util.Optional;

/**
 * One configuration, target capacity and Region in one run: its outcome and, when scored, its scores
 * (one for the Region, or one per Availability Zone ID when single-AZ). A row of the CLI table.
 *
 * @param detail why it was not scored (the API's error code and message), empty when scored
 */
public record Observation(String configuration, int targetCapacity, CapacityUnit unit, String region,
    Outcome outcome, List<Score> scores, Optional<String> detail) {
  public Observation {
    scores = List.copyOf(scores);
  }

  /**
   * One score from 1 to 10.
   *
   * @param availabilityZoneId the zone ID (use1-az1) for single-AZ queries, else empty
   */
  public record Score(Optional<String> availabilityZoneId, int score) {}
}
