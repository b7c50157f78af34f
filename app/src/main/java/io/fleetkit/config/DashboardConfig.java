package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * The Outposts dashboard (AWS blog "Deploying an automated Amazon CloudWatch dashboard for AWS
 * Outposts using AWS CDK") and its refresh pipeline.
 *
 * @param tagName the tag key that marks resources for the dashboard
 * @param tagValues any of these values selects a resource
 * @param name the dashboard name; more dashboards are {@code <name>-2}, {@code <name>-3}, ...
 * @param snapshot the inventory written by {@code discover}; synth fails when it is missing or was discovered
 *     for another tag, Region, account or partition
 * @param start the default time range, an ISO-8601 duration before now such as -PT24H
 * @param periodOverride auto or inherit
 * @param discoverDeadlineSeconds how long {@code bin/fleetkit discover} may run in all before it stops, writing nothing
 */
public record DashboardConfig(
    boolean enabled,
    String tagName,
    List<String> tagValues,
    String name,
    String snapshot,
    String start,
    String periodOverride,
    Limits limits,
    Alarms alarms,
    Pipeline pipeline,
    int discoverDeadlineSeconds) {

  public static final String DEFAULT_SNAPSHOT = ".fleetkit/outposts-inventory.json";
  public static final String DEFAULT_START = "-PT24H";
  public static final List<String> PERIOD_OVERRIDES = List.of("auto", "inherit");

  public DashboardConfig {
    tagValues = List.copyOf(tagValues);
  }

  /**
   * CloudWatch dashboard quotas, config because AWS has changed such quotas before; the declarations in
   * DashboardReader hold the defaults and bounds (a dashboard above the quotas fails to deploy).
   */
  public record Limits(int widgetsPerDashboard, int metricsPerWidget, int metricsPerDashboard) {}

  /**
   * CloudWatch alarms on the Outposts of the snapshot, deployed with the dashboards, and where they notify.
   *
   * @param serviceLinkDatapoints 1-minute ConnectedStatus datapoints below 1 (or missing) before the alarm fires
   * @param capacityDatapoints 5-minute capacity datapoints above the threshold before an alarm fires
   * @param ec2UtilizationPercent per Outpost and instance type, 100 minus InstanceTypeCapacityAvailability
   * @param ebsUtilizationPercent per Outpost and EBS volume type, EBSVolumeTypeCapacityUtilization
   * @param s3UtilizationPercent per Outpost, used share of OutpostTotalBytes
   * @param topicArn an existing SNS topic to notify; empty means fleetkit creates {@link #topicName}
   * @param emails subscribed to the topic fleetkit creates (each confirms by email)
   */
  public record Alarms(boolean enabled, int serviceLinkDatapoints, int capacityDatapoints, int ec2UtilizationPercent,
      int ebsUtilizationPercent, int s3UtilizationPercent, Optional<String> topicArn, List<String> emails) {
    public Alarms {
      emails = List.copyOf(emails);
    }

    /** The topic fleetkit creates when no topic_arn is given; capacity_reservation's alarm can use it too. */
    public static String topicName(String prefix) {
      return prefix + "-alarms";
    }
  }

  /**
   * The refresh pipeline: tag or EC2 state changes start CodePipeline, whose build runs
   * {@code discover} and deploys the dashboard stacks.
   *
   * @param source s3 (default; CodeCommit is closed to new customers) or codecommit
   * @param sourceObjectKey the zip of the app in the source bucket (s3)
   * @param repository an existing CodeCommit repository name (codecommit)
   * @param branch the CodeCommit branch (codecommit)
   * @param configFile the config file inside the source that the build synthesizes with
   * @param bootstrapQualifier the CDK bootstrap qualifier of the dashboard stacks' CliCredentialsStackSynthesizer
   */
  public record Pipeline(boolean enabled, String source, String sourceObjectKey, String repository, String branch,
      String configFile, String bootstrapQualifier) {
    public static final List<String> SOURCES = List.of("s3", "codecommit");
    public static final String DEFAULT_QUALIFIER = Checks.DEFAULT_BOOTSTRAP_QUALIFIER;
  }
}
