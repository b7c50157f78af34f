package io.fleetkit.inventory;

/**
 * CloudWatch names that discovery queries and the dashboard draws, defined once for both sides.
 * Outposts rack user guide, "CloudWatch metrics for Outposts racks"; Amazon S3 user guide,
 * "Amazon S3 on Outposts metrics in CloudWatch".
 */
public final class OutpostMetrics {
  /** The Outposts rack metrics. */
  public static final String OUTPOSTS_NAMESPACE = "AWS/Outposts";
  /** EBS capacity per volume type; dimensions OutpostId and VolumeType. */
  public static final String EBS_METRIC = "EBSVolumeTypeCapacityUtilizationGB";
  /**
   * S3 user guide, "Amazon S3 on Outposts metrics in CloudWatch", names "the S3Outposts namespace";
   * like every namespace an AWS service publishes, it carries the reserved AWS/ prefix, as in the
   * Outposts dashboard blog's sample (AWS/S3Outposts).
   */
  public static final String S3_NAMESPACE = "AWS/S3Outposts";
  public static final String S3_METRIC = "OutpostTotalBytes";

  private OutpostMetrics() {}
}
