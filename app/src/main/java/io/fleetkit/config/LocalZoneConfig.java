package io.fleetkit.config;

import java.util.Optional;

/**
 * A VPC of the parent Region extended into one Local Zone, with the WordPress workload of the AWS
 * compute blog "Automating your workload deployments in AWS Local Zones".
 *
 * @param zone Local Zone name, such as us-east-1-atl-1a
 * @param vpcCidr the VPC's IPv4 block (default /24, as in the blog's sample)
 * @param subnetMask prefix length of the derived subnets (default /26)
 * @param publicSubnetCidr the public subnet's block; derived from vpcCidr and subnetMask when absent
 * @param privateSubnetCidr the private subnet's block; derived when absent
 * @param zoneFeatures what this zone offers, stated by the user (the EC2 API does not report it)
 * @param egress "nat_instance" or "nat_gateway"
 * @param natInstanceType the NAT instance's type (egress nat_instance)
 * @param zonesSnapshot the snapshot written by {@code zones offerings --snapshot}; checked when it exists
 */
public record LocalZoneConfig(
    boolean enabled,
    String zone,
    String vpcCidr,
    int subnetMask,
    Optional<String> publicSubnetCidr,
    Optional<String> privateSubnetCidr,
    ZoneFeatures zoneFeatures,
    String egress,
    String natInstanceType,
    Alb alb,
    Web web,
    Database database,
    String zonesSnapshot) {

  public static final String NAT_INSTANCE = "nat_instance";
  public static final String NAT_GATEWAY = "nat_gateway";

  /** The Region of the zone: us-east-1-atl-1a belongs to us-east-1. */
  public String region() {
    return LocalZoneReader.regionOf(zone).orElse("");
  }

  /** The public subnet: as configured, else the first subnetMask block of the VPC. Valid after loading. */
  public Cidr publicSubnet() {
    return publicSubnetCidr.flatMap(Cidr::parse).orElseGet(() -> Cidr.parse(vpcCidr).orElseThrow().subnet(subnetMask, 0));
  }

  /** The private subnet: as configured, else the second subnetMask block of the VPC. */
  public Cidr privateSubnet() {
    return privateSubnetCidr.flatMap(Cidr::parse).orElseGet(() -> Cidr.parse(vpcCidr).orElseThrow().subnet(subnetMask, 1));
  }

  /** The zone group (network border group), such as us-east-1-atl-1. */
  public String group() {
    return zone.isEmpty() ? "" : zone.substring(0, zone.length() - 1);
  }

  /** Features that vary by Local Zone (see the Local Zones features page). */
  public record ZoneFeatures(boolean alb, boolean natGateway) {}

  /** The internet-facing Application Load Balancer. */
  public record Alb(boolean enabled, Optional<String> certificateArn) {}

  /**
   * The WordPress Auto Scaling group.
   *
   * @param healthCheckPath target group health check path; / answers 302 until WordPress is installed
   */
  public record Web(String instanceType, int port, int minCapacity, int maxCapacity, int desiredCapacity,
      String healthCheckPath) {}

  /**
   * The MySQL (MariaDB) instance.
   *
   * @param volumeGiB encrypted gp3 root volume holding the database
   * @param terminationProtection EC2 API termination protection for the instance holding the data
   */
  public record Database(String instanceType, int volumeGiB, boolean terminationProtection) {}
}
