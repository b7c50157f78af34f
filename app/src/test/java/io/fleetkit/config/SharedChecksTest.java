package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared checks of issue 16 as later stacks call them, and the YAML scalar rules underneath every reader. */
class SharedChecksTest {
  private final List<String> reported = new ArrayList<>();
  private final Report report = (path, message) -> reported.add(path + ": " + message);

  @Test
  void instanceTypesAndRegionsAreTheSdksOwn() {
    assertTrue(Checks.instanceType(report, "t", "m7i-flex.xlarge"));
    assertTrue(Checks.instanceType(report, "t", "u7in-32tb.224xlarge"));
    assertFalse(Checks.instanceType(report, "t", "m5.superlarge"));
    assertTrue(Checks.region(report, "r", "eusc-de-east-1"));
    assertTrue(Checks.region(report, "r", "us-gov-west-1"));
    assertFalse(Checks.region(report, "r", "us-east1"));
    assertTrue(Checks.partition(report, "p", "aws-iso-b"));
    assertEquals(List.of(
        "t: \"m5.superlarge\" is not an EC2 instance type (expected a size of m5: m5.12xlarge, m5.16xlarge, m5.24xlarge,"
            + " m5.2xlarge, m5.4xlarge, m5.8xlarge, m5.large, m5.metal, m5.xlarge)",
        "r: \"us-east1\" is not an AWS Region (did you mean \"us-east-1\"? expected a Region that AWS SDK for Java 2.40.2"
            + " lists, such as us-east-1)"), reported);
    assertEquals("aws-iso-f", Checks.partitionOf("us-isof-south-1"));
    assertEquals("aws-eusc", Checks.partitionOf("eusc-de-east-1"));
  }

  @Test
  void ec2IdsHaveOneShapeAndListsAreDistinct() {
    assertTrue(Checks.ec2Id(report, "a", "vpc-0a1b2c3d", Ec2IdKind.VPC));
    assertTrue(Checks.ec2Id(report, "a", "lgw-vif-grp-0a1b2c3d4e5f60001", Ec2IdKind.VIF_GROUP));
    assertFalse(Checks.ec2Id(report, "b", "vpc-0A1B2C3D", Ec2IdKind.VPC));
    assertFalse(Checks.ec2Id(report, "c", "vpc-0a1b2c3d4e", Ec2IdKind.VPC));
    assertFalse(Checks.ec2Id(report, "d", "lgw-0a1b2c3d", Ec2IdKind.LOCAL_GATEWAY_ROUTE_TABLE));
    assertEquals(List.of("snap-0a1b2c3d"), Checks.ec2Ids(report, "e", List.of("snap-0a1b2c3d", "snap-0a1b2c3d", "ami-0a1b2c3d"),
        Ec2IdKind.SNAPSHOT));
    assertEquals(List.of(
        "b: \"vpc-0A1B2C3D\" is not a VPC ID (expected vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f60001)",
        "c: \"vpc-0a1b2c3d4e\" is not a VPC ID (expected vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f60001)",
        "d: \"lgw-0a1b2c3d\" is not a local gateway route table ID (expected lgw-rtb- and 8 or 17 lowercase hex digits, such as lgw-rtb-0a1b2c3d4e5f60001)",
        "e[1]: \"snap-0a1b2c3d\" is listed twice (expected distinct IDs)",
        "e[2]: \"ami-0a1b2c3d\" is not a snapshot ID (expected snap- and 8 or 17 lowercase hex digits, such as snap-0a1b2c3d4e5f60001)"), reported);
  }

  @Test
  void cidrListsReportEachItemAndEveryOverlap() {
    Cidr.Rules rules = Cidr.Rules.ipv4("an on-premises network", 8, 28);
    assertEquals(2, Checks.cidrs(report, "n", List.of("10.0.0.0/8", "10.1.0.0/16", "10.1.2.3/24", "10.1.0.0/29"), rules)
        .size());
    assertEquals(List.of(
        "n[1]: 10.1.0.0/16 overlaps 10.0.0.0/8 of item 0 (expected blocks that do not overlap)",
        "n[2]: \"10.1.2.3/24\" has host bits set (expected the network address 10.1.2.0/24)",
        "n[3]: /29 is out of range for an on-premises network (expected /8 to /28)"), reported);
  }

  @Test
  void ec2IdsOfEachKindAreAPrefixAnd8Or17LowercaseHexDigits() {
    assertTrue(Checks.ec2Id(report, "i", "i-0a1b2c3d", Ec2IdKind.INSTANCE));
    assertTrue(Checks.ec2Id(report, "i", "i-0a1b2c3d4e5f60001", Ec2IdKind.INSTANCE));
    assertTrue(Checks.ec2Id(report, "v", "vol-0a1b2c3d4e5f60001", Ec2IdKind.VOLUME));
    assertFalse(Checks.ec2Id(report, "s", "snap-0a1b2c3d4e", Ec2IdKind.SNAPSHOT));
    assertFalse(Checks.ec2Id(report, "a", "snap-0a1b2c3d", Ec2IdKind.IMAGE));
    assertFalse(Checks.ec2Id(report, "v", "vol-0A1B2C3D", Ec2IdKind.VOLUME));
    assertFalse(Ec2IdKind.INSTANCE.matches(null));
    assertEquals(List.of(
        "s: \"snap-0a1b2c3d4e\" is not a snapshot ID (expected snap- and 8 or 17 lowercase hex digits, such as"
            + " snap-0a1b2c3d4e5f60001)",
        "a: \"snap-0a1b2c3d\" is not an AMI ID (expected ami- and 8 or 17 lowercase hex digits, such as ami-0a1b2c3d4e5f60001)",
        "v: \"vol-0A1B2C3D\" is not a volume ID (expected vol- and 8 or 17 lowercase hex digits, such as"
            + " vol-0a1b2c3d4e5f60001)"), reported);
  }

  @Test
  void aPlanReportsThroughTheSourceMap() {
    FleetkitConfig c = ConfigLoader.parse("config.yaml", "project:\n  prefix: fleetkit\n  region: us-east-1\n");
    List<ConfigError> errors = new ArrayList<>();
    Checks.instanceType(c.source().into(errors), "project.region", "m5.large2");
    assertEquals(List.of("config.yaml:3:11: project.region: \"m5.large2\" is not an EC2 instance type (did you mean"
        + " \"m5.large\"? expected a size of m5: m5.12xlarge, m5.16xlarge, m5.24xlarge, m5.2xlarge, m5.4xlarge, m5.8xlarge,"
        + " m5.large, m5.metal, m5.xlarge)"), errors.stream().map(ConfigError::format).toList());
  }

  @Test
  void oneStrictCidrParser() {
    Cidr.Rules vpc = Cidr.Rules.ipv4("a VPC", 16, 28);
    assertEquals("10.40.0.0/16", Cidr.read("10.40.0.0/16", vpc).cidr().orElseThrow().toString());
    assertEquals("\"10.40.0.1/16\" has host bits set (expected the network address 10.40.0.0/16)",
        Cidr.read("10.40.0.1/16", vpc).problem());
    assertEquals("\"010.40.0.0/16\" is not an IPv4 CIDR block: octet 010 has a leading zero (expected decimal octets such"
        + " as 10, not 010)", Cidr.read("010.40.0.0/16", vpc).problem());
    assertEquals("\"10.40.0.0/016\" is not an IPv4 CIDR block (expected a.b.c.d/n, such as 10.40.0.0/16)",
        Cidr.read("10.40.0.0/016", vpc).problem());
    assertEquals("\"0.0.0.0/0\" is every IPv4 address, too wide for a VPC (expected a narrower block)",
        Cidr.read("0.0.0.0/0", vpc).problem());
    assertTrue(Cidr.read("0.0.0.0/0", vpc.withWorld(true, "")).cidr().isPresent());
    Cidr.Rules dual = vpc.withIpv6();
    assertEquals("2001:db8::/56", Cidr.read("2001:0DB8:0000::/56", dual).cidr().orElseThrow().toString());
    assertEquals("2001:db8:0:0:1::/80", Cidr.read("2001:db8::1:0:0:0/80", dual).cidr().orElseThrow().toString());
    assertEquals("\"2001:db8::1/56\" has host bits set (expected the network address 2001:db8::/56)",
        Cidr.read("2001:db8::1/56", dual).problem());
    assertEquals("\"2001:db8::/129\" is not an IPv6 CIDR block: prefix /129 is above /128 (expected /0 to /128)",
        Cidr.read("2001:db8::/129", dual).problem());
    assertEquals("\"2001:db8::1::/64\" is not an IPv6 CIDR block (expected hex groups such as 2001:db8::/56)",
        Cidr.read("2001:db8::1::/64", dual).problem());
    assertEquals("\"::/0\" is every IPv6 address, too wide for a VPC (expected a narrower block)", Cidr.read("::/0", dual).problem());
    Cidr v = Cidr.read("172.31.100.0/24", vpc).cidr().orElseThrow();
    assertEquals("172.31.100.64/26", v.subnet(26, 1).toString());
    assertTrue(v.contains(v.subnet(26, 3)) && !v.contains(v.subnet(26, 4)));
  }

  @Test
  void tagsAndTextFollowCloudFormation() {
    assertTrue(Checks.tagKey(report, "k", "Cost Center:team/ü=+-@_."));
    assertTrue(Checks.tagValue(report, "v", ""));
    assertFalse(Checks.tagKey(report, "k", "AWS:owner"));
    assertFalse(Checks.text(report, "d", "", Checks.TextRule.length("a description", 1, 1024)));
    assertEquals(List.of(
        "k: \"AWS:owner\" is not a tag key: the aws: prefix is reserved for AWS (expected 1-128 letters, digits, spaces and"
            + " _ . : / = + - @, not starting with aws:)",
        "d: \"\" is not a description: it is empty (expected 1-1024 characters)"), reported);
  }

  @Test
  void numbersAreReadAsYamlWritesThemAndTagsAreNotTrusted() {
    var c = ConfigLoader.parse("config.yaml", "project:\n  prefix: fleetkit\n  limits:\n    scp_max_chars: 0x1400\n"
        + "    scps_per_target: 0b101\n");
    assertEquals(5120, c.project().limits().scpMaxChars());
    assertEquals(5, c.project().limits().scpsPerTarget());
    var sexagesimal = ConfigLoader.parse("config.yaml", "project:\n  prefix: fleetkit\n  limits:\n    scp_max_chars: 1:25:20\n");
    assertEquals(5120, sexagesimal.project().limits().scpMaxChars());
    assertEquals(List.of("config.yaml:3:12: gpu_monitoring.enabled: \"maybe\" is tagged !!bool but is not true or false"
        + " (expected true or false)"), errors("project: {prefix: fleetkit}\ngpu_monitoring:\n  enabled: !!bool maybe\n"));
  }

  @Test
  void bytesThatAreNotUtf8AreAnErrorAtTheirPlace() {
    byte[] latin1 = "project:\n  prefix: fleetkit\n  tags: {Owner: café}\n".getBytes(StandardCharsets.ISO_8859_1);
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse("config.yaml", latin1));
    assertEquals(List.of("config.yaml:3:20: (root): byte 0xE9 is not valid UTF-8 (expected a UTF-8 text file; save it as"
        + " UTF-8, for example with iconv -f latin1 -t utf-8)"), e.lines());
    byte[] bom = ("\uFEFFproject:\n  prefix: fleetkit\n").getBytes(StandardCharsets.UTF_8);
    assertEquals("fleetkit", ConfigLoader.parse("config.yaml", bom).project().prefix());
  }

  /** Counts multiply in 64 bits: N = 2^31 - 1 neither wraps to 0 reservations nor to a negative group. */
  @Test
  void reservationArithmeticAtTheBoundsOfAnInt() {
    var net = new CapacityNetworkConfig(Optional.empty(), List.of(), "10.40.0.0/16", 1);
    var gate = new HealthCheckGateConfig(false, 300, 1800, 15, "ABANDON", false, "k", "v");
    var c = new CapacityReservationConfig(true, "m5.large", "Linux/UNIX", "default", Integer.MAX_VALUE,
        List.of("us-east-1a", "us-east-1b", "us-east-1c"), Optional.empty(), false, Optional.empty(), true, Optional.empty(),
        "/dev/xvda", 20, new GroupSize(0, 0, 0), true, 60, Optional.empty(), net, gate);
    assertEquals(1L << 30, c.minimumPerAz());
    assertEquals(Integer.MAX_VALUE, c.totalReserved());
    var max = new CapacityReservationConfig(true, "m5.large", "Linux/UNIX", "default", 5_000,
        List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"), Optional.empty(), false,
        Optional.empty(), true, Optional.empty(), "/dev/xvda", 20, new GroupSize(0, 0, 0), true, 60, Optional.empty(), net, gate);
    assertEquals(1_000, max.minimumPerAz());
    assertEquals(6_000, max.totalReserved());
  }

  private static List<String> errors(String yaml) {
    return org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse("config.yaml", yaml)).lines();
  }
}
