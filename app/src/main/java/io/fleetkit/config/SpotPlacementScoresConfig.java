package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * The Spot placement score tracker (AWS Compute Blog "Optimizing Amazon EC2 Spot Instances with Spot
 * placement scores"): a scheduled collector scores named configurations in the listed Regions for each
 * target capacity, and publishes the scores as CloudWatch metrics for a dashboard and an alarm.
 *
 * @param scheduleMinutes how often the collector runs, at least 5
 * @param namespace the CloudWatch namespace of the Score and Outcome metrics
 * @param regions the Regions every configuration is scored in (1 to 10)
 * @param targetCapacities the capacities every configuration is scored for, in {@code unit}
 * @param unit units (instances), vcpu or memory-mib
 * @param trackSpotFleet also score the instance selection of the {@code spot_fleet} section
 */
public record SpotPlacementScoresConfig(boolean enabled, int scheduleMinutes, String namespace, List<String> regions,
    List<Integer> targetCapacities, String unit, boolean trackSpotFleet, List<Configuration> configurations,
    Alarm alarm) {

  public SpotPlacementScoresConfig {
    regions = List.copyOf(regions);
    targetCapacities = List.copyOf(targetCapacities);
    configurations = List.copyOf(configurations);
  }

  /**
   * One named configuration: instance types or one set of instance requirements, in the schema of
   * {@code spot_fleet}.
   *
   * @param singleAz score each Availability Zone (by zone ID) instead of each Region
   */
  public record Configuration(String name, List<SpotFleetConfig.InstanceTypeOverride> instanceTypes,
      Optional<SpotFleetConfig.Requirements> instanceRequirements, boolean singleAz) {
    public Configuration {
      instanceTypes = List.copyOf(instanceTypes);
    }
  }

  /**
   * An alarm per configuration, target capacity and Region whose score stays below {@code below} for
   * {@code minutes}.
   *
   * @param topicArn an existing SNS topic; empty creates an encrypted topic in the stack
   */
  public record Alarm(boolean enabled, int below, int minutes, Optional<String> topicArn) {}
}
