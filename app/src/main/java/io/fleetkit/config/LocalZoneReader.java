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
  private static final Pattern CERTIFICATE = Pattern.compile("certificate/[0-9a-f-]{36}");
  // VPC and subnet IPv4 blocks are /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks").
  static final int MIN_PREFIX = 16;
  static final int MAX_PREFIX = 28;
  private static final String BASE = "local_zone";

  static final Keys KEYS = new Keys("A VPC extended into one Local Zone with a WordPress site: ALB, Auto Scaling web tier,"
      + " MySQL (MariaDB) instance and NAT. Unlike the other sections, it is enabled when present unless it says"
      + " `enabled: false`; design notes: [localzones.md](localzones.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", "Creates `<prefix>-local-zone`.")
      .computed("`true` when the section is present");
  static final Key<String> ZONE = KEYS.text("zone", "", "Local Zone name, such as `us-east-1-atl-1a`; its Region must be"
      + " `project.region` when that is set, and the stack deploys there.").required("when enabled");
  static final Key<String> VPC_CIDR = KEYS.text("vpc_cidr", "172.31.100.0/24",
      "The VPC's IPv4 block in the parent Region, host bits zero.").note("/16 to /28");
  static final Key<Integer> SUBNET_MASK = KEYS.integer("subnet_mask", 26, "Prefix length of the public and private subnets"
      + " carved from `vpc_cidr`; not used when both subnet CIDRs are set.").range(MIN_PREFIX, MAX_PREFIX)
      .note("longer than the prefix of `vpc_cidr`");
  static final Key<String> PUBLIC_SUBNET = KEYS.text("public_subnet_cidr", "The public subnet, inside `vpc_cidr`.")
      .computed("the first `subnet_mask` block of `vpc_cidr`").note("/16 to /28");
  static final Key<String> PRIVATE_SUBNET = KEYS.text("private_subnet_cidr",
      "The private subnet, inside `vpc_cidr`, not overlapping the public one.")
      .computed("the second `subnet_mask` block of `vpc_cidr`").note("/16 to /28");
  static final Block FEATURES = KEYS.map("zone_features",
      "What this zone offers, from the Local Zones features page (the EC2 API does not report it).");
  static final Key<Boolean> FEATURE_ALB = FEATURES.keys.bool("alb", true, "The zone offers Application Load Balancers.");
  static final Key<Boolean> FEATURE_NAT_GATEWAY = FEATURES.keys.bool("nat_gateway", false, "The zone offers NAT gateways.");
  static final Key<String> EGRESS = KEYS.text("egress", "Internet egress of the private subnet; `nat_gateway` needs"
      + " `zone_features.nat_gateway: true`.").computed("`nat_gateway` if `zone_features.nat_gateway`, else `nat_instance`")
      .oneOf(List.of(LocalZoneConfig.NAT_INSTANCE, LocalZoneConfig.NAT_GATEWAY));
  static final Key<String> NAT_INSTANCE_TYPE = KEYS.text("nat_instance_type", "t3.medium",
      "NAT instance type, with `egress: nat_instance`; offered in the zone.");
  static final Block ALB = KEYS.map("alb", "The internet-facing Application Load Balancer in the public subnet.");
  static final Key<Boolean> ALB_ENABLED = ALB.keys.bool("enabled",
      "Creates the load balancer; an error when `zone_features.alb` is false.").computed("`zone_features.alb`");
  static final Key<String> CERTIFICATE_ARN = ALB.keys.text("certificate_arn", "ACM certificate ARN in the stack's partition;"
      + " adds an HTTPS listener on 443, and 80 then redirects to it.");
  static final Block WEB = KEYS.map("web", "The WordPress Auto Scaling group in the private subnet.");
  static final Key<String> WEB_INSTANCE_TYPE = WEB.keys.text("instance_type", "t3.medium",
      "WordPress instance type, offered in the zone.");
  static final Key<Integer> WEB_PORT = WEB.keys.integer("port", 80, "Port Apache listens on and the target group uses.")
      .range(1, 65_535).note("not 3306");
  static final Key<Integer> WEB_MIN = WEB.keys.integer("min_capacity", 1, "Group minimum.").range(0, 100);
  static final Key<Integer> WEB_MAX = WEB.keys.integer("max_capacity", 2, "Group maximum.").range(1, 100)
      .note("at least `min_capacity`");
  static final Key<Integer> WEB_DESIRED = WEB.keys.integer("desired_capacity", 1, "Group size set on each deploy.")
      .range(0, 100).note("`min_capacity` to `max_capacity`");
  static final Key<String> WEB_HEALTH_CHECK_PATH = WEB.keys.text("health_check_path", "/readme.html", "Target group health"
      + " check path; codes 200 and 301 are healthy (`/` answers 302 until WordPress is installed).");
  static final Block DATABASE = KEYS.map("database", "The MySQL (MariaDB) instance in the private subnet.");
  static final Key<String> DB_INSTANCE_TYPE = DATABASE.keys.text("instance_type", "t3.medium",
      "Database instance type, offered in the zone.");
  // gp3 volumes are 1 to 16,384 GiB (Amazon EBS volume types); the AL2023 image needs 8 GiB.
  static final Key<Integer> DB_VOLUME_GIB = DATABASE.keys.integer("volume_gib", 20,
      "Encrypted gp3 volume in GiB that holds the database.").range(8, 16_384);
  static final Key<Boolean> DB_TERMINATION_PROTECTION = DATABASE.keys.bool("termination_protection", true,
      "EC2 termination protection on the database instance; turn it off before `cdk destroy`.");
  static final Key<String> ZONES_SNAPSHOT = KEYS.text("zones_snapshot", ".fleetkit/zones.json", "Zones snapshot from"
      + " `bin/fleetkit zones offerings ZONE --snapshot`; when it exists, synth checks the zone and its instance types.");

  private LocalZoneReader() {}

  static Optional<String> regionOf(String zone) {
    Matcher m = LOCAL_ZONE.matcher(zone);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static LocalZoneConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED, m.present());
    String zone = m.get(ZONE);
    String vpcCidr = m.get(VPC_CIDR);
    int subnetMask = m.get(SUBNET_MASK);
    Optional<String> publicCidr = m.optional(PUBLIC_SUBNET);
    Optional<String> privateCidr = m.optional(PRIVATE_SUBNET);
    YamlMap f = m.map(FEATURES);
    var features = new LocalZoneConfig.ZoneFeatures(f.get(FEATURE_ALB), f.get(FEATURE_NAT_GATEWAY));
    f.finish();
    String egress = m.get(EGRESS, features.natGateway() ? LocalZoneConfig.NAT_GATEWAY : LocalZoneConfig.NAT_INSTANCE);
    String natType = m.get(NAT_INSTANCE_TYPE);
    YamlMap a = m.map(ALB);
    var alb = new LocalZoneConfig.Alb(a.get(ALB_ENABLED, features.alb()), a.optional(CERTIFICATE_ARN));
    a.finish();
    YamlMap w = m.map(WEB);
    var web = new LocalZoneConfig.Web(w.get(WEB_INSTANCE_TYPE), w.get(WEB_PORT), w.get(WEB_MIN), w.get(WEB_MAX),
        w.get(WEB_DESIRED), w.get(WEB_HEALTH_CHECK_PATH));
    w.finish();
    YamlMap d = m.map(DATABASE);
    var db = new LocalZoneConfig.Database(d.get(DB_INSTANCE_TYPE), d.get(DB_VOLUME_GIB), d.get(DB_TERMINATION_PROTECTION));
    d.finish();
    String snapshot = m.get(ZONES_SNAPSHOT);
    m.finish();
    return new LocalZoneConfig(enabled, zone, vpcCidr, subnetMask, publicCidr, privateCidr, features, egress,
        natType, alb, web, db, snapshot);
  }

  static void check(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    if (!z.enabled()) return;
    checkZone(z, projectRegion, p);
    checkNetwork(z, p);
    if (EGRESS.checkChoice(p, BASE + ".egress", z.egress())
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
    WEB_PORT.check(p, BASE + ".web", web.port());
    if (web.port() == 3306) p.error(BASE + ".web.port", "3306 is the database port (expected another web port, such as 80)");
    WEB_MIN.check(p, BASE + ".web", web.minCapacity());
    WEB_MAX.check(p, BASE + ".web", web.maxCapacity());
    if (!WEB_DESIRED.check(p, BASE + ".web", web.desiredCapacity())) {
      // Reported against the declared bound.
    } else if (web.minCapacity() > web.maxCapacity()) {
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
    DB_VOLUME_GIB.check(p, BASE + ".database", z.database().volumeGiB());
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
    if (!AwsNames.get().isRegion(region.get())) {
      p.error(BASE + ".zone", "zone " + z.zone() + " names Region " + region.get() + ", which " + AwsNames.get().source()
          + " does not list (expected a Local Zone of an AWS Region, such as us-east-1-atl-1a; list them with bin/fleetkit zones list)");
    } else if (projectRegion.isPresent() && !projectRegion.get().equals(region.get())) {
      p.error(BASE + ".zone", "zone " + z.zone() + " belongs to Region " + region.get()
          + " (expected a Local Zone of project.region " + projectRegion.get() + ")");
    }
  }

  private static void checkNetwork(LocalZoneConfig z, Problems p) {
    Optional<Cidr> vpc = Checks.cidr(p, BASE + ".vpc_cidr", z.vpcCidr(), Cidr.Rules.ipv4("a VPC", MIN_PREFIX, MAX_PREFIX));
    boolean derived = z.publicSubnetCidr().isEmpty() || z.privateSubnetCidr().isEmpty();
    if (derived && vpc.isPresent() && SUBNET_MASK.check(p, BASE, z.subnetMask())) {
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
    Optional<Cidr> c = Checks.cidr(p, path, text.get(), Cidr.Rules.ipv4("a subnet", MIN_PREFIX, MAX_PREFIX));
    if (c.isEmpty()) return c;
    if (vpc.isPresent() && !vpc.get().contains(c.get())) {
      p.error(path, "\"" + c.get() + "\" is outside the VPC " + vpc.get() + " (expected a block inside vpc_cidr)");
      return Optional.empty();
    }
    return c;
  }

  private static void instanceType(Problems p, String path, String type) {
    Checks.instanceType(p, path, type);
  }
}
