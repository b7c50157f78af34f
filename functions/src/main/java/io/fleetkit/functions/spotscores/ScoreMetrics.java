package io.fleetkit.functions.spotscores;

import io.fleetkit.functions.spotscores.Observation.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Turns a run's observations into CloudWatch datapoints and publishes them in as few PutMetricData
 * requests as the API allows: {@code Score} (1 to 10) per Region, or per zone ID for single-AZ
 * configurations, and {@code Outcome} (1, with the result as a dimension) for every configuration,
 * target capacity and Region, scored or not.
 */
public final class ScoreMetrics {
  public static final String SCORE = SpotScoresFunction.SCORE;
  public static final String OUTCOME = SpotScoresFunction.OUTCOME;
  public static final String CONFIGURATION = SpotScoresFunction.CONFIGURATION;
  public static final String REGION = SpotScoresFunction.REGION;
  public static final String TARGET_CAPACITY = SpotScoresFunction.TARGET_CAPACITY;
  public static final String TARGET_CAPACITY_UNIT = SpotScoresFunction.TARGET_CAPACITY_UNIT;
  public static final String AVAILABILITY_ZONE_ID = SpotScoresFunction.AVAILABILITY_ZONE_ID;
  public static final String RESULT = SpotScoresFunction.RESULT;

  // PutMetricData: "Each PutMetricData request is limited to 1 MB in size for HTTP POST requests ...
  // Each request is also limited to no more than 1000 different metrics" (CloudWatch API Reference).
  static final int MAX_DATUMS_PER_REQUEST = 1000;
  static final int MAX_REQUEST_BYTES = 1_000_000;

  private ScoreMetrics() {}

  /** How much a run published. */
  public record Published(int datapoints, int requests) {}

  /** A run's datapoints, all stamped with {@code at}, in observation order (outcome, then its scores). */
  public static List<MetricDatum> datums(SpotScoreCollector.Result result, Instant at) {
    List<MetricDatum> out = new ArrayList<>();
    for (Observation o : result.observations()) {
      List<Dimension> series = List.of(
          dimension(CONFIGURATION, o.configuration()),
          dimension(REGION, o.region()),
          dimension(TARGET_CAPACITY, Integer.toString(o.targetCapacity())),
          dimension(TARGET_CAPACITY_UNIT, o.unit().wire()));
      List<Dimension> outcome = new ArrayList<>(series);
      outcome.add(dimension(RESULT, o.outcome().metricValue()));
      out.add(MetricDatum.builder().metricName(OUTCOME).dimensions(outcome).timestamp(at).value(1.0)
          .unit(StandardUnit.COUNT).build());
      for (Score s : o.scores()) {
        List<Dimension> dims = new ArrayList<>(series);
        s.availabilityZoneId().ifPresent(z -> dims.add(dimension(AVAILABILITY_ZONE_ID, z)));
        out.add(MetricDatum.builder().metricName(SCORE).dimensions(dims).timestamp(at).value((double) s.score())
            .unit(StandardUnit.NONE).build());
      }
    }
    return out;
  }

  /** Consecutive slices of at most 1000 datapoints and well under 1 MB of form-encoded body each. */
  static List<List<MetricDatum>> batches(String namespace, List<MetricDatum> datums) {
    List<List<MetricDatum>> batches = new ArrayList<>();
    List<MetricDatum> current = new ArrayList<>();
    int base = 200 + 3 * namespace.length();
    int bytes = base;
    for (MetricDatum d : datums) {
      int size = estimatedBytes(d);
      if (!current.isEmpty() && (current.size() == MAX_DATUMS_PER_REQUEST || bytes + size > MAX_REQUEST_BYTES)) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = base;
      }
      current.add(d);
      bytes += size;
    }
    if (!current.isEmpty()) batches.add(current);
    return batches;
  }

  /**
   * An upper bound of a datum's size in the query protocol's form encoding: 64 bytes for every
   * parameter name ({@code &MetricData.member.1000.Dimensions.member.30.Value=} is 51), every value at
   * its longest (timestamp, number, unit) and every character percent-encoded. The SDK gzips bodies of
   * 10 KB or more, which only makes the real request smaller.
   */
  static int estimatedBytes(MetricDatum d) {
    int n = 4 * 64 + 3 * (d.metricName().length() + 24 + 24 + 16);
    for (Dimension dim : d.dimensions()) n += 2 * 64 + 3 * (dim.name().length() + dim.value().length());
    return n;
  }

  /**
   * Publishes every batch, even after one fails, then throws if any failed: a run whose data could not
   * be recorded must fail visibly (the function's Errors metric), after logging each failure.
   */
  public static Published publish(CloudWatchClient cloudWatch, String namespace, List<MetricDatum> datums,
      Consumer<String> log) {
    List<List<MetricDatum>> batches = batches(namespace, datums);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      List<MetricDatum> batch = batches.get(i);
      try {
        cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(batch));
      } catch (SdkException e) {
        String failure = "PutMetricData " + (i + 1) + "/" + batches.size() + " (" + batch.size()
            + " datapoints) to " + namespace + " failed: " + e.getMessage();
        log.accept(failure);
        failures.add(failure);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " of " + batches.size() + " PutMetricData requests failed; first: "
          + failures.get(0));
    }
    log.accept("PutMetricData: " + datums.size() + " datapoints in " + batches.size() + " requests to " + namespace);
    return new Published(datums.size(), batches.size());
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }
}
