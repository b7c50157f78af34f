package io.fleetkit.stacks.instanceconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.support.EveryConfig;
import io.fleetkit.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's acceptance points on the templates CI synthesizes (config.yaml and examples/outpost-edge.yaml, with cdk-nag
 * and the strict CloudFormation validator on; an unacknowledged finding would have failed that synth).
 */
class Issue13AcceptanceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resources(String stack) {
    return (Map<String, Map<String, Object>>) EveryConfig.stacks().stream().filter(s -> s.stack().equals(stack)).findFirst()
        .orElseThrow(() -> new AssertionError("no stack " + stack)).template().get("Resources");
  }

  static List<Map<?, ?>> of(Map<String, Map<String, Object>> resources, String type) {
    return resources.values().stream().filter(r -> r.get("Type").equals(type))
        .<Map<?, ?>>map(r -> (Map<?, ?>) r.get("Properties")).toList();
  }

  @Test
  void bothStacksAreInShippedConfigs() {
    List<String> stacks = EveryConfig.stacks().stream().map(EveryConfig.Synthesized::stack).toList();
    assertTrue(stacks.containsAll(List.of("fleetkit-instance-connect", "rack-instance-connect", "rack-outpost-lgw")), stacks.toString());
  }

  @Test
  void endpointsSetPreserveClientIpTheirGroupsHaveNoIngressAndNothingIsOpenToTheWorld() throws Exception {
    for (String stack : List.of("fleetkit-instance-connect", "rack-instance-connect")) {
      var r = resources(stack);
      for (Map<?, ?> e : of(r, "AWS::EC2::InstanceConnectEndpoint")) {
        assertTrue(e.get("PreserveClientIp") instanceof Boolean, stack + ": " + e);
        assertTrue(e.containsKey("SubnetId") && e.containsKey("SecurityGroupIds"), stack + ": " + e);
      }
      List<Map<?, ?>> groups = of(r, "AWS::EC2::SecurityGroup");
      assertFalse(groups.isEmpty());
      groups.forEach(g -> assertFalse(g.containsKey("SecurityGroupIngress"), stack + ": " + g));
      assertFalse(JSON.writeValueAsString(r).contains("0.0.0.0/0"), stack);
    }
  }

  @Test
  void openTunnelCarriesAllThreeConditionsOnTheEndpointArn() {
    for (String stack : List.of("fleetkit-instance-connect", "rack-instance-connect")) {
      for (Map<?, ?> policy : of(resources(stack), "AWS::IAM::ManagedPolicy")) {
        Map<?, ?> tunnel = (Map<?, ?>) ((List<?>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement")).get(0);
        assertEquals("ec2-instance-connect:OpenTunnel", tunnel.get("Action"));
        assertEquals("InstanceConnectEndpointArn", ((List<?>) ((Map<?, ?>) tunnel.get("Resource")).get("Fn::GetAtt")).get(1));
        Map<?, ?> c = (Map<?, ?>) tunnel.get("Condition");
        assertTrue(((Map<?, ?>) c.get("NumericEquals")).containsKey("ec2-instance-connect:remotePort"), stack);
        assertTrue(((Map<?, ?>) c.get("IpAddress")).containsKey("ec2-instance-connect:privateIpAddress"), stack);
        assertTrue(((Map<?, ?>) c.get("NumericLessThanEquals")).containsKey("ec2-instance-connect:maxTunnelDuration"), stack);
      }
    }
  }

  @Test
  void theLocalGatewayTemplateHasTheTableAssociationsAndRoutesAndNoCoipResources() {
    var r = resources("rack-outpost-lgw");
    assertEquals("direct-vpc-routing", of(r, "AWS::EC2::LocalGatewayRouteTable").get(0).get("Mode"));
    assertEquals(1, of(r, "AWS::EC2::LocalGatewayRouteTableVPCAssociation").size());
    assertEquals(1, of(r, "AWS::EC2::LocalGatewayRouteTableVirtualInterfaceGroupAssociation").size());
    assertEquals(2, of(r, "AWS::EC2::LocalGatewayRoute").size());
    List<Map<?, ?>> routes = of(r, "AWS::EC2::Route");
    assertEquals(2, routes.size());
    routes.forEach(route -> assertEquals("lgw-0a1b2c3d4e5f60001", route.get("LocalGatewayId")));
    TreeSet<String> types = new TreeSet<>();
    r.values().forEach(x -> types.add((String) x.get("Type")));
    assertTrue(types.stream().noneMatch(t -> t.contains("Coip") || t.equals("AWS::EC2::EIP")), types.toString());
  }

  @Test
  void overlappingOnPremisesAndVpcBlocksInDirectModeFailSynthWithFileAndLine() throws Exception {
    String example = Files.readString(Path.of("examples/outpost-edge.yaml"))
        .replace("[192.168.0.0/16, 172.20.0.0/16]", "[192.168.0.0/16, 10.50.0.0/20]");
    var e = assertThrows(ConfigException.class, () -> FleetkitApp.build(TestApps.app(), ConfigLoader.parse("outpost-edge.yaml",
        example)));
    assertEquals(List.of("outpost-edge.yaml:16:39: outpost_routing.on_premises_cidrs[1]: 10.50.0.0/20 overlaps"
        + " vpc-0a1b2c3d4e5f60010 Outpost subnet subnet-0a1b2c3d4e5f60011 10.50.1.0/24: in direct-vpc-routing mode the local"
        + " gateway advertises the Outpost subnets' own addresses to the on-premises network (expected address plans that"
        + " do not overlap, or mode: coip)"), e.lines());
  }
}
