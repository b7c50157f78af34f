package io.fleetkit.stacks.capacity;

import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Attribute-based instance selection, Graviton image choice, and no load balancer or gate. */
class SpotFleetRequirementsTest {
  static Template template;

  @BeforeAll
  static void build() {
    template = TestApps.template("""
        project:
          prefix: fk
          region: eu-west-1
        spot_fleet:
          enabled: true
          availability_zones: [eu-west-1a, eu-west-1b, eu-west-1c]
          instance_requirements:
            - vcpu: {min: 2, max: 8}
              memory_mib: {min: 4096, max: 32768}
              cpu_manufacturers: [amazon-web-services]
              burstable_performance: excluded
              excluded_types: [a1.*]
            - vcpu: {min: 4}
              memory_mib: {min: 8192}
              cpu_manufacturers: [amazon-web-services]
          network:
            cidr: 10.50.0.0/16
            nat_gateways: 3
        """, "fk-spot-fleet");
  }

  @Test
  void overridesCarryEachRequirementSet() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "CapacityRebalance", true,
        "HealthCheckType", Match.absent(),
        "LifecycleHookSpecificationList", Match.absent(),
        "MixedInstancesPolicy", Match.objectLike(Map.of(
            "InstancesDistribution", Match.objectEquals(Map.of(
                "OnDemandBaseCapacity", 0,
                "OnDemandPercentageAboveBaseCapacity", 0,
                "SpotAllocationStrategy", "price-capacity-optimized")),
            "LaunchTemplate", Match.objectLike(Map.of("Overrides", Match.exact(List.of(
                Map.of("InstanceRequirements", Map.of(
                    "VCpuCount", Map.of("Min", 2, "Max", 8),
                    "MemoryMiB", Map.of("Min", 4096, "Max", 32768),
                    "CpuManufacturers", List.of("amazon-web-services"),
                    "BurstablePerformance", "excluded",
                    "ExcludedInstanceTypes", List.of("a1.*"))),
                Map.of("InstanceRequirements", Map.of(
                    "VCpuCount", Map.of("Min", 4),
                    "MemoryMiB", Map.of("Min", 8192),
                    "CpuManufacturers", List.of("amazon-web-services"),
                    "BurstablePerformance", "excluded")))))))))));
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    template.resourceCountIs("AWS::EC2::NatGateway", 3);
  }

  @Test
  void gravitonRequirementsGetTheArmImage() {
    template.hasParameter("*", Match.objectLike(Map.of(
        "Type", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        "Default", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64")));
  }
}
