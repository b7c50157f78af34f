package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * Where a capacity stack's instances run: a VPC fleetkit creates (one workload subnet per zone), or
 * an existing VPC and subnets found through context lookups (cached in cdk.context.json).
 *
 * @param vpcId an existing VPC; empty means fleetkit creates one
 * @param subnetIds the existing subnets to use (existing-VPC mode only)
 * @param cidr the created VPC's IPv4 range (create mode only)
 * @param natGateways NAT gateways of the created VPC, so instances reach SSM and package mirrors
 */
public record CapacityNetworkConfig(Optional<String> vpcId, List<String> subnetIds, String cidr, int natGateways) {
  public CapacityNetworkConfig {
    subnetIds = List.copyOf(subnetIds);
  }

  public boolean createsVpc() {
    return vpcId.isEmpty();
  }
}
