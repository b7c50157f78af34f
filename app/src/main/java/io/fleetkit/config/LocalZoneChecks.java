package io.fleetkit.config;

import static io.fleetkit.config.LocalZoneReader.MAX_PREFIX;
import static io.fleetkit.config.LocalZoneReader.MIN_PREFIX;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The meaning checks (layer 2) of the {@code local_zone} section; {@link LocalZoneReader} declares and reads the keys. */
final class LocalZoneChecks {
  private static final String BASE = "local_zone";
  private static final Pattern CERTIFICATE = Pattern.compile("certificate/[0-9a-f-]{36}");
  private static final Pattern CERTIFICATE_REGION = Pattern.compile("arn:[a-z-]+:acm:([a-z0-9-]*):.*");
  private static final Pattern WORDPRESS_VERSION = Pattern.compile("\\d{1,3}\\.\\d{1,3}(?:\\.\\d{1,3})?");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private LocalZoneChecks() {}

  static void check(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    if (!z.enabled()) return;
    checkZone(z, projectRegion, p);
    checkNetwork(z, p);
    if (LocalZoneReader.EGRESS.checkChoice(p, BASE + ".egress", z.egress())
        && z.egress().equals(LocalZoneConfig.NAT_GATEWAY) && !z.zoneFeatures().natGateway()) {
      p.error(BASE + ".egress", "egress is nat_gateway but zone " + z.zone()
          + " has no NAT gateway (zone_features.nat_gateway is false; expected egress: nat_instance)");
    }
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) {
      Checks.instanceType(p, BASE + ".nat_instance_type", z.natInstanceType());
      ami(p, BASE + ".nat_ami", z.natAmi());
      LocalZoneReader.NAT_VOLUME_TYPE.checkChoice(p, BASE + ".nat_volume_type", z.natVolumeType());
    }
    if (z.alb().enabled() && !z.zoneFeatures().alb()) {
      p.error(BASE + ".alb.enabled", "an Application Load Balancer is enabled but zone " + z.zone()
          + " has none (zone_features.alb is false; expected alb.enabled: false)");
    }
    z.alb().certificateArn().ifPresent(arn -> certificate(z, arn, p));
    checkWeb(z, p);
    var db = z.database();
    Checks.instanceType(p, BASE + ".database.instance_type", db.instanceType());
    ami(p, BASE + ".database.ami", db.ami());
    LocalZoneReader.DB_VOLUME_GIB.check(p, BASE + ".database", db.volumeGiB());
    LocalZoneReader.DB_VOLUME_TYPE.checkChoice(p, BASE + ".database.volume_type", db.volumeType());
    if (z.zonesSnapshot().isBlank()) {
      p.error(BASE + ".zones_snapshot", "empty (expected the file bin/fleetkit zones offerings ZONE --snapshot wrote, or none)");
    }
  }

  private static void certificate(LocalZoneConfig z, String arn, Problems p) {
    String path = BASE + ".alb.certificate_arn";
    if (!z.alb().enabled()) {
      p.error(path, "a certificate is set but the ALB is disabled (expected no certificate_arn, or alb.enabled: true)");
      return;
    }
    if (z.region().isEmpty() || !Checks.arn(p, path, arn, Checks.partitionOf(z.region()), "acm", CERTIFICATE,
        "an ACM certificate ARN (expected arn:<partition>:acm:<region>:<account>:certificate/<id>)")) {
      return;
    }
    Matcher m = CERTIFICATE_REGION.matcher(arn);
    String region = m.matches() ? m.group(1) : "";
    // "To use a certificate with Elastic Load Balancing ... you must request or import the certificate in the same
    // Region" (ACM User Guide, "Supported Regions").
    if (!region.equals(z.region())) {
      p.error(path, "\"" + arn + "\" is in Region \"" + region + "\" (expected a certificate of " + z.region()
          + ", the Region of zone " + z.zone() + ": a load balancer uses ACM certificates of its own Region)");
    }
  }

  private static void checkWeb(LocalZoneConfig z, Problems p) {
    var web = z.web();
    String base = BASE + ".web";
    Checks.instanceType(p, base + ".instance_type", web.instanceType());
    LocalZoneReader.WEB_PORT.check(p, base, web.port());
    if (web.port() == 3306) p.error(base + ".port", "3306 is the database port (expected another web port, such as 80)");
    LocalZoneReader.WEB_MIN.check(p, base, web.minCapacity());
    LocalZoneReader.WEB_MAX.check(p, base, web.maxCapacity());
    if (!LocalZoneReader.WEB_DESIRED.check(p, base, web.desiredCapacity())) {
      // Reported against the declared bound.
    } else if (web.minCapacity() > web.maxCapacity()) {
      p.error(base + ".min_capacity", "min_capacity " + web.minCapacity() + " is greater than max_capacity "
          + web.maxCapacity() + " (expected min_capacity <= desired_capacity <= max_capacity)");
    } else if (web.desiredCapacity() < web.minCapacity() || web.desiredCapacity() > web.maxCapacity()) {
      p.error(base + ".desired_capacity", "desired_capacity " + web.desiredCapacity() + " is outside "
          + web.minCapacity() + " to " + web.maxCapacity() + " (expected min_capacity <= desired_capacity <= max_capacity)");
    }
    if (!web.healthCheckPath().matches("/[\\w./~%-]{0,1023}")) {
      p.error(base + ".health_check_path", "\"" + web.healthCheckPath()
          + "\" is not a health check path (expected a URL path starting with /, such as /readme.html)");
    }
    LocalZoneReader.WEB_VOLUME_TYPE.checkChoice(p, base + ".volume_type", web.volumeType());
    allowedCidrs(z, p);
    boolean version = WORDPRESS_VERSION.matcher(web.wordpressVersion()).matches();
    if (!version) {
      p.error(base + ".wordpress_version", "\"" + web.wordpressVersion()
          + "\" is not a WordPress version (expected x.y or x.y.z, such as " + LocalZoneReader.DEFAULT_WORDPRESS_VERSION + ")");
    }
    if (!SHA256.matcher(web.wordpressSha256()).matches()) {
      p.error(base + ".wordpress_sha256", "\"" + web.wordpressSha256() + "\" is not a SHA-256 (expected 64 hex digits in"
          + " lowercase, as sha256sum prints them)");
    } else if (version && web.wordpressSha256().equals(LocalZoneReader.DEFAULT_WORDPRESS_SHA256)
        && !web.wordpressVersion().equals(LocalZoneReader.DEFAULT_WORDPRESS_VERSION)) {
      p.error(base + ".wordpress_sha256", "is the SHA-256 of WordPress " + LocalZoneReader.DEFAULT_WORDPRESS_VERSION
          + ", not of " + web.wordpressVersion() + " (expected the SHA-256 of wordpress-" + web.wordpressVersion()
          + ".tar.gz with wordpress_version " + web.wordpressVersion() + ")");
    }
  }

  private static void allowedCidrs(LocalZoneConfig z, Problems p) {
    var web = z.web();
    String path = BASE + ".web.allowed_cidrs";
    int max = LocalZoneReader.WEB_ALLOWED_CIDRS.maxItems();
    if (web.allowedCidrs().size() > max) {
      p.error(path, web.allowedCidrs().size() + " blocks (expected at most " + max
          + ": each takes one security group rule per listener port, and a group holds 60 inbound rules)");
    }
    if (!web.allowedCidrs().isEmpty() && !z.alb().enabled()) {
      p.error(path, "blocks are allowed but there is no load balancer (alb.enabled is false; expected no allowed_cidrs,"
          + " and Session Manager port forwarding to reach the web tier)");
    }
    // The one strict parser; 0.0.0.0/0 only with allow_world, which says what it opens.
    var rules = Cidr.Rules.ipv4("the load balancer's allowed blocks", 1, 32).withWorld(web.allowWorld(), ", or"
        + " allow_world: true to open the load balancer, and the WordPress installer until it is finished, to the whole"
        + " internet");
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < web.allowedCidrs().size(); i++) {
      String text = web.allowedCidrs().get(i);
      String at = path + "[" + i + "]";
      Optional<Cidr> cidr = Checks.cidr(p, at, text, rules);
      if (cidr.isPresent() && !seen.add(cidr.get().toString())) {
        p.error(at, "\"" + text + "\" is listed twice (expected each block once)");
      }
    }
  }

  private static void ami(Problems p, String path, String value) {
    // An AMI ID (the one EC2 ID check, Ec2IdKind), or latest: the latest Amazon Linux 2023 AMI.
    if (value.equals(LocalZoneConfig.LATEST) || Ec2IdKind.IMAGE.matches(value)) return;
    p.error(path, Checks.quote(value) + " is not an AMI ID or " + LocalZoneConfig.LATEST + " (expected "
        + Ec2IdKind.IMAGE.expected() + ", or " + LocalZoneConfig.LATEST + ")");
  }

  private static void checkZone(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    if (z.zone().isEmpty()) {
      p.error(BASE + ".zone", "no zone (expected a Local Zone name, such as us-east-1-atl-1a)");
      return;
    }
    Optional<String> region = LocalZoneReader.regionOf(z.zone());
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
    if (derived && vpc.isPresent() && LocalZoneReader.SUBNET_MASK.check(p, BASE, z.subnetMask())) {
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
}
