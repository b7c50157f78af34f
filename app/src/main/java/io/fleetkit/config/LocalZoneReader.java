package io.fleetkit.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code local_zone} section. */
final class LocalZoneReader {
  /** Local Zone names: the parent Region, a location code, a number and a zone letter (us-east-1-atl-1a). */
  private static final Pattern LOCAL_ZONE =
      Pattern.compile("((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\\d)-([a-z]{2,5})-(\\d+)([a-z])");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
  private static final Pattern CERTIFICATE = Pattern.compile("certificate/[0-9a-f-]{36}");
  // VPC and subnet IPv4 blocks are /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks").
  static final int MIN_PREFIX = 16;
  static final int MAX_PREFIX = 28;
  private static final String BASE = "local_zone";

  private LocalZoneReader() {}

  static Optional<String> regionOf(String zone) {
    Matcher m = LOCAL_ZONE.matcher(zone);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static LocalZoneConfig read(YamlMap m) {
    boolean enabled = m.bool("enabled", m.present());
    String zone = m.string("zone", "");
    String vpcCidr = m.string("vpc_cidr", "172.31.100.0/24");
    int subnetMask = m.integer("subnet_mask", 26);
    Optional<String> publicCidr = m.optionalString("public_subnet_cidr");
    Optional<String> privateCidr = m.optionalString("private_subnet_cidr");
    YamlMap f = m.map("zone_features");
    var features = new LocalZoneConfig.ZoneFeatures(f.bool("alb", true), f.bool("nat_gateway", false));
    f.finish();
    String egress = m.string("egress", features.natGateway() ? LocalZoneConfig.NAT_GATEWAY : LocalZoneConfig.NAT_INSTANCE);
    String natType = m.string("nat_instance_type", "t3.medium");
    YamlMap a = m.map("alb");
    var alb = new LocalZoneConfig.Alb(a.bool("enabled", features.alb()), a.optionalString("certificate_arn"));
    a.finish();
    YamlMap w = m.map("web");
    var web = new LocalZoneConfig.Web(w.string("instance_type", "t3.medium"), w.integer("port", 80),
        w.integer("min_capacity", 1), w.integer("max_capacity", 2), w.integer("desired_capacity", 1),
        w.string("health_check_path", "/readme.html"));
    w.finish();
    YamlMap d = m.map("database");
    var db = new LocalZoneConfig.Database(d.string("instance_type", "t3.medium"), d.integer("volume_gib", 20),
        d.bool("termination_protection", true));
    d.finish();
    String snapshot = m.string("zones_snapshot", ".fleetkit/zones.json");
    m.finish();
    return new LocalZoneConfig(enabled, zone, vpcCidr, subnetMask, publicCidr, privateCidr, features, egress,
        natType, alb, web, db, snapshot);
  }

  static void check(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    if (!z.enabled()) return;
    checkZone(z, projectRegion, p);
    checkNetwork(z, p);
    if (Checks.oneOf(p, BASE + ".egress", z.egress(), List.of(LocalZoneConfig.NAT_INSTANCE, LocalZoneConfig.NAT_GATEWAY))
        && z.egress().equals(LocalZoneConfig.NAT_GATEWAY) && !z.zoneFeatures().natGateway()) {
      p.error(BASE + ".egress", "egress is nat_gateway but zone " + z.zone()
          + " has no NAT gateway (zone_features.nat_gateway is false; expected egress: nat_instance)");
    }
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) instanceType(p, BASE + ".nat_instance_type", z.natInstanceType());
    if (z.alb().enabled() && !z.zoneFeatures().alb()) {
      p.error(BASE + ".alb.enabled", "an Application Load Balancer is enabled but zone " + z.zone()
          + " has none (zone_features.alb is false; expected alb.enabled: false)");
    }
    z.alb().certificateArn().ifPresent(arn -> {
      if (!z.alb().enabled()) {
        p.error(BASE + ".alb.certificate_arn", "a certificate is set but the ALB is disabled (expected no certificate_arn, or alb.enabled: true)");
      } else {
        Checks.arn(p, BASE + ".alb.certificate_arn", arn, Checks.partitionOf(z.region()), "acm", CERTIFICATE,
            "an ACM certificate ARN (expected arn:<partition>:acm:<region>:<account>:certificate/<id>)");
      }
    });
    var web = z.web();
    instanceType(p, BASE + ".web.instance_type", web.instanceType());
    Checks.range(p, BASE + ".web.port", web.port(), 1, 65_535);
    if (web.port() == 3306) p.error(BASE + ".web.port", "3306 is the database port (expected another web port, such as 80)");
    Checks.range(p, BASE + ".web.min_capacity", web.minCapacity(), 0, 100);
    Checks.range(p, BASE + ".web.max_capacity", web.maxCapacity(), 1, 100);
    if (web.minCapacity() > web.maxCapacity()) {
      p.error(BASE + ".web.min_capacity", "min_capacity " + web.minCapacity() + " is greater than max_capacity "
          + web.maxCapacity() + " (expected min_capacity <= desired_capacity <= max_capacity)");
    } else if (web.desiredCapacity() < web.minCapacity() || web.desiredCapacity() > web.maxCapacity()) {
      p.error(BASE + ".web.desired_capacity", "desired_capacity " + web.desiredCapacity() + " is outside "
          + web.minCapacity() + " to " + web.maxCapacity() + " (expected min_capacity <= desired_capacity <= max_capacity)");
    }
    if (!web.healthCheckPath().matches("/[\\w./~%-]{0,1023}")) {
      p.error(BASE + ".web.health_check_path", "\"" + web.healthCheckPath()
          + "\" is not a health check path (expected a URL path starting with /, such as /readme.html)");
    }
    instanceType(p, BASE + ".database.instance_type", z.database().instanceType());
    // gp3 volumes are 1 to 16,384 GiB (Amazon EBS volume types); the AL2023 image needs 8 GiB.
    Checks.range(p, BASE + ".database.volume_gib", z.database().volumeGiB(), 8, 16_384);
  }

  private static void checkZone(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    if (z.zone().isEmpty()) {
      p.error(BASE + ".zone", "no zone (expected a Local Zone name, such as us-east-1-atl-1a)");
      return;
    }
    Optional<String> region = regionOf(z.zone());
    if (region.isEmpty()) {
      p.error(BASE + ".zone", "\"" + z.zone() + "\" is not a Local Zone name (expected <region>-<location>-<number><letter>,"
          + " such as us-east-1-atl-1a; list them with bin/fleetkit zones list)");
      return;
    }
    if (projectRegion.isPresent() && !projectRegion.get().equals(region.get())) {
      p.error(BASE + ".zone", "zone " + z.zone() + " belongs to Region " + region.get()
          + " (expected a Local Zone of project.region " + projectRegion.get() + ")");
    }
  }

  private static void checkNetwork(LocalZoneConfig z, Problems p) {
    Optional<Cidr> vpc = Cidr.parse(z.vpcCidr());
    if (vpc.isEmpty()) {
      p.error(BASE + ".vpc_cidr", notCidr(z.vpcCidr()));
    } else if (vpc.get().prefix() < MIN_PREFIX || vpc.get().prefix() > MAX_PREFIX) {
      p.error(BASE + ".vpc_cidr", "/" + vpc.get().prefix() + " is out of range for a VPC (expected /16 to /28)");
      vpc = Optional.empty();
    }
    boolean derived = z.publicSubnetCidr().isEmpty() || z.privateSubnetCidr().isEmpty();
    if (derived && vpc.isPresent() && Checks.range(p, BASE + ".subnet_mask", z.subnetMask(), MIN_PREFIX, MAX_PREFIX)) {
      int v = vpc.get().prefix();
      if (z.subnetMask() <= v) {
        p.error(BASE + ".subnet_mask", "subnet size /" + z.subnetMask() + (z.subnetMask() < v ? " is larger than" : " is all of")
            + " the VPC /" + v + " (expected /" + (v + 1) + " to /" + MAX_PREFIX + ", so that both subnets fit in vpc_cidr)");
      }
    }
    Optional<Cidr> pub = subnet(p, "public_subnet_cidr", z.publicSubnetCidr(), vpc);
    Optional<Cidr> priv = subnet(p, "private_subnet_cidr", z.privateSubnetCidr(), vpc);
    if (pub.isPresent() && priv.isPresent() && pub.get().overlaps(priv.get())) {
      p.error(BASE + ".private_subnet_cidr", "\"" + priv.get() + "\" overlaps the public subnet " + pub.get()
          + " (expected separate blocks inside vpc_cidr)");
    }
  }

  private static Optional<Cidr> subnet(Problems p, String key, Optional<String> text, Optional<Cidr> vpc) {
    if (text.isEmpty()) return Optional.empty();
    String path = BASE + "." + key;
    Optional<Cidr> c = Cidr.parse(text.get());
    if (c.isEmpty()) {
      p.error(path, notCidr(text.get()));
      return c;
    }
    if (c.get().prefix() < MIN_PREFIX || c.get().prefix() > MAX_PREFIX) {
      p.error(path, "/" + c.get().prefix() + " is out of range for a subnet (expected /16 to /28)");
      return Optional.empty();
    }
    if (vpc.isPresent() && !vpc.get().contains(c.get())) {
      p.error(path, "\"" + c.get() + "\" is outside the VPC " + vpc.get() + " (expected a block inside vpc_cidr)");
      return Optional.empty();
    }
    return c;
  }

  private static String notCidr(String text) {
    return "\"" + text + "\" is not an IPv4 CIDR block (expected a.b.c.d/n with the host bits zero, such as 172.31.100.0/24)";
  }

  private static void instanceType(Problems p, String path, String type) {
    if (!INSTANCE_TYPE.matcher(type).matches()) {
      p.error(path, "\"" + type + "\" is not an EC2 instance type (expected <family>.<size>, such as t3.medium)");
    }
  }
}
