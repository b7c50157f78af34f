package io.fleetkit.stacks.instanceconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code <prefix>-instance-connect} with two endpoints: one in the spot fleet's VPC (imported from its exports), one
 * in a VPC named by ID that preserves client IPs. Endpoint, security groups, the targets' inbound rules and the
 * policies, with what must not be there (inbound rules on the endpoint's group, 0.0.0.0/0).
 */
class InstanceConnectStackTest {
  static final String STACK = "ic-instance-connect";
  static final String YAML = """
      project:
        prefix: ic
        account: "111122223333"
        region: us-east-1
      spot_fleet:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
        instance_types: [{type: m6i.large}, {type: m6a.large}]
        load_balancer: {enabled: false}
      instance_connect:
        enabled: true
        endpoints:
          - name: spot
            vpc: fleetkit:spot-fleet
            preserve_client_ip: false
            access:
              - name: operators
                principals: [PlatformOperators]
                private_cidrs: [10.41.0.0/16]
                os_user: ec2-user
          - name: rack
            vpc: vpc-0a1b2c3d4e5f60010
            subnet: subnet-0a1b2c3d4e5f60012
            preserve_client_ip: true
            ports: [22, 3389]
            target_security_groups: [sg-0a1b2c3d4e5f60013, sg-0a1b2c3d4e5f60014]
            access:
              - name: linux
                principals: [OutpostOperators, "arn:aws:iam::111122223333:role/ops/Oncall"]
                private_cidrs: [10.50.1.0/24, 10.50.2.0/24]
                max_tunnel_seconds: 1800
                source_cidrs: [203.0.113.0/24]
                os_user: ec2-user
                instance_tag: {key: Team, value: rack-ops}
              - name: windows
                principals: [WindowsAdmins]
                ports: [3389]
                private_cidrs: [10.50.1.0/24]
                source_cidrs: [198.51.100.0/24, 203.0.113.0/24]
      """;
  static final ObjectMapper JSON = new ObjectMapper();
  static Template template;
  static Stack stack;

  @BeforeAll
  static void build() {
    Map<String, Stack> stacks = TestApps.stacks(YAML);
    stack = stacks.get(STACK);
    template = Template.fromStack(stack);
  }

  static Map<String, Object> ref(String getAtt, String attribute) {
    return Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(getAtt), attribute));
  }

  static Map<String, Object> imported(String what) {
    return Map.of("Fn::ImportValue", "ic-spot-fleet:InstanceConnect" + what);
  }

  @Test
  void endpointsSetPreserveClientIpExplicitlyInTheirOwnGroups() {
    template.resourceCountIs("AWS::EC2::InstanceConnectEndpoint", 2);
    template.hasResourceProperties("AWS::EC2::InstanceConnectEndpoint", Match.objectEquals(Map.of(
        "SubnetId", imported("SubnetId"),
        "SecurityGroupIds", List.of(ref("EndpointspotSecurityGroup.*", "GroupId")),
        "PreserveClientIp", false,
        "Tags", Match.anyValue())));
    template.hasResourceProperties("AWS::EC2::InstanceConnectEndpoint", Match.objectEquals(Map.of(
        "SubnetId", "subnet-0a1b2c3d4e5f60012",
        "SecurityGroupIds", List.of(ref("EndpointrackSecurityGroup.*", "GroupId")),
        "PreserveClientIp", true,
        "Tags", Match.anyValue())));
  }

  @Test
  void theEndpointGroupHasNoIngressAndEgressOnlyToTheTargetsOnTheirPorts() {
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectEquals(Map.of(
        "GroupDescription", "fleetkit EC2 Instance Connect Endpoint spot: no inbound, outbound to its targets only",
        "VpcId", imported("VpcId"),
        "SecurityGroupIngress", Match.absent(),
        "SecurityGroupEgress", List.of(Map.of("IpProtocol", "tcp", "FromPort", 22, "ToPort", 22,
            "DestinationSecurityGroupId", imported("SecurityGroupId"), "Description", "To the targets on TCP 22")),
        "Tags", Match.anyValue())));
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectEquals(Map.of(
        "GroupDescription", "fleetkit EC2 Instance Connect Endpoint rack: no inbound, outbound to its targets only",
        "VpcId", "vpc-0a1b2c3d4e5f60010",
        "SecurityGroupIngress", Match.absent(),
        "SecurityGroupEgress", List.of(
            egress("sg-0a1b2c3d4e5f60013", 22), egress("sg-0a1b2c3d4e5f60013", 3389),
            egress("sg-0a1b2c3d4e5f60014", 22), egress("sg-0a1b2c3d4e5f60014", 3389)),
        "Tags", Match.anyValue())));
    template.resourceCountIs("AWS::EC2::SecurityGroupEgress", 0);
  }

  static Map<String, Object> egress(String group, int port) {
    return Map.of("IpProtocol", "tcp", "FromPort", port, "ToPort", port, "DestinationSecurityGroupId", group,
        "Description", "To the targets on TCP " + port);
  }

  @Test
  void targetsAdmitTheEndpointGroupOrWithPreservedClientIpsTheClientBlocks() {
    // Spot: from the endpoint's group. Rack: 2 groups x (22 from one block, 3389 from two) = 6 rules, all by CIDR.
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 7);
    template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectEquals(Map.of(
        "GroupId", imported("SecurityGroupId"), "IpProtocol", "tcp", "FromPort", 22, "ToPort", 22,
        "SourceSecurityGroupId", ref("EndpointspotSecurityGroup.*", "GroupId"),
        "Description", "From EC2 Instance Connect Endpoint spot")));
    Map<String, Map<String, Object>> rack = template.findResources("AWS::EC2::SecurityGroupIngress",
        Map.of("Properties", Map.of("Description", "Clients of EC2 Instance Connect Endpoint rack (client IP preserved)")));
    List<String> rules = new TreeMap<>(rack).values().stream().map(r -> {
      Map<?, ?> p = (Map<?, ?>) r.get("Properties");
      return p.get("GroupId") + " " + p.get("FromPort") + "-" + p.get("ToPort") + " " + p.get("CidrIp") + " "
          + p.containsKey("SourceSecurityGroupId");
    }).sorted().toList();
    assertEquals(List.of(
        "sg-0a1b2c3d4e5f60013 22-22 203.0.113.0/24 false", "sg-0a1b2c3d4e5f60013 3389-3389 198.51.100.0/24 false",
        "sg-0a1b2c3d4e5f60013 3389-3389 203.0.113.0/24 false", "sg-0a1b2c3d4e5f60014 22-22 203.0.113.0/24 false",
        "sg-0a1b2c3d4e5f60014 3389-3389 198.51.100.0/24 false", "sg-0a1b2c3d4e5f60014 3389-3389 203.0.113.0/24 false"), rules);
  }

  @Test
  void noRuleOrPolicyAdmitsTheWholeInternet() throws Exception {
    assertFalse(JSON.writeValueAsString(template.toJSON()).contains("0.0.0.0/0"));
  }

  @Test
  void onePolicyPerAccessRuleWithOpenTunnelOnThisEndpointAndAllThreeConditions() {
    template.resourceCountIs("AWS::IAM::ManagedPolicy", 3);
    template.hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectEquals(Map.of(
        "ManagedPolicyName", "ic-instance-connect-rack-linux",
        "Description", "Opens EC2 Instance Connect tunnels through endpoint rack (access rule linux)",
        "Roles", List.of("OutpostOperators", "Oncall"),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Sid", "OpenTunnel", "Effect", "Allow", "Action", "ec2-instance-connect:OpenTunnel",
                "Resource", ref("EndpointrackEndpoint.*", "InstanceConnectEndpointArn"),
                "Condition", Map.of(
                    "NumericEquals", Map.of("ec2-instance-connect:remotePort", List.of("22")),
                    "IpAddress", Map.of("ec2-instance-connect:privateIpAddress", List.of("10.50.1.0/24", "10.50.2.0/24"),
                        "aws:SourceIp", List.of("203.0.113.0/24")),
                    "NumericLessThanEquals", Map.of("ec2-instance-connect:maxTunnelDuration", "1800"))),
            Map.of("Sid", "SendSSHPublicKey", "Effect", "Allow", "Action", "ec2-instance-connect:SendSSHPublicKey",
                "Resource", "arn:aws:ec2:us-east-1:111122223333:instance/*",
                "Condition", Map.of("StringEquals", Map.of("ec2:osuser", "ec2-user", "aws:ResourceTag/Team", "rack-ops"))),
            Map.of("Sid", "FindEndpoint", "Effect", "Allow",
                "Action", List.of("ec2:DescribeInstances", "ec2:DescribeInstanceConnectEndpoints"), "Resource", "*"))))));
    // Without os_user, no SendSSHPublicKey: the user brings a key the instance already trusts.
    template.hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
        "ManagedPolicyName", "ic-instance-connect-rack-windows",
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Match.objectLike(Map.of("Sid", "OpenTunnel", "Condition", Map.of(
                "NumericEquals", Map.of("ec2-instance-connect:remotePort", List.of("3389")),
                "IpAddress", Map.of("ec2-instance-connect:privateIpAddress", List.of("10.50.1.0/24"),
                    "aws:SourceIp", List.of("198.51.100.0/24", "203.0.113.0/24")),
                "NumericLessThanEquals", Map.of("ec2-instance-connect:maxTunnelDuration", "3600")))),
            Match.objectLike(Map.of("Sid", "FindEndpoint")))))));
  }

  @Test
  void theStackDeploysAfterTheStackWhoseVpcItImports() {
    assertEquals(List.of("ic-spot-fleet"), stack.getDependencies().stream().map(Stack::getStackName).toList());
    template.hasOutput("EndpointIdspot", Match.objectLike(Map.of("Value", ref("EndpointspotEndpoint.*", "Id"))));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches(STACK, template.toJSON());
  }
}
