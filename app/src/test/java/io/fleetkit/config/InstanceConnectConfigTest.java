package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instance_connect section: defaults, and every bad input of issue 13 with its pinned message (file:line:col). */
class InstanceConnectConfigTest {
  static final String PROJECT = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: us-east-1
      """;

  static List<String> errors(String section) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + section)).lines();
  }

  /** One endpoint in VPC ID mode with one access rule; {@code extra} lines go into the endpoint, {@code rule} into the rule. */
  static String endpoint(String extra, String rule) {
    return """
        instance_connect:
          enabled: true
          endpoints:
            - name: ops
              vpc: vpc-0a1b2c3d4e5f60001
              subnet: subnet-0a1b2c3d4e5f60011
              preserve_client_ip: false
              target_security_groups: [sg-0a1b2c3d4e5f60001]
        """ + extra.indent(6) + """
              access:
                - name: admins
                  principals: [Admins]
                  private_cidrs: [10.0.0.0/16]
        """ + rule.indent(10);
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", PROJECT).instanceConnect().enabled());
  }

  @Test
  void defaults() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + endpoint("", "")).instanceConnect();
    assertEquals(5, c.endpointsPerRegion());
    assertEquals(60, c.rulesPerSecurityGroup());
    var e = c.endpoints().get(0);
    assertEquals(List.of(22), e.portNumbers());
    assertEquals(Optional.empty(), e.stackArea());
    var a = e.access().get(0);
    assertEquals(List.of(22), a.portNumbers());
    assertEquals(3600, a.maxTunnelSeconds());
    assertEquals(List.of(), a.sourceCidrs());
    assertEquals(Optional.empty(), a.osUser());
  }

  @Test
  void roleArnsAttachByTheirName() {
    var a = ConfigLoader.parse("test.yaml", PROJECT + endpoint("", "").replace("[Admins]",
        "[Admins, \"arn:aws:iam::111122223333:role/teams/Ops\"]")).instanceConnect().endpoints().get(0).access().get(0);
    assertEquals(List.of("Admins", "Ops"), a.roleNames());
  }

  @Test
  void malformedIdsPortsAndCidrs() {
    assertEquals(List.of(
        "test.yaml:9:12: instance_connect.endpoints[0].vpc: \"vpc-12\" is not a VPC ID (expected vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f60001)",
        "test.yaml:10:15: instance_connect.endpoints[0].subnet: \"subnet-xyz\" is not a subnet ID (expected subnet- and 8 or 17"
            + " lowercase hex digits, such as subnet-0a1b2c3d4e5f60001)",
        "test.yaml:12:32: instance_connect.endpoints[0].target_security_groups[0]: \"sg-0A1B2C3D\" is not a security group ID"
            + " (expected sg- and 8 or 17 lowercase hex digits, such as sg-0a1b2c3d4e5f60001)",
        "test.yaml:13:19: instance_connect.endpoints[0].ports[1]: \"65536\" is not a TCP port (expected a whole number from 1"
            + " to 65535)",
        "test.yaml:13:26: instance_connect.endpoints[0].ports[2]: \"ssh\" is not a TCP port (expected a whole number from 1 to"
            + " 65535)",
        "test.yaml:17:27: instance_connect.endpoints[0].access[0].private_cidrs[0]: \"10.0.0.1/16\" has host bits set"
            + " (expected the network address 10.0.0.0/16)",
        "test.yaml:18:40: instance_connect.endpoints[0].access[0].source_cidrs[1]: 203.0.113.0/24 overlaps 203.0.0.0/16 of"
            + " item 0 (expected blocks that do not overlap)",
        "test.yaml:18:56: instance_connect.endpoints[0].access[0].source_cidrs[2]: \"0.0.0.0/0\" is every IPv4 address,"
            + " too wide for client addresses (expected a narrower block: fleetkit writes no 0.0.0.0/0 here; leave"
            + " source_cidrs empty for any client)"),
        errors(endpoint("ports: [22, 65536, ssh]", """
            source_cidrs: [203.0.0.0/16, 203.0.113.0/24, 0.0.0.0/0]
            """).replace("vpc-0a1b2c3d4e5f60001", "vpc-12").replace("subnet-0a1b2c3d4e5f60011", "subnet-xyz")
            .replace("sg-0a1b2c3d4e5f60001", "sg-0A1B2C3D").replace("[10.0.0.0/16]", "[10.0.0.1/16]")));
  }

  @Test
  void oneEndpointPerVpcWithinTheRegionalQuota() {
    String twice = endpoint("", "") + """
            - name: ops2
              vpc: vpc-0a1b2c3d4e5f60001
              subnet: subnet-0a1b2c3d4e5f60012
              preserve_client_ip: false
              target_security_groups: [sg-0a1b2c3d4e5f60002]
              access: [{name: a, principals: [Admins], private_cidrs: [10.0.0.0/16]}]
        """;
    assertEquals(List.of(
        "test.yaml:8:3: instance_connect.endpoints: 2 endpoints are more than endpoints_per_region 1 (EC2 Instance Connect"
            + " Endpoint quotas: 5 per account and Region by default; expected at most 1, or a raised quota in"
            + " endpoints_per_region)",
        "test.yaml:19:12: instance_connect.endpoints[1].vpc: \"vpc-0a1b2c3d4e5f60001\" already has an endpoint in this"
            + " section (EC2 Instance Connect Endpoint quotas: 1 per VPC; expected one endpoint per VPC)"),
        errors(twice.replace("  enabled: true\n", "  enabled: true\n  endpoints_per_region: 1\n")));
  }

  @Test
  void tunnelsLastAtMostAnHour() {
    assertEquals(List.of("test.yaml:17:31: instance_connect.endpoints[0].access[0].max_tunnel_seconds: 3601 is out of range"
        + " (expected 1 to 3600)"), errors(endpoint("", "max_tunnel_seconds: 3601")));
  }

  @Test
  void preservedClientIpsNeedTheClientBlocks() {
    assertEquals(List.of("test.yaml:14:11: instance_connect.endpoints[0].access[0].source_cidrs: empty while the endpoint"
        + " preserves client IPs: the targets then see the client's own address and admit only the clients listed here"
        + " (expected the client blocks, such as 203.0.113.0/24)"),
        errors(endpoint("", "").replace("preserve_client_ip: false", "preserve_client_ip: true")));
  }

  @Test
  void preserveClientIpIsExplicit() {
    assertEquals(List.of("test.yaml:8:7: instance_connect.endpoints[0].preserve_client_ip: missing required key"
        + " \"preserve_client_ip\" (expected true or false)"),
        errors(endpoint("", "").replace("      preserve_client_ip: false\n", "")));
  }

  @Test
  void principalsOfAnotherPartitionOrAccount() {
    assertEquals(List.of(
        "test.yaml:15:24: instance_connect.endpoints[0].access[0].principals[0]: \"arn:aws-cn:iam::111122223333:role/Ops\" is"
            + " in partition \"aws-cn\" (expected partition \"aws\")",
        "test.yaml:15:65: instance_connect.endpoints[0].access[0].principals[1]: \"arn:aws:iam::444455556666:role/Ops\" is a"
            + " role of account 444455556666 (expected a role of project.account 111122223333: a managed policy attaches only"
            + " to roles of its own account)",
        "test.yaml:15:103: instance_connect.endpoints[0].access[0].principals[2]: \"ops team\" is not an IAM role name"
            + " (expected 1-64 letters, digits and +=,.@_-, or a role ARN)"),
        errors(endpoint("", "").replace("[Admins]",
            "[\"arn:aws-cn:iam::111122223333:role/Ops\", \"arn:aws:iam::444455556666:role/Ops\", \"ops team\"]")));
  }

  @Test
  void ruleLimitsStayInsideTheEndpoint() {
    assertEquals(List.of(
        "test.yaml:17:18: instance_connect.endpoints[0].access[0].ports: port 3389 is not one of the endpoint's ports [22]"
            + " (expected a port the endpoint's security group opens)",
        "test.yaml:18:25: instance_connect.endpoints[0].access[0].instance_tag: set without os_user (expected os_user: the"
            + " tag limits SendSSHPublicKey, which only os_user grants)"),
        errors(endpoint("", """
            ports: [3389]
            instance_tag: {key: Team, value: ops}
            """)));
  }

  @Test
  void aFleetkitStackVpcTakesNoSubnetOrGroups() {
    String stack = endpoint("", "").replace("vpc: vpc-0a1b2c3d4e5f60001", "vpc: fleetkit:spot-fleet");
    assertEquals(List.of(
        "test.yaml:9:12: instance_connect.endpoints[0].vpc: \"fleetkit:spot-fleet\" names spot_fleet, which is not enabled"
            + " (expected an enabled section, or a VPC ID)",
        "test.yaml:10:15: instance_connect.endpoints[0].subnet: \"subnet-0a1b2c3d4e5f60011\" is set with fleetkit:spot-fleet"
            + " (expected no subnet: the endpoint goes into that stack's first workload subnet)",
        "test.yaml:12:31: instance_connect.endpoints[0].target_security_groups: set with fleetkit:spot-fleet (expected"
            + " none: that stack's instance security group is the target)"), errors(stack));
    assertEquals(List.of("test.yaml:9:12: instance_connect.endpoints[0].vpc: \"fleetkit:local-zone\" names no fleetkit"
        + " stack with a VPC (expected a VPC ID, or one of: fleetkit:capacity-reservation, fleetkit:spot-fleet)"),
        errors(endpoint("", "").replace("vpc: vpc-0a1b2c3d4e5f60001", "vpc: fleetkit:local-zone")));
  }

  @Test
  void hostileValuesGetOneLineEach() {
    assertEquals(List.of(
        "test.yaml:8:13: instance_connect.endpoints[0].name: \"Ops Team\" is not a name (expected 1-32 lowercase letters,"
            + " digits and inner hyphens, starting with a letter)",
        "test.yaml:13:14: instance_connect.endpoints[0].ports: wrong type: got text \"22\" (expected a list of text values)",
        "test.yaml:18:31: instance_connect.endpoints[0].access[0].max_tunnel_seconds: 99999999999 is out of range"
            + " (expected 1 to 3600)"),
        errors(endpoint("ports: \"22\"", "max_tunnel_seconds: 99999999999").replace("name: ops", "name: Ops Team")));
  }
}
