package io.fleetkit.config;

import java.util.List;
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
 * @param natAmi the NAT instance's image: an AMI ID, or {@link #LATEST} (looked up once, cached in cdk.context.json)
 * @param natVolumeType EBS volume type of the NAT instance's root volume
 * @param zonesSnapshot the file written by {@code zones offerings --snapshot}, or {@link #NO_SNAPSHOT}
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
    String natAmi,
    String natVolumeType,
    Alb alb,
    Web web,
    Database database,
    String zonesSnapshot) {

  public static final String NAT_INSTANCE = "nat_instance";
  public static final String NAT_GATEWAY = "nat_gateway";
  /** An AMI source: the latest Amazon Linux 2023 for the CPU, looked up once and cached in cdk.context.json. */
  public static final String LATEST = "latest";
  /** {@code zones_snapshot: none}: nothing recorded; synth checks no offerings (said explicitly in config). */
  public static final String NO_SNAPSHOT = "none";
  /** The EBS volume types config offers; both need no IOPS or throughput settings. */
  public static final List<String> VOLUME_TYPES = List.of("gp2", "gp3");

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

  /** The zones snapshot file, empty with {@code zones_snapshot: none}. */
  public Optional<String> zonesSnapshotFile() {
    return zonesSnapshot.equals(NO_SNAPSHOT) ? Optional.empty() : Optional.of(zonesSnapshot);
  }

  /** Features that vary by Local Zone (see the Local Zones features page). */
  public record ZoneFeatures(boolean alb, boolean natGateway) {}

  /** The internet-facing Application Load Balancer. */
  public record Alb(boolean enabled, Optional<String> certificateArn) {}

  /**
   * The WordPress Auto Scaling group and who may reach it.
   *
   * @param healthCheckPath target group health check path; / answers 302 until WordPress is installed
   * @param volumeType EBS volume type of the root volume
   * @param allowedCidrs IPv4 blocks that may reach the load balancer's listeners; empty opens nothing
   * @param allowWorld whether allowedCidrs may hold 0.0.0.0/0
   * @param wordpressVersion the WordPress release installed at boot, such as 7.0.1
   * @param wordpressSha256 the SHA-256 of that release's tarball, checked before it is unpacked
   */
  public record Web(String instanceType, int port, int minCapacity, int maxCapacity, int desiredCapacity,
      String healthCheckPath, String volumeType, List<String> allowedCidrs, boolean allowWorld,
      String wordpressVersion, String wordpressSha256) {
    public Web {
      allowedCidrs = List.copyOf(allowedCidrs);
    }
  }

  /**
   * The MySQL (MariaDB) instance.
   *
   * @param ami an AMI ID, or {@link #LATEST}
   * @param volumeGiB the encrypted data volume that holds MariaDB's datadir
   * @param volumeType EBS volume type of the data and root volumes
   * @param terminationProtection EC2 API termination protection for the instance
   */
  public record Database(String instanceType, String ami, int volumeGiB, String volumeType, boolean terminationProtection) {}
}
