package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The other choices: a NAT gateway where the zone has one, no ALB where it has none, HTTP only. */
class LocalZoneNatGatewayStackTest {
  static final String YAML = """
      project:
        prefix: edge
        region: us-west-2
      local_zone:
        zone: us-west-2-lax-1a
        vpc_cidr: 10.20.0.0/24
        zone_features:
          alb: false
          nat_gateway: true
        egress: nat_gateway
        database:
          ami: ami-0123456789abcdef0
          volume_type: gp3
          termination_protection: false
        zones_snapshot: none
      """;
  static Template template;

  @BeforeAll
  static void synth() {
    template = TestApps.template(YAML, "edge-local-zone");
  }

  @Test
  void natGatewayWithAnElasticIpFromTheZonesBorderGroup() {
    template.resourceCountIs("AWS::EC2::NatGateway", 1);
    template.resourceCountIs("AWS::EC2::Instance", 1);
    template.hasResourceProperties("AWS::EC2::EIP", Map.of("Domain", "vpc", "NetworkBorderGroup", "us-west-2-lax-1"));
    template.hasResourceProperties("AWS::EC2::Route", Map.of("DestinationCidrBlock", "0.0.0.0/0",
        "NatGatewayId", Map.of("Ref", Match.stringLikeRegexp("NatGateway.*"))));
    template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "us-west-2-lax-1a", "CidrBlock", "10.20.0.64/26"));
  }

  @Test
  void withoutAnAlbThereIsNoListenerAndNoSiteUrl() {
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 0);
    template.resourceCountIs("AWS::S3::Bucket", 0);
    assertEquals(List.of("VpcId"), List.copyOf(template.findOutputs("*").keySet()));
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "HealthCheckType", "EC2", "TargetGroupARNs", Match.absent())));
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
  }

  @Test
  void theDatabaseMayBeTerminatedWhenConfigSaysSo() {
    template.hasResourceProperties("AWS::EC2::Instance", Map.of("DisableApiTermination", false));
  }

  @Test
  void withoutASnapshotTheConfiguredVolumeTypeIsUsedUnchecked() {
    template.hasResourceProperties("AWS::EC2::Volume", Map.of("AvailabilityZone", "us-west-2-lax-1a", "Encrypted", true,
        "Size", 20, "VolumeType", "gp3", "MultiAttachEnabled", false, "Tags", Match.anyValue()));
  }

  @Test
  void synthStopsWhenAConfiguredInstanceOrVolumeTypeIsNotInTheSnapshot() {
    var e = assertThrows(ConfigException.class, () -> TestApps.stacks("""
        project:
          prefix: fleetkit
          region: us-east-1
        local_zone:
          zone: us-east-1-atl-1a
          nat_ami: ami-0123456789abcdef0
          nat_volume_type: gp3
          web:
            instance_type: m5.large
          database:
            ami: ami-0fedcba9876543210
          zones_snapshot: app/src/test/resources/localzones/zones-snapshot.json
        """));
    assertEquals(List.of("test.yaml:7:20: local_zone.nat_volume_type: gp3 is not an EBS volume type of us-east-1-atl-1a "
            + "(zones snapshot app/src/test/resources/localzones/zones-snapshot.json, fetched 2026-11-26T04:00:00Z from "
            + "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-east-1-atl-1; expected one of: gp2, io1, sc1, st1)",
        "test.yaml:9:20: local_zone.web.instance_type: m5.large is not offered in us-east-1-atl-1a "
        + "(zones snapshot app/src/test/resources/localzones/zones-snapshot.json, fetched 2026-11-26T04:00:00Z; expected one of: "
        + "c5.2xlarge, c5d.2xlarge, g4dn.2xlarge, r5.2xlarge, t3.medium, t3.xlarge)"), e.lines());
  }
}
