package io.fleetkit.functions.spotscores;

import io.fleetkit.functions.spotscores.Observation.Score;
import io.fleetkit.functions.spotscores.SpotScoresConfig.PlannedQuery;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Query;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Requirements;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresRequest;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresResponse;
import software.amazon.awssdk.services.ec2.model.InstanceRequirementsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceRequirementsWithMetadataRequest;
import software.amazon.awssdk.services.ec2.model.MemoryMiBRequest;
import software.amazon.awssdk.services.ec2.model.SpotPlacementScore;
import software.amazon.awssdk.services.ec2.model.VCpuCountRangeRequest;

/**
 * Runs every distinct query of a configuration once ({@code ec2:GetSpotPlacementScores}, every page)
 * and returns one {@link Observation} per configuration, target capacity and Region, without
 * publishing anything: the Lambda handler publishes the result, {@code bin/fleetkit spot-scores}
 * prints it. A failed query never stops the others, and every query's outcome is logged.
 */
public final class SpotScoreCollector {
  /** Error codes that mean EC2 refused this request rather than failed to answer it. */
  static final List<String> REFUSALS = List.of("MaxConfigLimitExceeded", "InvalidParameter", "InvalidParameterValue",
      "InvalidParameterCombination", "MissingParameter", "UnknownParameter");

  /**
   * A query asks for at most 10 Regions (GetSpotPlacementScores RegionNames), each with a handful of zones: tens of
   * scores, and pages of at least 10 (MaxResults 10 to 1,000). 100 pages is far past any answer; a service that
   * repeats its token or never stops paging fails the query instead of holding the function to its timeout.
   */
  static final int MAX_PAGES = 100;

  private SpotScoreCollector() {}

  /** What one run found: observations in configuration order, and how many API queries it made. */
  public record Result(List<Observation> observations, int queries) {
    public Result {
      observations = List.copyOf(observations);
    }

    /** How many observations had each outcome, every outcome listed. */
    public Map<Outcome, Integer> counts() {
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      for (Outcome o : Outcome.values()) counts.put(o, 0);
      observations.forEach(o -> counts.merge(o.outcome(), 1, Integer::sum));
      return counts;
    }
  }

  /**
   * Time a query may still start with: one API call ({@link io.fleetkit.functions.FunctionClients}
   * bounds each at 30 s, retries included) plus the PutMetricData requests after the last query.
   */
  public static final long RESERVE_MILLIS = 45_000;

  /** {@link #collect(Ec2Client, SpotScoresConfig, Consumer, LongSupplier)} without a deadline (the CLI). */
  public static Result collect(Ec2Client ec2, SpotScoresConfig config, Consumer<String> log) {
    return collect(ec2, config, log, () -> Long.MAX_VALUE);
  }

  /**
   * Asks each distinct query once and fans the answer out to every configuration that shares it.
   *
   * @param log receives one line per query: what was asked and what came back
   * @param remainingMillis the invocation's time left; once it is under {@link #RESERVE_MILLIS}, the
   *     remaining queries are not asked but recorded as errors, so that the run still publishes an
   *     outcome for every configuration instead of timing out with nothing
   */
  public static Result collect(Ec2Client ec2, SpotScoresConfig config, Consumer<String> log,
      LongSupplier remainingMillis) {
    List<Observation> observations = new ArrayList<>();
    List<PlannedQuery> queries = config.queries();
    for (PlannedQuery pq : queries) {
      long left = remainingMillis.getAsLong();
      Answer answer = left < RESERVE_MILLIS ? Answer.failed(Outcome.ERROR, "not asked: " + left / 1000
          + " s of the function's timeout left, under the " + RESERVE_MILLIS / 1000 + " s a query and publishing need")
          : ask(ec2, pq.query());
      log.accept(describe(pq, answer));
      for (String name : pq.configurationNames()) observations.addAll(answer.observations(name, pq.query()));
    }
    return new Result(observations, queries.size());
  }

  /** Either a failure for the whole query, or the scores of each Region (empty lists never stored). */
  private record Answer(Optional<Outcome> failure, Optional<String> detail, Map<String, List<Score>> scores) {
    static Answer failed(Outcome outcome, String detail) {
      return new Answer(Optional.of(outcome), Optional.of(detail), Map.of());
    }

    List<Observation> observations(String name, Query q) {
      List<Observation> out = new ArrayList<>();
      for (String region : q.regions()) {
        if (failure.isPresent()) {
          out.add(new Observation(name, q.targetCapacity(), q.unit(), region, failure.get(), List.of(), detail));
        } else if (scores.containsKey(region)) {
          out.add(new Observation(name, q.targetCapacity(), q.unit(), region, Outcome.SCORED, scores.get(region),
              Optional.empty()));
        } else {
          out.add(new Observation(name, q.targetCapacity(), q.unit(), region, Outcome.REGION_NOT_ENABLED, List.of(),
              Optional.of("asked for, but not in the answer")));
        }
      }
      // Regions EC2 scored without being asked are real data: kept, after the requested ones.
      scores.forEach((region, s) -> {
        if (!q.regions().contains(region)) {
          out.add(new Observation(name, q.targetCapacity(), q.unit(), region, Outcome.SCORED, s, Optional.empty()));
        }
      });
      return out;
    }
  }

  private static Answer ask(Ec2Client ec2, Query q) {
    List<SpotPlacementScore> all = new ArrayList<>();
    try {
      // The paginator follows nextToken to the last page; a failure on any page fails the query, so a
      // partial answer is never published as if it were complete.
      Set<String> tokens = new LinkedHashSet<>();
      int pages = 0;
      for (GetSpotPlacementScoresResponse page : ec2.getSpotPlacementScoresPaginator(request(q))) {
        if (++pages > MAX_PAGES) {
          return Answer.failed(Outcome.ERROR, "malformed answer: still a next page after " + MAX_PAGES + " pages");
        }
        all.addAll(page.spotPlacementScores());
        String next = page.nextToken();
        if (next != null && !next.isEmpty() && !tokens.add(next)) {
          return Answer.failed(Outcome.ERROR, "malformed answer: the page token \"" + next + "\" came twice (page "
              + pages + ")");
        }
      }
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      return Answer.failed(code != null && REFUSALS.contains(code) ? Outcome.REFUSED : Outcome.ERROR, e.getMessage());
    } catch (SdkException e) {
      return Answer.failed(Outcome.ERROR, "no usable answer: " + e.getMessage());
    }
    Map<String, List<Score>> byRegion = new TreeMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (SpotPlacementScore s : all) {
      Optional<String> zone = Optional.ofNullable(s.availabilityZoneId()).filter(z -> !z.isBlank());
      String problem = s.region() == null || s.region().isBlank() ? "a score without a Region"
          : s.score() == null || s.score() < 1 || s.score() > 10 ? "score " + s.score() + " for " + s.region()
              + " (expected 1 to 10)"
          : q.singleAvailabilityZone() && zone.isEmpty() ? "no Availability Zone ID for " + s.region()
          : !q.singleAvailabilityZone() && zone.isPresent() ? "a zone score (" + zone.get() + ") for a Region query"
          : !seen.add(s.region() + "/" + zone.orElse("")) ? "two scores for " + s.region() + zone.map(z -> " " + z).orElse("")
          : null;
      if (problem != null) return Answer.failed(Outcome.ERROR, "malformed answer: " + problem);
      byRegion.computeIfAbsent(s.region(), r -> new ArrayList<>()).add(new Score(zone, s.score()));
    }
    return new Answer(Optional.empty(), Optional.empty(), byRegion);
  }

  static GetSpotPlacementScoresRequest request(Query q) {
    var b = GetSpotPlacementScoresRequest.builder()
        .targetCapacity(q.targetCapacity())
        .targetCapacityUnitType(q.unit().wire())
        .singleAvailabilityZone(q.singleAvailabilityZone())
        .regionNames(q.regions());
    if (q.instanceRequirements().isPresent()) {
      Requirements r = q.instanceRequirements().get();
      var req = InstanceRequirementsRequest.builder()
          .vCpuCount(VCpuCountRangeRequest.builder().min(r.vcpuMin()).max(r.vcpuMax().orElse(null)).build())
          .memoryMiB(MemoryMiBRequest.builder().min(r.memoryMibMin()).max(r.memoryMibMax().orElse(null)).build())
          .burstablePerformance(r.burstablePerformance());
      // Empty lists are left unset, so that the request says nothing rather than "none".
      if (!r.cpuManufacturers().isEmpty()) req.cpuManufacturersWithStrings(r.cpuManufacturers());
      if (!r.excludedTypes().isEmpty()) req.excludedInstanceTypes(r.excludedTypes());
      if (!r.allowedTypes().isEmpty()) req.allowedInstanceTypes(r.allowedTypes());
      var meta = InstanceRequirementsWithMetadataRequest.builder().instanceRequirements(req.build());
      if (!r.architectureTypes().isEmpty()) meta.architectureTypesWithStrings(r.architectureTypes());
      b.instanceRequirementsWithMetadata(meta.build());
    } else {
      b.instanceTypes(q.instanceTypes());
    }
    return b.build();
  }

  private static String describe(PlannedQuery pq, Answer a) {
    Query q = pq.query();
    String asked = "GetSpotPlacementScores " + String.join(",", pq.configurationNames()) + " capacity="
        + q.targetCapacity() + " " + q.unit().wire() + (q.singleAvailabilityZone() ? " single-AZ " : " regional ")
        + String.join(",", q.regions()) + ": ";
    if (a.failure().isPresent()) return asked + a.failure().get().metricValue() + " (" + a.detail().orElse("") + ")";
    Map<String, String> parts = new LinkedHashMap<>();
    for (String region : q.regions()) {
      parts.put(region, a.scores().containsKey(region) ? scores(a.scores().get(region)) : "RegionNotEnabled");
    }
    a.scores().forEach((region, s) -> parts.putIfAbsent(region, scores(s)));
    return asked + parts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private static String scores(List<Score> scores) {
    return scores.stream().map(s -> s.availabilityZoneId().map(z -> z + ":").orElse("") + s.score())
        .collect(Collectors.joining(","));
  }
}
