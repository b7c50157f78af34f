package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local_zone section: defaults, and every bad input of issue 6 with its pinned message. */
class LocalZoneConfigTest {
  static final String PROJECT = """
      project:
        prefix: fleetkit
        region: us-east-1
      """;

  static List<String> errors(String localZone) {
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + localZone));
    return e.lines();
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", PROJECT).localZone().enabled());
  }

  @Test
  void defaultsFollowTheBlogSample() {
    var z = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
        """).localZone();
    assertTrue(z.enabled());
    assertEquals("us-east-1", z.region());
    assertEquals("us-east-1-atl-1", z.group());
    assertEquals("172.31.100.0/24", z.vpcCidr());
    assertEquals("172.31.100.0/26", z.publicSubnet().toString());
    assertEquals("172.31.100.64/26", z.privateSubnet().toString());
    assertEquals(LocalZoneConfig.NAT_INSTANCE, z.egress());
    assertEquals(new LocalZoneConfig.ZoneFeatures(true, false), z.zoneFeatures());
    assertEquals(new LocalZoneConfig.Alb(true, Optional.empty()), z.alb());
    assertEquals(new LocalZoneConfig.Web("t3.medium", 80, 1, 2, 1, "/readme.html", "gp2", List.of(), false, "7.0.1",
        "dc10592da9b580c7525632850e0cced371b13081853ac29afe93b5d5bb00db98"), z.web());
    assertEquals(new LocalZoneConfig.Database("t3.medium", "latest", 20, "gp2", true), z.database());
    assertEquals("latest", z.natAmi());
    assertEquals("gp2", z.natVolumeType());
    assertEquals(".fleetkit/zones.json", z.zonesSnapshot());
  }

  @Test
  void egressDefaultsToANatGatewayWhereTheZoneHasOne() {
    var z = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
          zone_features: {nat_gateway: true}
        """).localZone();
    assertEquals(LocalZoneConfig.NAT_GATEWAY, z.egress());
  }

  @Test
  void aZoneNameThatIsNotALocalZoneName() {
    assertEquals(List.of("test.yaml:5:9: local_zone.zone: \"us-east-1a\" is not a Local Zone name (expected "
        + "<region>-<location>-<number><letter>, such as us-east-1-atl-1a; list them with bin/fleetkit zones list)"),
        errors("""
            local_zone:
              zone: us-east-1a
            """));
  }

  @Test
  void aZoneOfAnotherRegion() {
    assertEquals(List.of("test.yaml:5:9: local_zone.zone: zone us-west-2-lax-1a belongs to Region us-west-2 (expected a "
        + "Local Zone of project.region us-east-1)"),
        errors("""
            local_zone:
              zone: us-west-2-lax-1a
            """));
  }

  @Test
  void aMissingZone() {
    assertEquals(List.of("test.yaml:4:1: local_zone.zone: no zone (expected a Local Zone name, such as us-east-1-atl-1a)"),
        errors("""
            local_zone:
              enabled: true
            """));
  }

  @Test
  void vpcCidrsThatAreNotBlocksOrOutOfRange() {
    assertEquals(List.of("test.yaml:6:13: local_zone.vpc_cidr: \"172.31.100.7/24\" has host bits set (expected "
        + "the network address 172.31.100.0/24)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              vpc_cidr: 172.31.100.7/24
            """));
    assertEquals(List.of("test.yaml:6:13: local_zone.vpc_cidr: /12 is out of range for a VPC (expected /16 to /28)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              vpc_cidr: 10.0.0.0/12
            """));
  }

  @Test
  void aSubnetSizeLargerThanTheVpc() {
    assertEquals(List.of("test.yaml:7:16: local_zone.subnet_mask: subnet size /20 is larger than the VPC /24 (expected "
        + "/25 to /28, so that both subnets fit in vpc_cidr)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              vpc_cidr: 172.31.100.0/24
              subnet_mask: 20
            """));
    assertEquals(List.of("test.yaml:6:16: local_zone.subnet_mask: subnet size /24 is all of the VPC /24 (expected "
        + "/25 to /28, so that both subnets fit in vpc_cidr)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              subnet_mask: 24
            """));
  }

  @Test
  void overlappingAndOutOfRangeSubnets() {
    assertEquals(List.of(
        "test.yaml:7:23: local_zone.public_subnet_cidr: \"10.9.0.0/26\" is outside the VPC 10.0.0.0/24 (expected a block inside vpc_cidr)",
        "test.yaml:8:24: local_zone.private_subnet_cidr: /29 is out of range for a subnet (expected /16 to /28)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              vpc_cidr: 10.0.0.0/24
              public_subnet_cidr: 10.9.0.0/26
              private_subnet_cidr: 10.0.0.64/29
            """));
    assertEquals(List.of("test.yaml:8:24: local_zone.private_subnet_cidr: \"10.0.0.32/27\" overlaps the public subnet "
        + "10.0.0.0/26 (expected separate blocks inside vpc_cidr)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              vpc_cidr: 10.0.0.0/24
              public_subnet_cidr: 10.0.0.0/26
              private_subnet_cidr: 10.0.0.32/27
            """));
  }

  @Test
  void explicitSubnetsNeedNoSubnetMask() {
    var z = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
          vpc_cidr: 10.0.0.0/24
          subnet_mask: 24
          public_subnet_cidr: 10.0.0.128/25
          private_subnet_cidr: 10.0.0.0/25
        """).localZone();
    assertEquals("10.0.0.128/25", z.publicSubnet().toString());
    assertEquals("10.0.0.0/25", z.privateSubnet().toString());
  }

  @Test
  void anAlbWhereTheZoneHasNone() {
    assertEquals(List.of("test.yaml:9:14: local_zone.alb.enabled: an Application Load Balancer is enabled but zone "
        + "us-east-1-atl-1a has none (zone_features.alb is false; expected alb.enabled: false)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              zone_features:
                alb: false
              alb:
                enabled: true
            """));
  }

  @Test
  void aNatGatewayWhereTheZoneHasNone() {
    assertEquals(List.of("test.yaml:6:11: local_zone.egress: egress is nat_gateway but zone us-east-1-atl-1a has no NAT "
        + "gateway (zone_features.nat_gateway is false; expected egress: nat_instance)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              egress: nat_gateway
            """));
  }

  @Test
  void minGreaterThanMax() {
    assertEquals(List.of("test.yaml:7:19: local_zone.web.min_capacity: min_capacity 3 is greater than max_capacity 2 "
        + "(expected min_capacity <= desired_capacity <= max_capacity)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                min_capacity: 3
                max_capacity: 2
                desired_capacity: 2
            """));
  }

  @Test
  void desiredOutsideMinAndMax() {
    assertEquals(List.of("test.yaml:8:23: local_zone.web.desired_capacity: desired_capacity 5 is outside 1 to 2 "
        + "(expected min_capacity <= desired_capacity <= max_capacity)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                min_capacity: 1
                desired_capacity: 5
            """));
  }

  @Test
  void instanceTypesCertificatesAndPortsAreChecked() {
    assertEquals(List.of(
        "test.yaml:7:22: local_zone.alb.certificate_arn: \"arn:aws:iam::111122223333:server-certificate/site\" is not an ACM "
            + "certificate ARN (expected arn:<partition>:acm:<region>:<account>:certificate/<id>)",
        "test.yaml:9:20: local_zone.web.instance_type: \"t3medium\" is not an EC2 instance type (did you mean \"t3.medium\"? expected a type that AWS SDK for Java 2.40.2 lists, such as m5.large)",
        "test.yaml:10:11: local_zone.web.port: 3306 is the database port (expected another web port, such as 80)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              alb:
                certificate_arn: arn:aws:iam::111122223333:server-certificate/site
              web:
                instance_type: t3medium
                port: 3306
            """));
  }

  @Test
  void amiIdsThatAreNotAmiIds() {
    assertEquals(List.of(
        "test.yaml:6:12: local_zone.nat_ami: \"ami-12345\" is not an AMI ID or latest (expected ami- and 8 or 17 lowercase hex"
            + " digits, such as ami-0a1b2c3d4e5f60001, or latest)",
        "test.yaml:8:10: local_zone.database.ami: \"ami-0123456789ABCDEF0\" is not an AMI ID or latest (expected ami- and 8"
            + " or 17 lowercase hex digits, such as ami-0a1b2c3d4e5f60001, or latest)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              nat_ami: ami-12345
              database:
                ami: ami-0123456789ABCDEF0
            """));
    var z = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
          nat_ami: ami-0a1b2c3d
          database: {ami: ami-0123456789abcdef0}
        """).localZone();
    assertEquals("ami-0a1b2c3d", z.natAmi());
    assertEquals("ami-0123456789abcdef0", z.database().ami());
  }

  @Test
  void wordPressVersionsAndChecksums() {
    assertEquals(List.of(
        "test.yaml:7:24: local_zone.web.wordpress_version: \"latest\" is not a WordPress version (expected x.y or x.y.z, "
            + "such as 7.0.1)",
        "test.yaml:8:23: local_zone.web.wordpress_sha256: \"dc10592d\" is not a SHA-256 (expected 64 hex digits in lowercase,"
            + " as sha256sum prints them)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                wordpress_version: latest
                wordpress_sha256: dc10592d
            """));
    // A new version with the default checksum would fail every boot: the checksum must change with it.
    assertEquals(List.of("test.yaml:6:8: local_zone.web.wordpress_sha256: is the SHA-256 of WordPress 7.0.1, not of 6.9.4"
        + " (expected the SHA-256 of wordpress-6.9.4.tar.gz with wordpress_version 6.9.4)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web: {wordpress_version: 6.9.4}
            """));
    var web = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
          web:
            wordpress_version: "6.9"
            wordpress_sha256: db610ad9f549e0abb5af3e3d5c6729c58d874439654cdf0afea425b2ea895f35
        """).localZone().web();
    assertEquals("6.9", web.wordpressVersion());
  }

  @Test
  void allowedCidrsMustBeNetworksAndTheWorldMustBeMeant() {
    assertEquals(List.of(
        "test.yaml:7:21: local_zone.web.allowed_cidrs[0]: \"203.0.113.7/24\" has host bits set (expected the network address"
            + " 203.0.113.0/24)",
        "test.yaml:7:37: local_zone.web.allowed_cidrs[1]: \"0.0.0.0/0\" is every IPv4 address, too wide for the load balancer's"
            + " allowed blocks (expected a narrower block, or allow_world: true to open the load balancer, and the WordPress"
            + " installer until it is finished, to the whole internet)",
        "test.yaml:7:48: local_zone.web.allowed_cidrs[2]: \"10.0.0.0/33\" is not an IPv4 CIDR block: prefix /33 is above /32"
            + " (expected /0 to /32)",
        "test.yaml:7:61: local_zone.web.allowed_cidrs[3]: \"198.51.100.300/32\" is not an IPv4 CIDR block: octet 300 is above"
            + " 255 (expected each octet 0 to 255)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                allowed_cidrs: [203.0.113.7/24, 0.0.0.0/0, 10.0.0.0/33, 198.51.100.300/32]
            """));
    var web = ConfigLoader.parse("test.yaml", PROJECT + """
        local_zone:
          zone: us-east-1-atl-1a
          web:
            allowed_cidrs: [0.0.0.0/0]
            allow_world: true
        """).localZone().web();
    assertEquals(List.of("0.0.0.0/0"), web.allowedCidrs());
    assertTrue(web.allowWorld());
  }

  @Test
  void allowedCidrsAreListedOnceAtMostThirtyAndNeedALoadBalancer() {
    assertEquals(List.of("test.yaml:7:38: local_zone.web.allowed_cidrs[1]: \"198.51.100.0/24\" is listed twice (expected"
        + " each block once)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                allowed_cidrs: [198.51.100.0/24, 198.51.100.0/24]
            """));
    assertEquals(List.of("test.yaml:9:20: local_zone.web.allowed_cidrs: blocks are allowed but there is no load balancer"
        + " (alb.enabled is false; expected no allowed_cidrs, and Session Manager port forwarding to reach the web tier)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              alb:
                enabled: false
              web:
                allowed_cidrs: [198.51.100.0/24]
            """));
  }

  @Test
  void certificatesOfAnotherRegionOrPartition() {
    assertEquals(List.of("test.yaml:7:22: local_zone.alb.certificate_arn: \"arn:aws:acm:us-west-2:111122223333:certificate/"
        + "0a1b2c3d-1111-2222-3333-444455556666\" is in Region \"us-west-2\" (expected a certificate of us-east-1, the"
        + " Region of zone us-east-1-atl-1a: a load balancer uses ACM certificates of its own Region)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              alb:
                certificate_arn: arn:aws:acm:us-west-2:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666
            """));
    assertEquals(List.of("test.yaml:7:22: local_zone.alb.certificate_arn: \"arn:aws-us-gov:acm:us-east-1:111122223333:"
        + "certificate/0a1b2c3d-1111-2222-3333-444455556666\" is in partition \"aws-us-gov\" (expected partition \"aws\")"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              alb:
                certificate_arn: arn:aws-us-gov:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666
            """));
  }

  @Test
  void volumeTypesAreGp2OrGp3AndTheSnapshotIsAFileOrNone() {
    assertEquals(List.of(
        "test.yaml:6:20: local_zone.nat_volume_type: \"gp4\" is not allowed (did you mean \"gp2\"? expected one of: gp2, gp3)",
        "test.yaml:8:18: local_zone.web.volume_type: \"io1\" is not allowed (expected one of: gp2, gp3)",
        "test.yaml:10:18: local_zone.database.volume_type: \"st1\" is not allowed (expected one of: gp2, gp3)",
        "test.yaml:11:19: local_zone.zones_snapshot: empty (expected the file bin/fleetkit zones offerings ZONE --snapshot"
            + " wrote, or none)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              nat_volume_type: gp4
              web:
                volume_type: io1
              database:
                volume_type: st1
              zones_snapshot: ""
            """));
  }

  @Test
  void unknownKeysSuggestTheNearestOne() {
    assertEquals(List.of("test.yaml:7:5: local_zone.web.max_capacty: unknown key \"max_capacty\" (did you mean \"max_capacity\"?)"),
        errors("""
            local_zone:
              zone: us-east-1-atl-1a
              web:
                max_capacty: 3
            """));
  }
}
