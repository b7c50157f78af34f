package io.fleetkit.stacks.outpostlgw;

import io.fleetkit.config.OutpostRoutingConfig;
import io.fleetkit.inventory.LocalGateways;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnLocalGatewayRoute;
import software.amazon.awscdk.services.ec2.CfnLocalGatewayRouteTable;
import software.amazon.awscdk.services.ec2.CfnLocalGatewayRouteTableVPCAssociation;
import software.amazon.awscdk.services.ec2.CfnLocalGatewayRouteTableVirtualInterfaceGroupAssociation;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.constructs.Construct;

/**
 * {@code <prefix>-outpost-lgw}: a local gateway route table in the configured mode, its VPC and virtual interface group
 * associations, a local gateway route per on-premises block to the virtual interface group, and routes to the local
 * gateway in the Outpost subnets' route tables. CoIP pools, CoIP addresses and CoIP auto-assignment have no CloudFormation
 * type; {@code bin/fleetkit outpost-lgw coip} does them.
 */
public class OutpostLgwStack extends Stack {

  public OutpostLgwStack(Construct scope, String id, StackProps props, OutpostLgwPlan plan) {
    super(scope, id, props);
    OutpostRoutingConfig c = plan.config();
    // Mode "Update requires: Replacement"; the plan refuses an unplanned change. The tag lets discovery tell this
    // table from the Outpost's others.
    CfnLocalGatewayRouteTable table = CfnLocalGatewayRouteTable.Builder.create(this, "RouteTable")
        .localGatewayId(c.localGatewayId())
        .mode(c.mode())
        .tags(List.of(CfnTag.builder().key(LocalGateways.MANAGED_BY_TAG).value(plan.stackName()).build()))
        .build();
    String tableId = table.getAttrLocalGatewayRouteTableId();
    Map<String, CfnLocalGatewayRouteTableVPCAssociation> vpcs = new LinkedHashMap<>();
    for (String vpc : c.vpcs()) {
      vpcs.put(vpc, CfnLocalGatewayRouteTableVPCAssociation.Builder.create(this, "Vpc-" + vpc)
          .localGatewayRouteTableId(tableId).vpcId(vpc).build());
    }
    Map<String, CfnLocalGatewayRouteTableVirtualInterfaceGroupAssociation> groups = new LinkedHashMap<>();
    for (String group : c.vifGroupIds()) {
      groups.put(group, CfnLocalGatewayRouteTableVirtualInterfaceGroupAssociation.Builder.create(this, "VifGroup-" + group)
          .localGatewayRouteTableId(tableId).localGatewayVirtualInterfaceGroupId(group).build());
    }
    for (String cidr : c.onPremisesCidrs()) {
      String name = cidr.replace('.', '-').replace('/', '-');
      CfnLocalGatewayRoute route = CfnLocalGatewayRoute.Builder.create(this, "OnPremises-" + name)
          .localGatewayRouteTableId(tableId)
          .destinationCidrBlock(cidr)
          .localGatewayVirtualInterfaceGroupId(c.routeVifGroup())
          .build();
      // The route leaves through the group, which the table must be associated with first.
      route.getNode().addDependency(groups.get(c.routeVifGroup()));
      for (String rtb : c.subnetRouteTables()) {
        CfnRoute vpcRoute = CfnRoute.Builder.create(this, "Route-" + rtb + "-" + name)
            .routeTableId(rtb)
            .destinationCidrBlock(cidr)
            .localGatewayId(c.localGatewayId())
            .build();
        // "VPC route tables associated with subnets that reside on an Outpost can use the local gateway as a route
        // target" once the VPC is associated (AWS Outposts User Guide, "Local gateways", VPC associations).
        vpcRoute.getNode().addDependency(vpcs.get(plan.vpcOfRouteTable().get(rtb)));
      }
    }
    CfnOutput.Builder.create(this, "LocalGatewayRouteTableId").value(tableId)
        .description("The " + c.mode() + " route table of " + c.localGatewayId()).build();
  }
}
