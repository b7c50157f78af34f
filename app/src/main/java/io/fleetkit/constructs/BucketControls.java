package io.fleetkit.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;

/**
 * Bucket settings that AWS Control Tower's S3 proactive controls ask for and fleetkit's buckets share
 * (Control Tower controls reference, "Amazon S3 controls").
 */
public final class BucketControls {
  private BucketControls() {}

  /** Days a version stays after it stops being current (overwritten or deleted); then S3 removes it. */
  public static final int NONCURRENT_DAYS = 30;
  /** Days before S3 aborts a multipart upload that never completed and drops its parts. */
  public static final int INCOMPLETE_UPLOAD_DAYS = 7;

  /**
   * CT.S3.PR.4 (event notifications): S3 sends the bucket's object events to the account's default
   * EventBridge bus, where rules can route them ("Using EventBridge", Amazon S3 user guide). Written on
   * the L1 bucket (NotificationConfiguration.EventBridgeConfiguration, "Update requires: No interruption")
   * rather than through the L2's eventBridgeEnabled, which deploys a Lambda-backed custom resource.
   * EventBridge bills S3 events as opt-in data events, by the million.
   */
  public static void eventsToEventBridge(Bucket bucket) {
    ((CfnBucket) bucket.getNode().getDefaultChild()).setNotificationConfiguration(
        CfnBucket.NotificationConfigurationProperty.builder()
            .eventBridgeConfiguration(CfnBucket.EventBridgeConfigurationProperty.builder().eventBridgeEnabled(true).build())
            .build());
  }

  /**
   * The lifecycle rule a versioned bucket needs (CT.S3.PR.3 and CT.S3.PR.6): versions that are no longer
   * current expire after {@link #NONCURRENT_DAYS}, incomplete multipart uploads after
   * {@link #INCOMPLETE_UPLOAD_DAYS}. Current objects are kept ("Managing the lifecycle of objects", Amazon S3
   * user guide, NoncurrentVersionExpiration and AbortIncompleteMultipartUpload).
   */
  public static LifecycleRule expireNoncurrentVersions() {
    return LifecycleRule.builder()
        .id("expire-noncurrent-versions")
        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
        .abortIncompleteMultipartUploadAfter(Duration.days(INCOMPLETE_UPLOAD_DAYS))
        .build();
  }
}
