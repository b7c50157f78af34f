package io.fleetkit.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code local_zone} section. */
final class LocalZoneReader {
  /** Local Zone names: the parent Region, a location code, a number and a zone letter (us-east-1-atl-1a). */
  static final Pattern LOCAL_ZONE =
      Pattern.compile("((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\\d)-([a-z]{2,5})-(\\d+)([a-z])");
  // VPC and subnet IPv4 blocks are /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks").
  static final int MIN_PREFIX = 16;
  static final int MAX_PREFIX = 28;
  private static final String AMI_TEXT = "Amazon Linux 2023 AMI of the %s, fixed at synth: an AMI ID (`ami-` and 8 or 17"
      + " hex digits), or `latest`, looked up once and cached in cdk.context.json (needs `project.account`).";
  private static final String VOLUME_TYPE_TEXT = "EBS volume type of the %s: gp2 or gp3, offered in the zone"
      + " (gp3 is not offered in every Local Zone).";
  /**
   * WordPress 7.0.1 and the SHA-256 of https://wordpress.org/wordpress-7.0.1.tar.gz: nixpkgs
   * pkgs/servers/web-apps/wordpress/default.nix (commit 02d562cc47ca848a2c809608906662a5a17f3d2f) pins it as
   * sha256-3BBZLam1gMdSVjKFDgzO03GxMIGFOsKa/pO11bsA25g=, which is this value in hex; Nix's fetchurl fails on a mismatch.
   */
  static final String DEFAULT_WORDPRESS_VERSION = "7.0.1";
  static final String DEFAULT_WORDPRESS_SHA256 = "dc10592da9b580c7525632850e0cced371b13081853ac29afe93b5d5bb00db98";

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
  static final Key<String> NAT_AMI = KEYS.text("nat_ami", LocalZoneConfig.LATEST, AMI_TEXT.formatted("NAT instance"));
  static final Key<String> NAT_VOLUME_TYPE = KEYS.text("nat_volume_type", "gp2",
      VOLUME_TYPE_TEXT.formatted("NAT instance's root volume")).oneOf(LocalZoneConfig.VOLUME_TYPES);
  static final Block ALB = KEYS.map("alb", "The internet-facing Application Load Balancer in the public subnet.");
  static final Key<Boolean> ALB_ENABLED = ALB.keys.bool("enabled",
      "Creates the load balancer; an error when `zone_features.alb` is false.").computed("`zone_features.alb`");
  static final Key<String> CERTIFICATE_ARN = ALB.keys.text("certificate_arn", "ACM certificate ARN in the zone's Region and"
      + " partition; adds an HTTPS listener on 443, and 80 then redirects to it.");
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
  static final Key<String> WEB_VOLUME_TYPE = WEB.keys.text("volume_type", "gp2", VOLUME_TYPE_TEXT.formatted("web instances'"
      + " root volumes")).oneOf(LocalZoneConfig.VOLUME_TYPES);
  // Each block adds one ingress rule per listener port (two with a certificate); a security group holds 60 inbound
  // rules by default (Amazon VPC quotas, "Inbound or outbound rules per security group").
  static final Key<List<String>> WEB_ALLOWED_CIDRS = WEB.keys.texts("allowed_cidrs", List.of(), "IPv4 blocks that may"
      + " reach the load balancer on 80 (and 443 with a certificate); none opens nothing. `0.0.0.0/0` needs"
      + " `allow_world: true`.").maxItems(30);
  static final Key<Boolean> WEB_ALLOW_WORLD = WEB.keys.bool("allow_world", false,
      "Permits `0.0.0.0/0` in `allowed_cidrs`: the site, and its installer until finished, open to the internet.");
  static final Key<String> WORDPRESS_VERSION = WEB.keys.text("wordpress_version", DEFAULT_WORDPRESS_VERSION,
      "WordPress release installed at boot from `https://wordpress.org/wordpress-<version>.tar.gz`; `x.y` or `x.y.z`.");
  static final Key<String> WORDPRESS_SHA256 = WEB.keys.text("wordpress_sha256", DEFAULT_WORDPRESS_SHA256, "SHA-256 (64 hex"
      + " digits) of that tarball; boot fails on a mismatch. Set it with `wordpress_version`.");
  static final Block DATABASE = KEYS.map("database", "The MySQL (MariaDB) instance in the private subnet.");
  static final Key<String> DB_INSTANCE_TYPE = DATABASE.keys.text("instance_type", "t3.medium",
      "Database instance type, offered in the zone.");
  static final Key<String> DB_AMI = DATABASE.keys.text("ami", LocalZoneConfig.LATEST, AMI_TEXT.formatted("database instance"));
  // gp2 and gp3 volumes are 1 to 16,384 GiB (Amazon EBS User Guide, "Amazon EBS volume types").
  static final Key<Integer> DB_VOLUME_GIB = DATABASE.keys.integer("volume_gib", 20,
      "Size in GiB of the encrypted data volume that holds MariaDB's datadir; snapshotted when replaced or deleted.")
      .range(1, 16_384);
  static final Key<String> DB_VOLUME_TYPE = DATABASE.keys.text("volume_type", "gp2",
      VOLUME_TYPE_TEXT.formatted("data and root volumes")).oneOf(LocalZoneConfig.VOLUME_TYPES);
  static final Key<Boolean> DB_TERMINATION_PROTECTION = DATABASE.keys.bool("termination_protection", true,
      "EC2 termination protection on the database instance; turn it off before `cdk destroy` or a replacement.");
  static final Key<String> ZONES_SNAPSHOT = KEYS.text("zones_snapshot", ".fleetkit/zones.json", "Zones snapshot from"
      + " `bin/fleetkit zones offerings ZONE --snapshot`; it must exist, and synth checks the zone, its instance types and"
      + " volume types against it. `none` says that nothing was recorded: synth then checks no offerings.");

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
    String natAmi = m.get(NAT_AMI);
    String natVolume = m.get(NAT_VOLUME_TYPE);
    YamlMap a = m.map(ALB);
    var alb = new LocalZoneConfig.Alb(a.get(ALB_ENABLED, features.alb()), a.optional(CERTIFICATE_ARN));
    a.finish();
    YamlMap w = m.map(WEB);
    var web = new LocalZoneConfig.Web(w.get(WEB_INSTANCE_TYPE), w.get(WEB_PORT), w.get(WEB_MIN), w.get(WEB_MAX),
        w.get(WEB_DESIRED), w.get(WEB_HEALTH_CHECK_PATH), w.get(WEB_VOLUME_TYPE), w.get(WEB_ALLOWED_CIDRS),
        w.get(WEB_ALLOW_WORLD), w.get(WORDPRESS_VERSION), w.get(WORDPRESS_SHA256));
    w.finish();
    YamlMap d = m.map(DATABASE);
    var db = new LocalZoneConfig.Database(d.get(DB_INSTANCE_TYPE), d.get(DB_AMI), d.get(DB_VOLUME_GIB), d.get(DB_VOLUME_TYPE),
        d.get(DB_TERMINATION_PROTECTION));
    d.finish();
    String snapshot = m.get(ZONES_SNAPSHOT);
    m.finish();
    return new LocalZoneConfig(enabled, zone, vpcCidr, subnetMask, publicCidr, privateCidr, features, egress,
        natType, natAmi, natVolume, alb, web, db, snapshot);
  }

  static void check(LocalZoneConfig z, Optional<String> projectRegion, Problems p) {
    LocalZoneChecks.check(z, projectRegion, p);
  }
}
