package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outpost_routing section: defaults, and the bad input of issue 13 that config alone shows, with pinned messages. */
class OutpostRoutingConfigTest {
  static final String SECTION = """
      project:
        prefix: rack
        region: us-east-1
      outpost_routing:
        enabled: true
        local_gateway_id: lgw-0a1b2c3d4e5f60001
        mode: direct-vpc-routing
        vpcs: [vpc-0a1b2c3d4e5f60010]
        vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001]
        on_premises_cidrs: [192.168.0.0/16]
        subnet_route_tables: [rtb-0a1b2c3d4e5f60011]
      """;

  static List<String> errors(String text) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", text)).lines();
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", "project: {prefix: x}\n").outpostRouting().enabled());
  }

  @Test
  void defaults() {
    var c = ConfigLoader.parse("test.yaml", SECTION).outpostRouting();
    assertEquals("lgw-vif-grp-0a1b2c3d4e5f60001", c.routeVifGroup());
    assertEquals(Optional.empty(), c.coipPoolId());
    assertFalse(c.acceptReplacement());
    assertEquals(".fleetkit/local-gateways.json", c.snapshot());
  }

  @Test
  void malformedIdsAndUnknownMode() {
    assertEquals(List.of(
        "test.yaml:6:21: outpost_routing.local_gateway_id: \"lgw-123\" is not a local gateway ID (expected lgw- and 8 or 17"
            + " lowercase hex digits, such as lgw-0a1b2c3d4e5f60001)",
        "test.yaml:7:9: outpost_routing.mode: \"direct\" is not allowed (expected one of:"
            + " direct-vpc-routing, coip)",
        "test.yaml:8:10: outpost_routing.vpcs[0]: \"vpc-0a1b2c3d4e5f6001\" is not a VPC ID (expected vpc- and 8 or 17 lowercase"
            + " hex digits, such as vpc-0a1b2c3d4e5f60001)",
        "test.yaml:9:19: outpost_routing.vif_group_ids[0]: \"lgw-vif-0a1b2c3d4e5f60001\" is not a local gateway virtual"
            + " interface group ID (expected lgw-vif-grp- and 8 or 17 lowercase hex digits, such as lgw-vif-grp-0a1b2c3d4e5f60001)",
        "test.yaml:11:25: outpost_routing.subnet_route_tables[0]: \"rtb-zz\" is not a route table ID (expected rtb- and 8 or"
            + " 17 lowercase hex digits, such as rtb-0a1b2c3d4e5f60001)",
        "test.yaml:12:20: outpost_routing.route_vif_group: \"lgw-vif-grp-0a1b2c3d4e5f69999\" is not one of vif_group_ids"
            + " (expected the group the on-premises routes leave through)"),
        errors(SECTION.replace("lgw-0a1b2c3d4e5f60001", "lgw-123").replace("mode: direct-vpc-routing", "mode: direct")
            .replace("vpc-0a1b2c3d4e5f60010", "vpc-0a1b2c3d4e5f6001").replace("lgw-vif-grp-0a1b2c3d4e5f60001",
                "lgw-vif-0a1b2c3d4e5f60001").replace("rtb-0a1b2c3d4e5f60011", "rtb-zz")
            + "  route_vif_group: lgw-vif-grp-0a1b2c3d4e5f69999\n"));
  }

  @Test
  void duplicateVpcsAndOverlappingOrHostBitBlocks() {
    assertEquals(List.of(
        "test.yaml:8:33: outpost_routing.vpcs[1]: \"vpc-0a1b2c3d4e5f60010\" is listed twice (expected distinct IDs)",
        "test.yaml:10:39: outpost_routing.on_premises_cidrs[1]: 192.168.10.0/24 overlaps 192.168.0.0/16 of item 0 (expected"
            + " blocks that do not overlap)",
        "test.yaml:10:56: outpost_routing.on_premises_cidrs[2]: \"172.16.0.1/12\" has host bits set (expected the"
            + " network address 172.16.0.0/12)"),
        errors(SECTION.replace("vpcs: [vpc-0a1b2c3d4e5f60010]", "vpcs: [vpc-0a1b2c3d4e5f60010, vpc-0a1b2c3d4e5f60010]")
            .replace("[192.168.0.0/16]", "[192.168.0.0/16, 192.168.10.0/24, 172.16.0.1/12]")));
  }

  @Test
  void aDefaultRouteIsAllowedOnPremises() {
    var c = ConfigLoader.parse("test.yaml", SECTION.replace("[192.168.0.0/16]", "[0.0.0.0/0]")).outpostRouting();
    assertEquals("0.0.0.0/0", c.onPremises().get(0).toString());
  }

  @Test
  void directModeTakesNoPool() {
    assertEquals(List.of("test.yaml:12:17: outpost_routing.coip_pool_id: \"ipv4pool-coip-0a1b2c3d4e5f60001\" is set in"
        + " direct-vpc-routing mode, where the local gateway translates no address (expected no pool, or mode: coip)"),
        errors(SECTION + "  coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f60001\n"));
    assertEquals(List.of("test.yaml:12:17: outpost_routing.coip_pool_id: \"pool-1\" is not a customer-owned IP pool ID"
        + " (expected ipv4pool-coip- and 8 or 17 lowercase hex digits, such as ipv4pool-coip-0a1b2c3d4e5f60001)"),
        errors(SECTION.replace("mode: direct-vpc-routing", "mode: coip") + "  coip_pool_id: pool-1\n"));
  }

  @Test
  void requiredKeysWhenEnabled() {
    assertEquals(List.of(
        "test.yaml:3:3: outpost_routing.local_gateway_id: missing required key \"local_gateway_id\" (expected a local gateway"
            + " ID such as lgw-0a1b2c3d4e5f60001)",
        "test.yaml:3:3: outpost_routing.mode: missing required key \"mode\" (expected direct-vpc-routing or coip)",
        "test.yaml:3:3: outpost_routing.vif_group_ids: missing required key \"vif_group_ids\" (expected a list of local"
            + " gateway virtual interface group IDs)",
        "test.yaml:3:3: outpost_routing.vpcs: missing required key \"vpcs\" (expected a list of VPC IDs)"),
        errors("project: {prefix: rack}\noutpost_routing:\n  enabled: true\n"));
  }

  @Test
  void routesWithoutBlocksAndTooManyResources() {
    assertEquals(List.of("test.yaml:10:24: outpost_routing.subnet_route_tables: set without on_premises_cidrs, so no route"
        + " goes into them (expected the on-premises blocks these route tables send to the local gateway)"),
        errors(SECTION.replace("  on_premises_cidrs: [192.168.0.0/16]\n", "")));
    // 50 blocks routed in 10 route tables: 1 + 1 + 1 + 50 x (1 + 10) = 553 resources.
    String blocks = String.join(", ", java.util.stream.IntStream.range(0, 50).mapToObj(i -> "10.0." + i + ".0/24").toList());
    String tables = String.join(", ", java.util.stream.IntStream.range(0, 10)
        .mapToObj(i -> "rtb-0a1b2c3d4e5f6001" + i).toList());
    assertEquals(List.of("test.yaml:4:1: outpost_routing: the stack would hold 553 resources (route table, associations"
        + " and routes; expected at most 500, the CloudFormation quota per stack)"),
        errors(SECTION.replace("[192.168.0.0/16]", "[" + blocks + "]").replace("[rtb-0a1b2c3d4e5f60011]", "[" + tables + "]")));
  }
}
