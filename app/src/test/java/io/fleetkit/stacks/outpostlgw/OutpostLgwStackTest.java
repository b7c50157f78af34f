package io.fleetkit.stacks.outpostlgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code <prefix>-outpost-lgw} as examples/outpost-edge.yaml builds it (direct VPC routing, two on-premises blocks),
 * and in coip mode with two VPCs, two virtual interface groups and two subnet route tables: the route table with its
 * Mode, one association per VPC and per group, one local gateway route per block, one VPC route per block and route
 * table, and no CoIP resource of any kind.
 */
class OutpostLgwStackTest {
  static final String STACK = "rack-outpost-lgw";
  static Template direct;
  static Template coip;

  @BeforeAll
  static void build() throws Exception {
    direct = TestApps.template(Files.readString(Path.of("examples/outpost-edge.yaml")), STACK);
    Path snapshot = Files.createTempDirectory("lgw").resolve("lgw.json");
    Files.writeString(snapshot, Files.readString(Path.of("samples/local-gateways.json"))
        .replace("\"vif_groups\" : [ \"lgw-vif-grp-0a1b2c3d4e5f60001\" ]",
            "\"vif_groups\" : [ \"lgw-vif-grp-0a1b2c3d4e5f60001\", \"lgw-vif-grp-0a1b2c3d4e5f60002\" ]"));
    coip = TestApps.template("""
        project:
          prefix: rack
          account: "111122223333"
          region: us-east-1
        outpost_routing:
          enabled: true
          local_gateway_id: lgw-0a1b2c3d4e5f60001
          mode: coip
          vpcs: [vpc-0a1b2c3d4e5f60020, vpc-0a1b2c3d4e5f60010]
          vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001, lgw-vif-grp-0a1b2c3d4e5f60002]
          route_vif_group: lgw-vif-grp-0a1b2c3d4e5f60002
          on_premises_cidrs: [0.0.0.0/0, 10.50.0.0/16]
          subnet_route_tables: [rtb-0a1b2c3d4e5f60021, rtb-0a1b2c3d4e5f60011]
          snapshot: %s
        """.formatted(snapshot), STACK);
  }

  static Map<String, Object> table() {
    return Map.of("Fn::GetAtt", List.of("RouteTable", "LocalGatewayRouteTableId"));
  }

  @Test
  void theRouteTableHasItsModeAndTheTagDiscoveryKnowsItBy() {
    direct.resourceCountIs("AWS::EC2::LocalGatewayRouteTable", 1);
    direct.hasResourceProperties("AWS::EC2::LocalGatewayRouteTable", Match.objectEquals(Map.of(
        "LocalGatewayId", "lgw-0a1b2c3d4e5f60001",
        "Mode", "direct-vpc-routing",
        "Tags", List.of(Map.of("Key", "fleetkit:route-table-of", "Value", "rack-outpost-lgw"),
            Map.of("Key", "fleetkit:stack", "Value", "outpost-lgw")))));
    coip.hasResourceProperties("AWS::EC2::LocalGatewayRouteTable", Match.objectLike(Map.of("Mode", "coip")));
  }

  @Test
  void oneAssociationPerVpcAndPerVirtualInterfaceGroup() {
    coip.resourceCountIs("AWS::EC2::LocalGatewayRouteTableVPCAssociation", 2);
    coip.resourceCountIs("AWS::EC2::LocalGatewayRouteTableVirtualInterfaceGroupAssociation", 2);
    for (String vpc : List.of("vpc-0a1b2c3d4e5f60020", "vpc-0a1b2c3d4e5f60010")) {
      coip.hasResourceProperties("AWS::EC2::LocalGatewayRouteTableVPCAssociation", Match.objectEquals(Map.of(
          "LocalGatewayRouteTableId", table(), "VpcId", vpc, "Tags", Match.anyValue())));
    }
    for (String group : List.of("lgw-vif-grp-0a1b2c3d4e5f60001", "lgw-vif-grp-0a1b2c3d4e5f60002")) {
      coip.hasResourceProperties("AWS::EC2::LocalGatewayRouteTableVirtualInterfaceGroupAssociation", Match.objectEquals(
          Map.of("LocalGatewayRouteTableId", table(), "LocalGatewayVirtualInterfaceGroupId", group, "Tags", Match.anyValue())));
    }
  }

  @Test
  void oneLocalGatewayRoutePerBlockAndOneVpcRoutePerBlockAndRouteTable() {
    coip.resourceCountIs("AWS::EC2::LocalGatewayRoute", 2);
    coip.hasResource("AWS::EC2::LocalGatewayRoute", Match.objectLike(Map.of(
        "Properties", Map.of("DestinationCidrBlock", "0.0.0.0/0", "LocalGatewayRouteTableId", table(),
            "LocalGatewayVirtualInterfaceGroupId", "lgw-vif-grp-0a1b2c3d4e5f60002"),
        "DependsOn", List.of("VifGrouplgwvifgrp0a1b2c3d4e5f60002"))));
    coip.resourceCountIs("AWS::EC2::Route", 4);
    TreeSet<String> routes = new TreeSet<>();
    coip.findResources("AWS::EC2::Route").values().forEach(r -> {
      Map<?, ?> p = (Map<?, ?>) r.get("Properties");
      assertEquals(3, p.size(), p.toString());
      routes.add(p.get("RouteTableId") + " " + p.get("DestinationCidrBlock") + " " + p.get("LocalGatewayId") + " after "
          + r.get("DependsOn"));
    });
    assertEquals(List.of(
        "rtb-0a1b2c3d4e5f60011 0.0.0.0/0 lgw-0a1b2c3d4e5f60001 after [Vpcvpc0a1b2c3d4e5f60010]",
        "rtb-0a1b2c3d4e5f60011 10.50.0.0/16 lgw-0a1b2c3d4e5f60001 after [Vpcvpc0a1b2c3d4e5f60010]",
        "rtb-0a1b2c3d4e5f60021 0.0.0.0/0 lgw-0a1b2c3d4e5f60001 after [Vpcvpc0a1b2c3d4e5f60020]",
        "rtb-0a1b2c3d4e5f60021 10.50.0.0/16 lgw-0a1b2c3d4e5f60001 after [Vpcvpc0a1b2c3d4e5f60020]"), List.copyOf(routes));
  }

  /** Customer-owned IP pools, CoIP addresses and subnet auto-assign have no CloudFormation type: the CLI does them. */
  @Test
  void noCoipResources() {
    for (Template t : List.of(direct, coip)) {
      TreeSet<String> types = new TreeSet<>();
      ((Map<?, ?>) t.toJSON().get("Resources")).values().forEach(r -> types.add((String) ((Map<?, ?>) r).get("Type")));
      assertEquals(List.of("AWS::EC2::LocalGatewayRoute", "AWS::EC2::LocalGatewayRouteTable",
          "AWS::EC2::LocalGatewayRouteTableVPCAssociation", "AWS::EC2::LocalGatewayRouteTableVirtualInterfaceGroupAssociation",
          "AWS::EC2::Route"), List.copyOf(types));
      assertTrue(types.stream().noneMatch(type -> type.contains("Coip") || type.equals("AWS::EC2::EIP")));
    }
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches(STACK, direct.toJSON());
  }
}
