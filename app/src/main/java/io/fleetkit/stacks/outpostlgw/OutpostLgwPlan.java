package io.fleetkit.stacks.outpostlgw;

import io.fleetkit.config.Checks;
import io.fleetkit.config.Cidr;
import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.OutpostRoutingConfig;
import io.fleetkit.config.SourceMap;
import io.fleetkit.constructs.Naming;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import io.fleetkit.inventory.LocalGateways;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked {@code outpost_routing} section against the local gateways snapshot, which is where synth learns what
 * AWS has: the gateway and its route tables with their modes and associations, and the VPCs' IPv4 blocks and Outpost
 * subnets (config names only IDs). Every violation is a config error with file and line, raised before any stack
 * exists; synth never calls AWS.
 *
 * @param stackName the stack, whose name tags the route table it creates ({@link LocalGateways#MANAGED_BY_TAG})
 * @param vpcOfRouteTable each configured subnet route table → its VPC, as recorded
 */
public record OutpostLgwPlan(OutpostRoutingConfig config, String stackName, Map<String, String> vpcOfRouteTable) {
  static final String BASE = "outpost_routing";

  public static OutpostLgwPlan of(FleetkitConfig config) {
    OutpostRoutingConfig c = config.outpostRouting();
    String stackName = new Naming(config.project()).stackName("outpost-lgw");
    SourceMap src = config.source();
    List<ConfigError> errors = new ArrayList<>();
    Path file = Path.of(c.snapshot());
    LocalGateways s;
    try {
      s = LocalGateways.read(file);
    } catch (SnapshotException e) {
      throw new ConfigException(List.of(src.error(BASE + ".snapshot", e.getMessage())));
    }
    String record = "bin/fleetkit outpost-lgw show --region " + config.project().region().orElse(s.region()) + " --snapshot "
        + file;
    config.project().account().filter(a -> !a.equals(s.account())).ifPresent(a -> errors.add(src.error(BASE + ".snapshot",
        file + " was recorded in account " + s.account() + " (expected project.account " + a + ": " + record
            + " with that account's credentials)")));
    config.project().region().ifPresent(r -> {
      if (!r.equals(s.region())) {
        errors.add(src.error(BASE + ".snapshot", file + " was recorded in " + s.region() + " (expected project.region " + r
            + ": " + record + ")"));
      } else if (!Checks.partitionOf(r).equals(s.partition())) {
        errors.add(src.error(BASE + ".snapshot", file + " says partition " + s.partition() + " (expected "
            + Checks.partitionOf(r) + ", the partition of " + r + ": " + record + ")"));
      }
    });
    LocalGateways.Gateway gateway = s.gateways().get(c.localGatewayId());
    if (gateway == null) {
      errors.add(src.error(BASE + ".local_gateway_id", c.localGatewayId() + " is not in " + file + ", recorded "
          + s.recordedAt() + " (expected one of: " + String.join(", ", s.gateways().keySet()) + "; or record it again: "
          + record + ")"));
      throw new ConfigException(errors.stream().sorted().toList());
    }
    for (int i = 0; i < c.vifGroupIds().size(); i++) {
      if (!gateway.vifGroups().contains(c.vifGroupIds().get(i))) {
        errors.add(src.error(BASE + ".vif_group_ids[" + i + "]", c.vifGroupIds().get(i) + " is not a virtual interface"
            + " group of " + c.localGatewayId() + " (expected one of: " + String.join(", ", gateway.vifGroups()) + ")"));
      }
    }
    Map<String, String> vpcOf = new LinkedHashMap<>();
    for (int i = 0; i < c.vpcs().size(); i++) {
      if (!s.vpcs().containsKey(c.vpcs().get(i))) {
        errors.add(src.error(BASE + ".vpcs[" + i + "]", c.vpcs().get(i) + " is not a VPC of " + s.account() + " in "
            + s.region() + " (snapshot " + file + ", recorded " + s.recordedAt() + "; expected a VPC it lists, or record"
            + " again: " + record + ")"));
      }
    }
    for (int i = 0; i < c.subnetRouteTables().size(); i++) {
      String rtb = c.subnetRouteTables().get(i);
      String at = BASE + ".subnet_route_tables[" + i + "]";
      Optional<String> vpc = c.vpcs().stream().filter(v -> s.vpcs().containsKey(v) && s.vpcs().get(v).routeTables()
          .contains(rtb)).findFirst();
      vpc.ifPresentOrElse(v -> vpcOf.put(rtb, v), () -> errors.add(src.error(at,
          rtb + " is not a route table of the configured vpcs (expected a route table of " + String.join(", ", c.vpcs())
              + ", as " + file + " records them)")));
    }
    if (c.mode().equals(OutpostRoutingConfig.DIRECT)) overlaps(c, s, src, errors);
    RouteTableGuard.check(c, stackName, gateway, s, src, file, errors);
    if (!errors.isEmpty()) throw new ConfigException(errors.stream().sorted().toList());
    return new OutpostLgwPlan(c, stackName, vpcOf);
  }

  /**
   * Direct VPC routing advertises the Outpost subnets' own addresses over BGP (AWS Outposts User Guide, "Local gateway
   * route tables", direct VPC routing), so the on-premises network must not use them: no VPC block or Outpost subnet
   * may overlap an on-premises block. A 0.0.0.0/0 default route is no address plan; the VPC's local route is more
   * specific, so it is left out.
   */
  private static void overlaps(OutpostRoutingConfig c, LocalGateways s, SourceMap src, List<ConfigError> errors) {
    List<Cidr> onPremises = c.onPremises();
    for (int i = 0; i < onPremises.size(); i++) {
      Cidr onPrem = onPremises.get(i);
      if (onPrem.prefix() == 0) continue;
      for (String vpcId : c.vpcs()) {
        LocalGateways.Vpc vpc = s.vpcs().get(vpcId);
        if (vpc == null) continue;
        List<String> hits = new ArrayList<>();
        vpc.outpostSubnets().forEach((subnet, block) -> Cidr.parse(block).filter(onPrem::overlaps)
            .ifPresent(b -> hits.add("Outpost subnet " + subnet + " " + b)));
        if (hits.isEmpty()) {
          vpc.cidrs().forEach(block -> Cidr.parse(block).filter(onPrem::overlaps).ifPresent(b -> hits.add("block " + b)));
        }
        if (!hits.isEmpty()) {
          errors.add(src.error(BASE + ".on_premises_cidrs[" + i + "]", onPrem + " overlaps " + vpcId + " "
              + String.join(", ", hits) + ": in direct-vpc-routing mode the local gateway advertises the Outpost subnets'"
              + " own addresses to the on-premises network (expected address plans that do not overlap, or mode: coip)"));
        }
      }
    }
  }
}
