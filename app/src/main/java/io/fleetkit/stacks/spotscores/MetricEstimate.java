package io.fleetkit.stacks.spotscores;

import io.fleetkit.functions.spotscores.SpotScoresConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The custom metrics the collector publishes and what they cost per month, printed at synth. A metric is
 * one name and set of dimensions: a Score per configuration, target capacity and Region (or per zone ID
 * of a single-AZ configuration), and an Outcome per configuration, target capacity, Region and result.
 *
 * <p>Prices: Amazon CloudWatch pricing (https://aws.amazon.com/cloudwatch/pricing/), US East (N. Virginia):
 * custom metrics $0.30 per metric-month for the first 10,000, prorated by the hour (a metric published
 * at least once an hour counts fully); API requests $0.01 per 1,000. Other Regions charge more or less.
 *
 * @param regionalScores Score series of regional configurations
 * @param zoneScores Score series of single-AZ configurations, counted at {@link #ZONES_PER_REGION} per Region
 * @param outcomes Outcome series when every query is scored; refusals and errors add up to 3 more each
 * @param requestsPerMonth PutMetricData requests: one per run (1,000 datapoints per request)
 */
public record MetricEstimate(int distinctQueries, int scheduleMinutes, int regionalScores, int zoneScores,
    int outcomes, long requestsPerMonth) {
  /** Zone IDs are unknown until the first run: counted at 6, the most any Region has (us-east-1). */
  static final int ZONES_PER_REGION = 6;
  /** Outcome results: Scored, Refused, RegionNotEnabled, Error. */
  static final int RESULTS = 4;
  static final int HOURS_PER_MONTH = 730;
  static final BigDecimal PER_METRIC_MONTH = new BigDecimal("0.30");
  static final BigDecimal PER_THOUSAND_REQUESTS = new BigDecimal("0.01");
  static final int DATUMS_PER_REQUEST = 1000;

  static MetricEstimate of(SpotScoresConfig collector, int scheduleMinutes) {
    int regional = 0;
    int zones = 0;
    int outcomes = 0;
    for (var pq : collector.queries()) {
      int series = pq.configurationNames().size() * pq.query().regions().size();
      outcomes += series;
      if (pq.query().singleAvailabilityZone()) zones += series * ZONES_PER_REGION;
      else regional += series;
    }
    int datumsPerRun = outcomes + regional + zones;
    long runs = (long) HOURS_PER_MONTH * 60 / scheduleMinutes;
    long requests = runs * Math.max(1, (datumsPerRun + DATUMS_PER_REQUEST - 1) / DATUMS_PER_REQUEST);
    return new MetricEstimate(collector.queries().size(), scheduleMinutes, regional, zones, outcomes, requests);
  }

  public int metrics() {
    return regionalScores + zoneScores + outcomes;
  }

  public BigDecimal monthlyCost() {
    return PER_METRIC_MONTH.multiply(BigDecimal.valueOf(metrics()))
        .add(PER_THOUSAND_REQUESTS.multiply(BigDecimal.valueOf(requestsPerMonth)).divide(BigDecimal.valueOf(1000)))
        .setScale(2, RoundingMode.HALF_UP);
  }

  /** One line: the queries, the metrics by kind, and the monthly cost with its source. */
  public String summary() {
    BigDecimal metricsCost = PER_METRIC_MONTH.multiply(BigDecimal.valueOf(metrics())).setScale(2, RoundingMode.HALF_UP);
    BigDecimal requestsCost = PER_THOUSAND_REQUESTS.multiply(BigDecimal.valueOf(requestsPerMonth))
        .divide(BigDecimal.valueOf(1000)).setScale(2, RoundingMode.HALF_UP);
    return distinctQueries + " distinct Spot placement score queries every " + scheduleMinutes + " minutes publish "
        + metrics() + " custom metrics (" + regionalScores + " Score by Region, " + (zoneScores == 0 ? "0"
        : "up to " + zoneScores) + " Score by zone, " + outcomes + " Outcome; refused or failed queries add up to "
        + (RESULTS - 1) * outcomes + " Outcome more): about $" + monthlyCost() + " per month ($" + metricsCost
        + " for metrics at $0.30 per metric-month, $" + requestsCost + " for " + requestsPerMonth
        + " PutMetricData requests at $0.01 per 1,000; CloudWatch prices in US East (N. Virginia))";
  }
}
