package io.fleetkit.constructs;

import io.fleetkit.config.SpotFleetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroupProps;
import software.amazon.awscdk.services.autoscaling.CfnAutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.GroupMetric;
import software.amazon.awscdk.services.autoscaling.GroupMetrics;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.InstancesDistribution;
import software.amazon.awscdk.services.autoscaling.LaunchTemplateOverrides;
import software.amazon.awscdk.services.autoscaling.MixedInstancesPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.constructs.Construct;

/**
 * An Auto Scaling group with a mixed instances policy over a {@link HardenedLaunchTemplate}: many instance
 * types (optionally weighted) or attribute-based requirements, On-Demand base and percentage, a Spot
 * allocation strategy, optional capacity rebalancing, ELB health checks and group metrics collection
 * (EC2 Auto Scaling User Guide, "Auto Scaling groups with multiple instance types and purchase options").
 *
 * <p>It is the {@link AutoScalingGroup} itself, so its path and logical ID ({@code <id>/ASG}) are those of a
 * plain group with the same id.
 */
public class MixedInstancesGroup extends AutoScalingGroup {

  /** How capacity splits between On-Demand and Spot, and how Spot capacity is chosen. */
  public record Distribution(int onDemandBaseCapacity, int onDemandPercentageAboveBase, SpotAllocation spotAllocation) {}

  /**
   * @param instanceTypes an explicit list (weights all or none), or empty with {@code instanceRequirements}
   * @param desiredCapacity empty when a scaling policy sets the size
   * @param groupName a fixed name (IAM policies can then name the group's ARN), or empty for a generated one
   * @param capacityRebalance replace Spot instances at elevated interruption risk before the two-minute notice
   * @param elbHealthCheckGrace ELB health checks with this grace period, or empty for EC2 status checks only
   * @param groupMetrics group metrics collected each minute (MetricsCollection), or none
   */
  public record Props(IVpc vpc, SubnetSelection subnets, HardenedLaunchTemplate launchTemplate,
      List<SpotFleetConfig.InstanceTypeOverride> instanceTypes, List<SpotFleetConfig.Requirements> instanceRequirements,
      Distribution distribution, int minCapacity, int maxCapacity, Optional<Integer> desiredCapacity,
      Optional<String> groupName, boolean capacityRebalance, boolean protectFromScaleIn,
      Optional<Duration> elbHealthCheckGrace, List<GroupMetric> groupMetrics) {

    public Props {
      instanceTypes = List.copyOf(instanceTypes);
      instanceRequirements = List.copyOf(instanceRequirements);
      groupMetrics = List.copyOf(groupMetrics);
      if (instanceTypes.isEmpty() == instanceRequirements.isEmpty()) {
        throw new IllegalArgumentException("a mixed instances policy needs instance types or instance requirements, not both");
      }
    }

    /** No fixed name, no rebalancing, scale-in allowed, EC2 health checks, no group metrics. */
    public static Props of(IVpc vpc, SubnetSelection subnets, HardenedLaunchTemplate launchTemplate,
        List<SpotFleetConfig.InstanceTypeOverride> instanceTypes, List<SpotFleetConfig.Requirements> instanceRequirements,
        Distribution distribution, int minCapacity, int maxCapacity, Optional<Integer> desiredCapacity) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, Optional.empty(), false, false, Optional.empty(), List.of());
    }

    public Props withGroupName(String name) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, Optional.of(name), capacityRebalance, protectFromScaleIn, elbHealthCheckGrace,
          groupMetrics);
    }

    public Props withCapacityRebalance(boolean on) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, groupName, on, protectFromScaleIn, elbHealthCheckGrace, groupMetrics);
    }

    public Props withProtectFromScaleIn(boolean on) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, groupName, capacityRebalance, on, elbHealthCheckGrace, groupMetrics);
    }

    public Props withElbHealthChecks(Duration grace) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, groupName, capacityRebalance, protectFromScaleIn, Optional.of(grace), groupMetrics);
    }

    /** Such as GroupMetric.IN_SERVICE_INSTANCES, which target tracking on backlog per instance reads. */
    public Props withGroupMetrics(List<GroupMetric> metrics) {
      return new Props(vpc, subnets, launchTemplate, instanceTypes, instanceRequirements, distribution, minCapacity,
          maxCapacity, desiredCapacity, groupName, capacityRebalance, protectFromScaleIn, elbHealthCheckGrace, metrics);
    }
  }

  public MixedInstancesGroup(Construct scope, String id, Props props) {
    super(scope, id, groupProps(props));
    // cdk-nag's EC26 cannot follow a mixed instances policy to its launch template (it throws); the
    // template is a HardenedLaunchTemplate, whose only block device is the encrypted root.
    NagAcks.acknowledge(this, "AwsSolutions-EC26",
        "The rule cannot read launch templates inside a mixed instances policy; the template's only EBS volume is encrypted gp3");
  }

  /** The L1 resource, for settings the L2 does not model (such as lifecycle hooks declared on the group). */
  public CfnAutoScalingGroup cfn() {
    return (CfnAutoScalingGroup) getNode().getDefaultChild();
  }

  private static AutoScalingGroupProps groupProps(Props p) {
    List<LaunchTemplateOverrides> overrides = new ArrayList<>();
    for (var t : p.instanceTypes()) {
      var o = LaunchTemplateOverrides.builder().instanceType(new InstanceType(t.type()));
      t.weight().ifPresent(o::weightedCapacity);
      overrides.add(o.build());
    }
    for (var r : p.instanceRequirements()) {
      overrides.add(LaunchTemplateOverrides.builder().instanceRequirements(requirements(r)).build());
    }
    var b = AutoScalingGroupProps.builder()
        .vpc(p.vpc())
        .vpcSubnets(p.subnets())
        .minCapacity(p.minCapacity())
        .maxCapacity(p.maxCapacity())
        .newInstancesProtectedFromScaleIn(p.protectFromScaleIn())
        .mixedInstancesPolicy(MixedInstancesPolicy.builder()
            .launchTemplate(p.launchTemplate().template())
            .launchTemplateOverrides(overrides)
            .instancesDistribution(InstancesDistribution.builder()
                .onDemandBaseCapacity(p.distribution().onDemandBaseCapacity())
                .onDemandPercentageAboveBaseCapacity(p.distribution().onDemandPercentageAboveBase())
                .spotAllocationStrategy(p.distribution().spotAllocation().cdk())
                .build())
            .build());
    p.desiredCapacity().ifPresent(b::desiredCapacity);
    p.groupName().ifPresent(b::autoScalingGroupName);
    if (p.capacityRebalance()) b.capacityRebalance(true);
    p.elbHealthCheckGrace().ifPresent(grace -> b.healthChecks(HealthChecks.withAdditionalChecks(
        AdditionalHealthChecksOptions.builder()
            .additionalTypes(List.of(AdditionalHealthCheckType.ELB))
            .gracePeriod(grace)
            .build())));
    if (!p.groupMetrics().isEmpty()) b.groupMetrics(List.of(new GroupMetrics(p.groupMetrics().toArray(GroupMetric[]::new))));
    return b.build();
  }

  /** One set of attribute-based requirements as the group's InstanceRequirements. */
  static CfnAutoScalingGroup.InstanceRequirementsProperty requirements(SpotFleetConfig.Requirements r) {
    var vcpu = CfnAutoScalingGroup.VCpuCountRequestProperty.builder().min(r.vcpuMin());
    r.vcpuMax().ifPresent(vcpu::max);
    var memory = CfnAutoScalingGroup.MemoryMiBRequestProperty.builder().min(r.memoryMibMin());
    r.memoryMibMax().ifPresent(memory::max);
    var b = CfnAutoScalingGroup.InstanceRequirementsProperty.builder()
        .vCpuCount(vcpu.build())
        .memoryMiB(memory.build())
        .burstablePerformance(r.burstablePerformance());
    if (!r.cpuManufacturers().isEmpty()) b.cpuManufacturers(r.cpuManufacturers());
    if (!r.excludedTypes().isEmpty()) b.excludedInstanceTypes(r.excludedTypes());
    if (!r.allowedTypes().isEmpty()) b.allowedInstanceTypes(r.allowedTypes());
    return b.build();
  }
}
