package io.fleetkit.inventory;

import java.util.List;

/**
 * CloudWatch names that discovery records and the dashboard and alarms read, defined once for both sides.
 * Namespaces of S3 on Outposts are not here: discovery tries its candidates and records the one that has
 * data for each Outpost, and the dashboard reads the namespace from the snapshot.
 *
 * <p>Outposts rack user guide, "CloudWatch metrics for Outposts racks" (namespace AWS/Outposts): which
 * dimensions each metric carries. Account ("the account or service using the capacity") is on
 * UsedInstanceType_Count, InstanceTypeCapacityUtilization and InstanceFamilyCapacityUtilization only, so
 * their dimension sets vary with who uses the Outpost; InstanceTypeCapacityAvailability and
 * AvailableInstanceType_Count have InstanceType and OutpostId. Amazon S3 user guide, "Amazon S3 on Outposts
 * metrics in CloudWatch": OutpostTotalBytes and OutpostFreeBytes, 5-minute period.
 */
public final class OutpostMetrics {
  /** The Outposts rack metrics. */
  public static final String OUTPOSTS_NAMESPACE = "AWS/Outposts";

  public static final String OUTPOST_ID = "OutpostId";
  public static final String ACCOUNT = "Account";
  public static final String INSTANCE_TYPE = "InstanceType";
  public static final String VOLUME_TYPE = "VolumeType";

  /** Instances of a type that can still be launched; InstanceType, OutpostId. */
  public static final String AVAILABLE_COUNT = "AvailableInstanceType_Count";
  /** Instances of a type in use, "including ... managed services such as Amazon RDS or Application Load Balancer"; Account, InstanceType, OutpostId. */
  public static final String USED_COUNT = "UsedInstanceType_Count";
  /** Percentage of a type's capacity available; InstanceType, OutpostId (no Account): 100 minus it is the Outpost's utilization. */
  public static final String TYPE_AVAILABILITY = "InstanceTypeCapacityAvailability";
  /** Percentage of a type's capacity in use, per Account; recorded to show which accounts use the Outpost. */
  public static final String TYPE_UTILIZATION = "InstanceTypeCapacityUtilization";
  /** Percentage of an EBS volume type's capacity in use; VolumeType, OutpostId. */
  public static final String EBS_UTILIZATION = "EBSVolumeTypeCapacityUtilization";
  /** Gigabytes in use and available per EBS volume type; VolumeType, OutpostId. */
  public static final String EBS_USED_GB = "EBSVolumeTypeCapacityUtilizationGB";
  public static final String EBS_AVAILABLE_GB = "EBSVolumeTypeCapacityAvailabilityGB";
  /** The service link: "If the average statistic is less than 1, the connection is impaired"; OutpostId, 1 minute. */
  public static final String CONNECTED_STATUS = "ConnectedStatus";

  /** S3 on Outposts capacity of the Outpost, in bytes. */
  public static final String S3_TOTAL_BYTES = "OutpostTotalBytes";
  public static final String S3_FREE_BYTES = "OutpostFreeBytes";

  /** The AWS/Outposts metrics discovery records for each Outpost. */
  public static final List<String> OUTPOSTS_RECORDED = List.of(AVAILABLE_COUNT, USED_COUNT, TYPE_AVAILABILITY,
      TYPE_UTILIZATION, EBS_UTILIZATION, EBS_USED_GB, EBS_AVAILABLE_GB, CONNECTED_STATUS);
  /** The S3 on Outposts metrics discovery records for each Outpost. */
  public static final List<String> S3_RECORDED = List.of(S3_TOTAL_BYTES, S3_FREE_BYTES);

  private OutpostMetrics() {}
}
