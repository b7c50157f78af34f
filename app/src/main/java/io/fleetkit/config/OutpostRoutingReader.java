package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/** Reads and checks the {@code outpost_routing} section. */
final class OutpostRoutingReader {
  static final String NAME = "outpost_routing";
  static final String DEFAULT_SNAPSHOT = ".fleetkit/local-gateways.json";
  /** CloudFormation quotas: 500 resources per stack. */
  static final int MAX_RESOURCES = 500;

  static final Keys KEYS = new Keys("A local gateway route table of an Outposts rack in direct VPC routing or CoIP mode,"
      + " its associations and routes; CoIP pools and addresses are CLI only. Notes: [outpost-lgw.md](outpost-lgw.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-outpost-lgw`.");
  static final Key<String> LOCAL_GATEWAY = KEYS.text("local_gateway_id", "", "The Outpost's local gateway, `lgw-` and"
      + " 8 or 17 hex digits; it must be in the snapshot.").required("when enabled", "a local gateway ID such as"
      + " lgw-0a1b2c3d4e5f60001");
  static final Key<String> MODE = KEYS.text("mode", "", "The route table's routing mode; a change replaces the table"
      + " (traffic stops until the new one is associated).").oneOf(OutpostRoutingConfig.MODES)
      .required("when enabled", "direct-vpc-routing or coip");
  static final Key<List<String>> VPCS = KEYS.texts("vpcs", List.of(), "VPCs to associate with the route table; their"
      + " Outpost subnets reach the on-premises network.").minItems(1).required("when enabled", "a list of VPC IDs");
  static final Key<List<String>> VIF_GROUPS = KEYS.texts("vif_group_ids", List.of(), "Virtual interface groups to"
      + " associate (`lgw-vif-grp-...`), as AWS created them for the Outpost.").minItems(1)
      .required("when enabled", "a list of local gateway virtual interface group IDs");
  // Amazon VPC quotas: "Routes per route table (non-propagated routes)", 50 by default; each block is one route in
  // each of subnet_route_tables.
  static final Key<List<String>> ON_PREMISES = KEYS.texts("on_premises_cidrs", List.of(), "On-premises IPv4 blocks:"
      + " a local gateway route to `route_vif_group` each, and a route to the local gateway in each of"
      + " `subnet_route_tables`. 0.0.0.0/0 is a default route, not an address plan.").maxItems(50);
  static final Key<String> ROUTE_VIF_GROUP = KEYS.text("route_vif_group", "The virtual interface group the"
      + " on-premises routes point to; one of `vif_group_ids`.").computed("the first of `vif_group_ids`");
  static final Key<List<String>> SUBNET_ROUTE_TABLES = KEYS.texts("subnet_route_tables", List.of(), "Route tables"
      + " (`rtb-...`) of the Outpost subnets, in `vpcs`, that route `on_premises_cidrs` to the local gateway.");
  static final Key<String> COIP_POOL = KEYS.text("coip_pool_id", "The route table's customer-owned IP pool"
      + " (`ipv4pool-coip-...`), used by `bin/fleetkit outpost-lgw coip`; coip mode only, and required once the table"
      + " exists (create the pool for it after the first deploy).");
  static final Key<Boolean> ACCEPT_REPLACEMENT = KEYS.bool("accept_replacement", false, "Allows a `mode` that differs"
      + " from the recorded one: CloudFormation replaces the route table and traffic stops until the new one is in place.");
  static final Key<String> SNAPSHOT = KEYS.text("snapshot", DEFAULT_SNAPSHOT, "Local gateways snapshot from"
      + " `bin/fleetkit outpost-lgw show --snapshot`; it must exist and match `project.account` and `project.region`.");

  /** On-premises blocks: any IPv4 prefix; 0.0.0.0/0 is a default route to the on-premises network. */
  static final Cidr.Rules ON_PREMISES_BLOCK = Cidr.Rules.ipv4("an on-premises network", 1, 32).withWorld(true, "");

  private OutpostRoutingReader() {}

  static OutpostRoutingConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    String lgw = m.require(LOCAL_GATEWAY, enabled);
    String mode = m.require(MODE, enabled);
    List<String> vpcs = m.require(VPCS, enabled);
    List<String> vifs = m.require(VIF_GROUPS, enabled);
    List<String> onPremises = m.get(ON_PREMISES);
    String routeVif = m.get(ROUTE_VIF_GROUP, vifs.isEmpty() ? "" : vifs.get(0));
    List<String> routeTables = m.get(SUBNET_ROUTE_TABLES);
    Optional<String> pool = m.optional(COIP_POOL);
    boolean accept = m.get(ACCEPT_REPLACEMENT);
    String snapshot = m.get(SNAPSHOT);
    m.finish();
    return new OutpostRoutingConfig(enabled, lgw, mode, vpcs, vifs, onPremises, routeVif, routeTables, pool, accept,
        snapshot);
  }

  static void check(OutpostRoutingConfig c, Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    Checks.ec2Id(p, base + ".local_gateway_id", c.localGatewayId(), Ec2IdKind.LOCAL_GATEWAY);
    boolean modeOk = MODE.checkChoice(p, base + ".mode", c.mode());
    Checks.ec2Ids(p, base + ".vpcs", c.vpcs(), Ec2IdKind.VPC);
    if (c.vpcs().size() < VPCS.minItems()) p.error(base + ".vpcs", "empty (expected at least one VPC ID)");
    Checks.ec2Ids(p, base + ".vif_group_ids", c.vifGroupIds(), Ec2IdKind.VIF_GROUP);
    if (c.vifGroupIds().size() < VIF_GROUPS.minItems()) {
      p.error(base + ".vif_group_ids", "empty (expected at least one virtual interface group ID)");
    }
    if (!c.routeVifGroup().isEmpty() && !c.vifGroupIds().contains(c.routeVifGroup())) {
      p.error(base + ".route_vif_group", "\"" + c.routeVifGroup() + "\" is not one of vif_group_ids (expected the group"
          + " the on-premises routes leave through)");
    }
    Checks.cidrs(p, base + ".on_premises_cidrs", c.onPremisesCidrs(), ON_PREMISES_BLOCK);
    if (c.onPremisesCidrs().size() > ON_PREMISES.maxItems()) {
      p.error(base + ".on_premises_cidrs", c.onPremisesCidrs().size() + " blocks (expected at most "
          + ON_PREMISES.maxItems() + ": each one is a route in every subnet route table, which holds 50 by default)");
    }
    Checks.ec2Ids(p, base + ".subnet_route_tables", c.subnetRouteTables(), Ec2IdKind.ROUTE_TABLE);
    if (!c.subnetRouteTables().isEmpty() && c.onPremisesCidrs().isEmpty()) {
      p.error(base + ".subnet_route_tables", "set without on_premises_cidrs, so no route goes into them (expected the"
          + " on-premises blocks these route tables send to the local gateway)");
    }
    if (modeOk && c.mode().equals(OutpostRoutingConfig.DIRECT) && c.coipPoolId().isPresent()) {
      p.error(base + ".coip_pool_id", "\"" + c.coipPoolId().get() + "\" is set in direct-vpc-routing mode, where the"
          + " local gateway translates no address (expected no pool, or mode: coip)");
    }
    c.coipPoolId().ifPresent(pool -> Checks.ec2Id(p, base + ".coip_pool_id", pool, Ec2IdKind.COIP_POOL));
    int resources = 1 + c.vpcs().size() + c.vifGroupIds().size() + c.onPremisesCidrs().size()
        * (1 + c.subnetRouteTables().size());
    if (resources > MAX_RESOURCES) {
      p.error(base, "the stack would hold " + resources + " resources (route table, associations and routes; expected at"
          + " most " + MAX_RESOURCES + ", the CloudFormation quota per stack)");
    }
  }

}
