package io.fleetkit.functions.spotscores;

/**
 * What happened to one configuration, target capacity and Region in a run; published as the
 * {@code Result} dimension of the {@code Outcome} metric, so a refusal or an error is a datapoint of
 * its own and never looks like missing data.
 */
public enum Outcome {
  /** The answer holds a score for the Region (or for its zones, when single-AZ). */
  SCORED("Scored"),
  /**
   * EC2 refused the request: {@code MaxConfigLimitExceeded} (the 24-hour budget of new configurations
   * is spent) or a request it calls invalid ({@code InvalidParameter*}, {@code MissingParameter},
   * {@code UnknownParameter}).
   */
  REFUSED("Refused"),
  /**
   * The Region was asked for, but the complete (every page) answer has no score for it. The API
   * scores the Regions the account can use, so the usual cause is an opt-in Region that is not
   * enabled for the account.
   */
  REGION_NOT_ENABLED("RegionNotEnabled"),
  /** Anything else: access denied, throttling after the SDK's retries, a server error, a malformed answer. */
  ERROR("Error");

  private final String metricValue;

  Outcome(String metricValue) {
    this.metricValue = metricValue;
  }

  /** The value of the {@code Result} dimension. */
  public String metricValue() {
    return metricValue;
  }
}
