package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * A local gateway route table of an Outposts rack and what it routes (AWS Compute Blog "How to choose between CoIP
 * and Direct VPC routing modes on AWS Outposts rack").
 *
 * @param localGatewayId the Outpost's local gateway
 * @param mode {@link #DIRECT} or {@link #COIP}: an attribute of the route table, so a change replaces it
 * @param vpcs the VPCs associated with the route table
 * @param vifGroupIds the virtual interface groups associated with it
 * @param onPremisesCidrs on-premises blocks: a local gateway route each, and a route to the local gateway in each of
 *     {@code subnetRouteTables}
 * @param routeVifGroup the virtual interface group the on-premises routes point to
 * @param subnetRouteTables route tables of the Outpost subnets that get routes to the local gateway
 * @param coipPoolId the customer-owned IP pool of the route table (coip mode), used by the CLI
 * @param acceptReplacement true allows a mode that differs from the recorded one (CloudFormation replaces the table)
 * @param snapshot the local gateways snapshot that {@code bin/fleetkit outpost-lgw show --snapshot} writes
 */
public record OutpostRoutingConfig(boolean enabled, String localGatewayId, String mode, List<String> vpcs,
    List<String> vifGroupIds, List<String> onPremisesCidrs, String routeVifGroup, List<String> subnetRouteTables,
    Optional<String> coipPoolId, boolean acceptReplacement, String snapshot) {

  /** LocalGatewayRouteTable Mode values (AWS::EC2::LocalGatewayRouteTable). */
  public static final String DIRECT = "direct-vpc-routing";
  public static final String COIP = "coip";
  public static final List<String> MODES = List.of(DIRECT, COIP);

  public OutpostRoutingConfig {
    vpcs = List.copyOf(vpcs);
    vifGroupIds = List.copyOf(vifGroupIds);
    onPremisesCidrs = List.copyOf(onPremisesCidrs);
    subnetRouteTables = List.copyOf(subnetRouteTables);
  }

  /** The parsed on-premises blocks; valid after loading. */
  public List<Cidr> onPremises() {
    return onPremisesCidrs.stream().map(c -> Cidr.parse(c).orElseThrow()).toList();
  }
}
