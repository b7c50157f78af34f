package io.fleetkit.functions.spotscores;

/**
 * What a stack needs to deploy the collector and to chart it, with nothing that calls AWS: the handler
 * setting, the environment variable for its {@link SpotScoresConfig} JSON, and the metric and
 * dimension names it publishes in the configured namespace.
 *
 * <p>The function needs {@code ec2:GetSpotPlacementScores} (no resource type: {@code *}) and
 * {@code cloudwatch:PutMetricData} conditioned on {@code cloudwatch:namespace}, and a timeout of at
 * least two minutes below its schedule's interval (queries stop starting
 * {@value SpotScoreCollector#RESERVE_MILLIS} ms before it).
 */
public final class SpotScoresFunction {
  private SpotScoresFunction() {}

  /** The function's handler setting. */
  public static final String HANDLER = "io.fleetkit.functions.spotscores.SpotScoresHandler::handleRequest";
  /** The environment variable holding the {@link SpotScoresConfig} JSON ({@link SpotScoresConfig#toJson()}). */
  public static final String CONFIG_VARIABLE = "FLEETKIT_SPOT_SCORES_CONFIG";

  /** 1 to 10, unit None, per Region, or per Availability Zone ID for single-AZ configurations. */
  public static final String SCORE = "Score";
  /** 1, unit Count, per configuration, target capacity and Region, with {@link #RESULT} saying what happened. */
  public static final String OUTCOME = "Outcome";

  public static final String CONFIGURATION = "Configuration";
  public static final String REGION = "Region";
  public static final String TARGET_CAPACITY = "TargetCapacity";
  /** units, vcpu or memory-mib. */
  public static final String TARGET_CAPACITY_UNIT = "TargetCapacityUnit";
  /** On {@link #SCORE} of single-AZ configurations only, such as use1-az1. */
  public static final String AVAILABILITY_ZONE_ID = "AvailabilityZoneId";
  /** On {@link #OUTCOME}: Scored, Refused, RegionNotEnabled or Error ({@link Outcome#metricValue()}). */
  public static final String RESULT = "Result";
}
