package io.fleetkit.stacks.outpostlgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * outpost_routing against the local gateways snapshot: address overlap in direct mode, mode changes, CoIP pools,
 * provenance and damaged snapshots, each a config error at file:line. The snapshot is the shipped sample with edits.
 */
class OutpostLgwPlanTest {
  static final String SAMPLE = read(Path.of("samples/local-gateways.json"));
  /** A route table that this stack created, as discovery records it after the first deploy. */
  static final String OURS = """
              "lgw-rtb-0a1b2c3d4e5f60003" : {
                "managed_by" : "rack-outpost-lgw",
                "mode" : "%s",
                "state" : "available",
                "vif_group_associations" : [ "lgw-vif-grp-0a1b2c3d4e5f60001" ],
                "vpc_associations" : [ "vpc-0a1b2c3d4e5f60010" ]
              },
      """;
  static final String CONFIG = """
      project:
        prefix: rack
        account: "111122223333"
        region: us-east-1
      outpost_routing:
        enabled: true
        local_gateway_id: lgw-0a1b2c3d4e5f60001
        mode: direct-vpc-routing
        vpcs: [vpc-0a1b2c3d4e5f60010]
        vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001]
        on_premises_cidrs: [192.168.0.0/16]
        subnet_route_tables: [rtb-0a1b2c3d4e5f60011]
        snapshot: SNAPSHOT
      """;

  @TempDir Path dir;

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config with the snapshot written to a file and each {from, to} pair of {@code edits} replaced. */
  String config(String snapshot, String... edits) throws IOException {
    Path file = dir.resolve("lgw.json");
    Files.writeString(file, snapshot);
    String text = CONFIG.replace("SNAPSHOT", file.toString());
    for (int i = 0; i < edits.length; i += 2) text = text.replace(edits[i], edits[i + 1]);
    return text;
  }

  OutpostLgwPlan plan(String snapshot, String... edits) throws IOException {
    return OutpostLgwPlan.of(ConfigLoader.parse("test.yaml", config(snapshot, edits)));
  }

  List<String> errors(String snapshot, String... edits) throws IOException {
    String text = config(snapshot, edits);
    return assertThrows(ConfigException.class, () -> OutpostLgwPlan.of(ConfigLoader.parse("test.yaml", text))).lines()
        .stream().map(l -> l.replace(dir.toString(), "DIR")).toList();
  }

  static String withOurs(String mode) {
    return SAMPLE.replace("      \"route_tables\" : {\n", "      \"route_tables\" : {\n" + OURS.formatted(mode));
  }

  @Test
  void theSampleAsTheExampleUsesIt() throws IOException {
    OutpostLgwPlan p = plan(SAMPLE);
    assertEquals("rack-outpost-lgw", p.stackName());
    assertEquals(Map.of("rtb-0a1b2c3d4e5f60011", "vpc-0a1b2c3d4e5f60010"), p.vpcOfRouteTable());
  }

  /** Issue 13 acceptance: overlapping on-premises and VPC blocks in direct mode fail synth with file:line. */
  @Test
  void directModeRefusesOnPremisesBlocksThatOverlapTheVpc() throws IOException {
    String overlapping = "on_premises_cidrs: [10.50.1.128/25, 10.50.200.0/24, 0.0.0.0/0]";
    assertEquals(List.of(
        "test.yaml:11:23: outpost_routing.on_premises_cidrs[0]: 10.50.1.128/25 overlaps vpc-0a1b2c3d4e5f60010 Outpost"
            + " subnet subnet-0a1b2c3d4e5f60011 10.50.1.0/24: in direct-vpc-routing mode the local gateway advertises the"
            + " Outpost subnets' own addresses to the on-premises network (expected address plans that do not overlap, or"
            + " mode: coip)",
        "test.yaml:11:39: outpost_routing.on_premises_cidrs[1]: 10.50.200.0/24 overlaps vpc-0a1b2c3d4e5f60010 block"
            + " 10.50.0.0/16: in direct-vpc-routing mode the local gateway advertises the Outpost subnets' own addresses to"
            + " the on-premises network (expected address plans that do not overlap, or mode: coip)"),
        errors(SAMPLE, "on_premises_cidrs: [192.168.0.0/16]", overlapping));
    // CoIP translates the Outpost addresses, so the same plan is allowed there (once the VPC's table is coip).
    plan(SAMPLE, "on_premises_cidrs: [192.168.0.0/16]", overlapping, "mode: direct-vpc-routing", "mode: coip",
        "vpcs: [vpc-0a1b2c3d4e5f60010]", "vpcs: [vpc-0a1b2c3d4e5f60020]", "subnet_route_tables: [rtb-0a1b2c3d4e5f60011]",
        "subnet_route_tables: [rtb-0a1b2c3d4e5f60021]");
  }

  @Test
  void aModeChangeOfTheStacksOwnTableNeedsAcceptReplacement() throws IOException {
    assertEquals(List.of("test.yaml:8:9: outpost_routing.mode: coip differs from the mode of the route table this stack"
        + " created: lgw-rtb-0a1b2c3d4e5f60003 (direct-vpc-routing) (snapshot DIR/lgw.json, recorded 2026-11-24T09:30:00Z)."
        + " The mode is fixed per route table, so CloudFormation replaces it and the VPCs' on-premises traffic stops until"
        + " the new table is associated (expected mode: direct-vpc-routing, or accept_replacement: true for a planned"
        + " change)"), errors(withOurs("direct-vpc-routing"), "mode: direct-vpc-routing", "mode: coip"));
    plan(withOurs("direct-vpc-routing"), "mode: direct-vpc-routing", "mode: coip\n  accept_replacement: true");
    assertEquals(List.of("test.yaml:9:23: outpost_routing.accept_replacement: true, but direct-vpc-routing is the"
        + " recorded mode of the route table this stack created (snapshot DIR/lgw.json, recorded 2026-11-24T09:30:00Z)"
        + " (expected false, so that an unplanned mode change is caught again)"),
        errors(withOurs("direct-vpc-routing"), "mode: direct-vpc-routing", "mode: direct-vpc-routing\n  accept_replacement: true"));
  }

  @Test
  void beforeTheFirstDeployTheVpcsCurrentTableCounts() throws IOException {
    assertEquals(List.of("test.yaml:8:9: outpost_routing.mode: direct-vpc-routing differs from the mode of the route"
        + " tables the configured vpcs are associated with today: lgw-rtb-0a1b2c3d4e5f60002 (coip) (snapshot"
        + " DIR/lgw.json, recorded 2026-11-24T09:30:00Z). The mode is fixed per route table, so CloudFormation replaces it"
        + " and the VPCs' on-premises traffic stops until the new table is associated (expected mode: coip, or"
        + " accept_replacement: true for a planned change)"),
        errors(SAMPLE, "vpcs: [vpc-0a1b2c3d4e5f60010]", "vpcs: [vpc-0a1b2c3d4e5f60020]",
            "subnet_route_tables: [rtb-0a1b2c3d4e5f60011]", "subnet_route_tables: [rtb-0a1b2c3d4e5f60021]"));
  }

  @Test
  void coipNeedsThePoolOfItsOwnTableOnceThatExists() throws IOException {
    String coip = "mode: coip";
    // First deploy: no table of this stack yet, so no pool can be its own.
    plan(SAMPLE, "mode: direct-vpc-routing", coip, "on_premises_cidrs: [192.168.0.0/16]", "on_premises_cidrs: [10.50.0.0/16]");
    assertEquals(List.of("test.yaml:9:17: outpost_routing.coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f60001 belongs to route"
        + " table lgw-rtb-0a1b2c3d4e5f60002, not to a route table of this stack, which does not exist yet (snapshot"
        + " DIR/lgw.json, recorded 2026-11-24T09:30:00Z); its addresses are translated by the table it belongs to"
        + " (expected no pool until the first deploy has created the route table, then the pool created for that table)"),
        errors(SAMPLE, "mode: direct-vpc-routing", coip + "\n  coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f60001"));
    // After it: the table is recorded in coip mode, and its pool is required.
    assertEquals(List.of("test.yaml:5:1: outpost_routing.coip_pool_id: missing: route table lgw-rtb-0a1b2c3d4e5f60003 of"
        + " this stack is in coip mode (snapshot DIR/lgw.json, recorded 2026-11-24T09:30:00Z) and translates addresses only"
        + " from its own pool (expected the pool created for it: aws ec2 create-coip-pool --local-gateway-route-table-id"
        + " lgw-rtb-0a1b2c3d4e5f60003, aws ec2 create-coip-cidr --coip-pool-id <pool> --cidr <block>, then record the"
        + " snapshot again)"), errors(withOurs("coip"), "mode: direct-vpc-routing", coip));
    String ownPool = withOurs("coip").replace("\"route_table\" : \"lgw-rtb-0a1b2c3d4e5f60002\"",
        "\"route_table\" : \"lgw-rtb-0a1b2c3d4e5f60003\"");
    plan(ownPool, "mode: direct-vpc-routing", coip + "\n  coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f60001");
    assertEquals(List.of("test.yaml:9:17: outpost_routing.coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f69999 is not in the"
        + " snapshot (snapshot DIR/lgw.json, recorded 2026-11-24T09:30:00Z) (expected one of:"
        + " ipv4pool-coip-0a1b2c3d4e5f60001; or record the snapshot again)"),
        errors(ownPool, "mode: direct-vpc-routing", coip + "\n  coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f69999"));
  }

  @Test
  void theSnapshotMustMatchTheProject() throws IOException {
    assertEquals(List.of(
        "test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json was recorded in account 111122223333 (expected"
            + " project.account 444455556666: bin/fleetkit outpost-lgw show --region us-west-2 --snapshot DIR/lgw.json with"
            + " that account's credentials)",
        "test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json was recorded in us-east-1 (expected project.region"
            + " us-west-2: bin/fleetkit outpost-lgw show --region us-west-2 --snapshot DIR/lgw.json)"),
        errors(SAMPLE, "\"111122223333\"", "\"444455556666\"", "region: us-east-1", "region: us-west-2"));
    assertEquals(List.of("test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json says partition aws-us-gov (expected"
        + " aws, the partition of us-east-1: bin/fleetkit outpost-lgw show --region us-east-1 --snapshot DIR/lgw.json)"),
        errors(SAMPLE.replace("\"partition\" : \"aws\"", "\"partition\" : \"aws-us-gov\"")));
  }

  @Test
  void damagedOrForeignSnapshotsAreOneLine() throws IOException {
    assertEquals(List.of("test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json: line 4, column 22: not valid JSON:"
        + " Unexpected end-of-input in VALUE_STRING (expected a snapshot written by fleetkit; regenerate it with:"
        + " bin/fleetkit outpost-lgw show --region <region> --snapshot DIR/lgw.json)"),
        errors(SAMPLE.substring(0, 80)));
    assertEquals(List.of("test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json: /format: \"fleetkit-instance-types\" is"
        + " not the local gateways snapshot's format (expected \"fleetkit-local-gateways\"; regenerate it with:"
        + " bin/fleetkit outpost-lgw show --region <region> --snapshot DIR/lgw.json)"), errors(read(Path.of("samples/instance-types.json"))));
    assertEquals(List.of("test.yaml:13:13: outpost_routing.snapshot: DIR/lgw.json:"
        + " /vpcs/vpc-0a1b2c3d4e5f60010/cidrs: missing (expected a value there; regenerate it with: bin/fleetkit"
        + " outpost-lgw show --region <region> --snapshot DIR/lgw.json)"),
        errors(SAMPLE.replace("\"cidrs\" : [ \"10.50.0.0/16\" ],", "")));
    Files.delete(dir.resolve("lgw.json"));
    String text = CONFIG.replace("SNAPSHOT", dir.resolve("none.json").toString());
    assertEquals(List.of("test.yaml:13:13: outpost_routing.snapshot: DIR/none.json: no such file (create it with:"
        + " bin/fleetkit outpost-lgw show --region <region> --snapshot DIR/none.json)"),
        assertThrows(ConfigException.class, () -> OutpostLgwPlan.of(ConfigLoader.parse("test.yaml", text))).lines()
            .stream().map(l -> l.replace(dir.toString(), "DIR")).toList());
  }

  @Test
  void everythingNamedMustBeRecorded() throws IOException {
    assertEquals(List.of("test.yaml:7:21: outpost_routing.local_gateway_id: lgw-0a1b2c3d4e5f69999 is not in DIR/lgw.json,"
        + " recorded 2026-11-24T09:30:00Z (expected one of: lgw-0a1b2c3d4e5f60001; or record it again: bin/fleetkit"
        + " outpost-lgw show --region us-east-1 --snapshot DIR/lgw.json)"),
        errors(SAMPLE, "lgw-0a1b2c3d4e5f60001", "lgw-0a1b2c3d4e5f69999"));
    assertEquals(List.of(
        "test.yaml:9:10: outpost_routing.vpcs[0]: vpc-0a1b2c3d4e5f69999 is not a VPC of 111122223333 in us-east-1"
            + " (snapshot DIR/lgw.json, recorded 2026-11-24T09:30:00Z; expected a VPC it lists, or record again:"
            + " bin/fleetkit outpost-lgw show --region us-east-1 --snapshot DIR/lgw.json)",
        "test.yaml:10:19: outpost_routing.vif_group_ids[0]: lgw-vif-grp-0a1b2c3d4e5f69999 is not a virtual interface group"
            + " of lgw-0a1b2c3d4e5f60001 (expected one of: lgw-vif-grp-0a1b2c3d4e5f60001)",
        "test.yaml:12:25: outpost_routing.subnet_route_tables[0]: rtb-0a1b2c3d4e5f60021 is not a route table of the"
            + " configured vpcs (expected a route table of vpc-0a1b2c3d4e5f69999, as DIR/lgw.json records them)"),
        errors(SAMPLE, "vpc-0a1b2c3d4e5f60010", "vpc-0a1b2c3d4e5f69999", "vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001]",
            "vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f69999]", "rtb-0a1b2c3d4e5f60011", "rtb-0a1b2c3d4e5f60021"));
  }
}
