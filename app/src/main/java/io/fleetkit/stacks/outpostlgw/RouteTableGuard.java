package io.fleetkit.stacks.outpostlgw;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.OutpostRoutingConfig;
import io.fleetkit.config.SourceMap;
import io.fleetkit.inventory.LocalGateways;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mode and CoIP pool checks of {@code outpost_routing} against what the snapshot recorded for the local gateway.
 *
 * <p>Mode: "Update requires: Replacement" (AWS::EC2::LocalGatewayRouteTable), and the VPCs' traffic to the on-premises
 * network stops until the new table and its associations exist, so a mode that differs from the recorded one needs
 * {@code accept_replacement: true}. Once the stack's own route table is recorded (tagged
 * {@link LocalGateways#MANAGED_BY_TAG} with the stack name) its mode is the one compared; before the first deploy, the
 * mode of each route table the configured VPCs are associated with today.
 *
 * <p>Pool: a CoIP pool belongs to the route table it was created for (CreateCoipPool takes a LocalGatewayRouteTableId),
 * so the stack's table gets its pool after the first deploy. From then on, coip mode requires that pool.
 */
final class RouteTableGuard {
  private static final String BASE = OutpostLgwPlan.BASE;

  private RouteTableGuard() {}

  static void check(OutpostRoutingConfig c, String stackName, LocalGateways.Gateway gateway, LocalGateways s,
      SourceMap src, Path file, List<ConfigError> errors) {
    String recorded = "(snapshot " + file + ", recorded " + s.recordedAt() + ")";
    List<String> ours = new ArrayList<>();
    gateway.routeTables().forEach((id, t) -> {
      if (t.managedBy().filter(stackName::equals).isPresent()) ours.add(id);
    });
    Map<String, String> differing = new LinkedHashMap<>();
    for (Map.Entry<String, LocalGateways.RouteTable> t : gateway.routeTables().entrySet()) {
      boolean compared = ours.isEmpty() ? c.vpcs().stream().anyMatch(t.getValue().vpcs()::contains) : ours.contains(t.getKey());
      if (compared && !t.getValue().mode().equals(c.mode())) differing.put(t.getKey(), t.getValue().mode());
    }
    String whose = ours.isEmpty() ? "the route tables the configured vpcs are associated with today"
        : "the route table this stack created";
    if (!differing.isEmpty() && !c.acceptReplacement()) {
      List<String> listed = new ArrayList<>();
      differing.forEach((id, mode) -> listed.add(id + " (" + mode + ")"));
      errors.add(src.error(BASE + ".mode", c.mode() + " differs from the mode of " + whose + ": "
          + String.join(", ", listed) + " " + recorded + ". The mode is fixed per route table, so CloudFormation"
          + " replaces it and the VPCs' on-premises traffic stops until the new table is associated (expected mode: "
          + differing.values().iterator().next() + ", or accept_replacement: true for a planned change)"));
    } else if (differing.isEmpty() && c.acceptReplacement()) {
      errors.add(src.error(BASE + ".accept_replacement", "true, but " + c.mode() + " is the recorded mode of " + whose
          + " " + recorded + " (expected false, so that an unplanned mode change is caught again)"));
    }
    if (!c.mode().equals(OutpostRoutingConfig.COIP)) return;
    List<String> ownCoip = ours.stream().filter(id -> gateway.routeTables().get(id).mode().equals(OutpostRoutingConfig.COIP))
        .toList();
    if (c.coipPoolId().isEmpty()) {
      if (!ownCoip.isEmpty()) {
        String rt = ownCoip.get(0);
        errors.add(src.error(BASE + ".coip_pool_id", "missing: route table " + rt + " of this stack is in coip mode "
            + recorded + " and translates addresses only from its own pool (expected the pool created for it: aws ec2"
            + " create-coip-pool --local-gateway-route-table-id " + rt + ", aws ec2 create-coip-cidr --coip-pool-id <pool>"
            + " --cidr <block>, then record the snapshot again)"));
      }
      return;
    }
    String pool = c.coipPoolId().get();
    LocalGateways.CoipPool recordedPool = s.coipPools().get(pool);
    if (recordedPool == null) {
      errors.add(src.error(BASE + ".coip_pool_id", pool + " is not in the snapshot " + recorded + " (expected one of: "
          + String.join(", ", s.coipPools().keySet()) + "; or record the snapshot again)"));
    } else if (!ownCoip.contains(recordedPool.routeTable())) {
      errors.add(src.error(BASE + ".coip_pool_id", pool + " belongs to route table " + recordedPool.routeTable() + ", not"
          + " to " + (ownCoip.isEmpty() ? "a route table of this stack, which does not exist yet" : String.join(", ", ownCoip))
          + " " + recorded + "; its addresses are translated by the table it belongs to (expected no pool until the first"
          + " deploy has created the route table, then the pool created for that table)"));
    }
  }
}
