package io.fleetkit.constructs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;

/**
 * The Spot allocation strategies of an Auto Scaling group's instances distribution, by their
 * CloudFormation value (AWS::AutoScaling::AutoScalingGroup InstancesDistribution SpotAllocationStrategy).
 * Plans parse config into one of these, so an unknown value is a config error before any construct exists.
 */
public enum SpotAllocation {
  PRICE_CAPACITY_OPTIMIZED("price-capacity-optimized"),
  CAPACITY_OPTIMIZED("capacity-optimized"),
  CAPACITY_OPTIMIZED_PRIORITIZED("capacity-optimized-prioritized"),
  LOWEST_PRICE("lowest-price");

  private final String value;

  SpotAllocation(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<SpotAllocation> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(SpotAllocation::value).toList();
  }

  /** The CDK enum; exhaustive, so a new constant here does not compile until it is mapped. */
  SpotAllocationStrategy cdk() {
    return switch (this) {
      case PRICE_CAPACITY_OPTIMIZED -> SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED;
      case CAPACITY_OPTIMIZED -> SpotAllocationStrategy.CAPACITY_OPTIMIZED;
      case CAPACITY_OPTIMIZED_PRIORITIZED -> SpotAllocationStrategy.CAPACITY_OPTIMIZED_PRIORITIZED;
      case LOWEST_PRICE -> SpotAllocationStrategy.LOWEST_PRICE;
    };
  }
}
