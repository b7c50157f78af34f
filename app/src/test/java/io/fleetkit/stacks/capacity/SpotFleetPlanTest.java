package io.fleetkit.stacks.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.SpotFleetConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.MixedInstancesGroup;
import io.fleetkit.constructs.SpotAllocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spot_fleet plan in plain Java: no construct, no jsii. */
class SpotFleetPlanTest {
  static FleetkitConfig config(String body) {
    return ConfigLoader.parse("test.yaml", """
        project:
          prefix: fk
          region: us-east-1
        spot_fleet:
          enabled: true
          availability_zones: [us-east-1a, us-east-1b]
          on_demand_base_capacity: 1
          on_demand_percentage_above_base: 20
        """ + body);
  }

  @Test
  void distributionAndImageComeFromConfig() {
    var plan = SpotFleetPlan.of(config("""
          spot_allocation_strategy: capacity-optimized
          instance_types: [{type: m7g.large}, {type: c7g.xlarge}]
        """));
    assertEquals(new MixedInstancesGroup.Distribution(1, 20, SpotAllocation.CAPACITY_OPTIMIZED), plan.distribution());
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.ARM_64), plan.ami());
  }

  @Test
  void requirementsForAwsCpusOnlyTakeTheArmImageAndAnOwnImageItsRootDevice() {
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.ARM_64), SpotFleetPlan.of(config("""
          instance_requirements:
            - {vcpu: {min: 2}, memory_mib: {min: 4096}, cpu_manufacturers: [amazon-web-services]}
        """)).ami());
    assertEquals(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64), SpotFleetPlan.of(config("""
          instance_requirements:
            - {vcpu: {min: 2}, memory_mib: {min: 4096}}
        """)).ami());
    assertEquals(new AmiChoice(new AmiChoice.SsmParameter("/fleetkit/images/ubuntu"), "/dev/sda1"), SpotFleetPlan.of(config("""
          instance_types: [{type: m5.large}, {type: m5a.large}]
          image_ssm_parameter: /fleetkit/images/ubuntu
          image_root_device: /dev/sda1
        """)).ami());
  }

  @Test
  void anUnknownAllocationStrategyIsAConfigErrorBeforeAnyConstruct() {
    // The reader rejects it; the plan must too, instead of the construct throwing at synth.
    FleetkitConfig good = config("""
          spot_allocation_strategy: lowest-price
          instance_types: [{type: m5.large}, {type: m5a.large}]
        """);
    var c = good.spotFleet();
    var bad = new SpotFleetConfig(c.enabled(), c.availabilityZones(), c.capacity(), c.onDemandBaseCapacity(),
        c.onDemandPercentageAboveBase(), "cheapest", c.instanceTypes(), c.instanceRequirements(), c.burstableCredits(),
        c.imageSsmParameter(), c.imageRootDevice(), c.rootVolumeGiB(), c.loadBalancer(), c.network(), c.healthCheckGate());
    var e = assertThrows(ConfigException.class, () -> SpotFleetPlan.of(new FleetkitConfig(good.project(),
        good.guardrails(), good.dashboard(), good.gpuMonitoring(), good.imagePipelines(), good.capacityReservation(), bad,
        good.localZone(), good.spotPlacementScores(), good.queueWorkers(),
        good.rootRestore(), good.credentialGuard(), good.instanceConnect(), good.outpostRouting(),
        good.source())));
    assertEquals(List.of("test.yaml:9:29: spot_fleet.spot_allocation_strategy: \"cheapest\" is not a Spot allocation"
        + " strategy of Auto Scaling (expected one of: price-capacity-optimized, capacity-optimized,"
        + " capacity-optimized-prioritized, lowest-price)"), e.lines());
  }
}
