package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * A diversified Spot Auto Scaling group (AWS blog "Best practices to optimize your Amazon EC2 Spot
 * Instances usage" and the Spinnaker diversified server groups tutorial).
 *
 * @param onDemandPercentageAboveBase 0 to 100; the rest above the base is Spot
 * @param spotAllocationStrategy price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized or lowest-price
 * @param instanceTypes an explicit list (1 to 40), or empty when {@code instanceRequirements} is used
 * @param instanceRequirements attribute-based selection (1 to 4 sets), or empty
 * @param burstableCredits standard or unlimited for burstable types; empty leaves the account default
 * @param imageRootDevice the image's root device name, which the encrypted root volume mapping uses
 */
public record SpotFleetConfig(
    boolean enabled,
    List<String> availabilityZones,
    GroupSize capacity,
    int onDemandBaseCapacity,
    int onDemandPercentageAboveBase,
    String spotAllocationStrategy,
    List<InstanceTypeOverride> instanceTypes,
    List<Requirements> instanceRequirements,
    Optional<String> burstableCredits,
    Optional<String> imageSsmParameter,
    String imageRootDevice,
    int rootVolumeGiB,
    LoadBalancer loadBalancer,
    CapacityNetworkConfig network,
    HealthCheckGateConfig healthCheckGate) {

  public SpotFleetConfig {
    availabilityZones = List.copyOf(availabilityZones);
    instanceTypes = List.copyOf(instanceTypes);
    instanceRequirements = List.copyOf(instanceRequirements);
  }

  /** One instance type with its optional weight (units of capacity it counts as). */
  public record InstanceTypeOverride(String type, Optional<Integer> weight) {}

  /**
   * One set of attribute-based instance requirements.
   *
   * @param burstablePerformance included, excluded or required
   * @param excludedTypes instance types or wildcards, such as t2.* or m5a.*
   * @param allowedTypes instance types or wildcards to choose from, such as m6i.*; empty means any (not with excludedTypes)
   */
  public record Requirements(int vcpuMin, Optional<Integer> vcpuMax, int memoryMibMin, Optional<Integer> memoryMibMax,
      List<String> cpuManufacturers, String burstablePerformance, List<String> excludedTypes, List<String> allowedTypes) {
    public Requirements {
      cpuManufacturers = List.copyOf(cpuManufacturers);
      excludedTypes = List.copyOf(excludedTypes);
      allowedTypes = List.copyOf(allowedTypes);
    }
  }

  /**
   * The optional Application Load Balancer with the IMDSv2 demo page.
   *
   * @param allowedCidrs who may reach the listener; empty means the VPC's own range
   * @param deregistrationDelaySeconds at most 90, within Spot's two-minute interruption notice
   * @param certificateArn ACM certificate: an HTTPS listener on 443, and 80 redirects to it
   */
  public record LoadBalancer(boolean enabled, boolean internetFacing, List<String> allowedCidrs,
      int deregistrationDelaySeconds, String healthCheckPath, boolean demoPage, Optional<String> certificateArn) {
    public LoadBalancer {
      allowedCidrs = List.copyOf(allowedCidrs);
    }
  }
}
