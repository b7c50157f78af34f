package io.fleetkit.stacks.capacity;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.SpotFleetConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.MixedInstancesGroup;
import io.fleetkit.constructs.SpotAllocation;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <prefix>-spot-fleet} builds, decided before any construct exists: the image for the types'
 * CPU with its root device, and the group's On-Demand and Spot distribution.
 */
public record SpotFleetPlan(SpotFleetConfig config, AmiChoice ami, MixedInstancesGroup.Distribution distribution) {

  public static SpotFleetPlan of(FleetkitConfig config) {
    SpotFleetConfig c = config.spotFleet();
    Optional<SpotAllocation> strategy = SpotAllocation.parse(c.spotAllocationStrategy());
    if (strategy.isEmpty()) {
      throw new ConfigException(List.of(config.source().error("spot_fleet.spot_allocation_strategy", "\""
          + c.spotAllocationStrategy() + "\" is not a Spot allocation strategy of Auto Scaling (expected one of: "
          + String.join(", ", SpotAllocation.names()) + ")")));
    }
    return new SpotFleetPlan(c, AmiChoice.of(c.imageSsmParameter(), c.imageRootDevice(), cpu(c)),
        new MixedInstancesGroup.Distribution(c.onDemandBaseCapacity(), c.onDemandPercentageAboveBase(), strategy.get()));
  }

  /** Graviton when every listed type is Graviton, or every requirement set asks only for AWS CPUs. */
  static AmiChoice.Cpu cpu(SpotFleetConfig c) {
    return cpu(c.instanceTypes(), c.instanceRequirements());
  }

  /** The CPU of a selection in the {@code spot_fleet} schema, wherever it is used: the image a fleet of it boots. */
  public static AmiChoice.Cpu cpu(List<SpotFleetConfig.InstanceTypeOverride> types,
      List<SpotFleetConfig.Requirements> requirements) {
    boolean arm = !types.isEmpty()
        ? types.stream().allMatch(t -> AmiChoice.Cpu.of(t.type()) == AmiChoice.Cpu.ARM_64)
        : !requirements.isEmpty() && requirements.stream()
            .allMatch(r -> r.cpuManufacturers().equals(List.of("amazon-web-services")));
    return arm ? AmiChoice.Cpu.ARM_64 : AmiChoice.Cpu.X86_64;
  }
}
