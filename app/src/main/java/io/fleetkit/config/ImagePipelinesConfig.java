package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * Cascading EC2 Image Builder pipelines (AWS blog "Implementing up-to-date images with automated EC2
 * Image Builder pipelines"): a hardened gold image and workload images built on top of it.
 *
 * @param schedule Image Builder cron for every pipeline; runs only when dependencies were updated
 * @param instanceTypes build and test instance types
 * @param defaultVpc whether the account has a default VPC in the Region, where Image Builder launches builds that
 *     name no subnet; without one, subnetId and securityGroupIds are required
 * @param subnetId optional build subnet (needs securityGroupIds)
 * @param securityGroupIds optional build security groups
 * @param notificationEmail optional address subscribed to build-failure notifications
 * @param logRetentionDays how long build logs stay in the logs bucket
 * @param testTimeoutMinutes image test timeout (Image Builder allows 60-1440)
 */
public record ImagePipelinesConfig(
    boolean enabled,
    String schedule,
    List<String> instanceTypes,
    boolean defaultVpc,
    Optional<String> subnetId,
    List<String> securityGroupIds,
    Optional<String> notificationEmail,
    int logRetentionDays,
    int testTimeoutMinutes,
    Pipeline gold,
    List<Pipeline> workloads) {

  public static final String DEFAULT_SCHEDULE = "cron(0 4 ? * MON *)";
  public static final String DEFAULT_BASE_IMAGE = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  /** The token Image Builder replaces with the build date; AMI names must be unique. */
  public static final String BUILD_DATE = "{{ imagebuilder:buildDate }}";

  public ImagePipelinesConfig {
    instanceTypes = List.copyOf(instanceTypes);
    securityGroupIds = List.copyOf(securityGroupIds);
    workloads = List.copyOf(workloads);
  }

  /**
   * One pipeline: the gold one has a base image parameter, a workload one has a parent pipeline.
   *
   * @param baseImageParameter SSM public parameter that holds the base AMI ID (gold only)
   * @param parent name of the pipeline whose image this one builds on (workloads only)
   * @param amiName name of the distributed AMI, with {{ imagebuilder:buildDate }}
   * @param ssmParameter optional SSM parameter that receives the new AMI ID
   */
  public record Pipeline(String name, Optional<String> baseImageParameter, Optional<String> parent,
      List<Component> components, String amiName, Optional<String> ssmParameter, int rootVolumeGiB) {
    public Pipeline {
      components = List.copyOf(components);
    }
  }

  /**
   * A recipe component: an AWS-managed one by name and version filter, a custom one from inline YAML
   * whose version is derived from its content, or any other component by ARN (AWS Marketplace CIS
   * components, components shared from another account).
   *
   * @param name the managed or custom component name, or the full ARN
   * @param version for managed components, a version filter such as x.x.x or 1.2.x; empty otherwise
   * @param yaml the AWSTOE document of a custom component; empty otherwise
   */
  public record Component(Kind kind, String name, String version, String description, String yaml) {
    public boolean managed() {
      return kind == Kind.MANAGED;
    }
  }

  public enum Kind { MANAGED, CUSTOM, ARN }
}
