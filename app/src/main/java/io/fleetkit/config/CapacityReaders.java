package io.fleetkit.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the parts that capacity_reservation and spot_fleet share. */
final class CapacityReaders {
  // family[-variant].size, such as m5.large, m7i-flex.xlarge, u-6tb1.metal, c7i.metal-24xl.
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*\\.[a-z0-9]+(?:-[a-z0-9]+)?");
  private static final Pattern ZONE = Pattern.compile("((?:us-gov|[a-z]{2})-[a-z]+-\\d)[a-z]");
  private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern SSM_PARAMETER = Pattern.compile("/[A-Za-z0-9_.\\-/]{1,1010}");
  // Instance metadata tag keys may not contain spaces or "/" (EC2 User Guide, "Work with instance tags in instance metadata").
  private static final Pattern IMDS_TAG_KEY = Pattern.compile("[A-Za-z0-9+\\-=._:@]{1,128}");
  // The lifecycle hook's heartbeat timeout range (AWS::AutoScaling::LifecycleHook HeartbeatTimeout).
  static final int MIN_HEARTBEAT = 30;
  static final int MAX_HEARTBEAT = 7_200;
  // A lifecycle action ends after 48 hours or 100 heartbeat timeouts, whichever is less (EC2 Auto Scaling User Guide).
  static final int MAX_GLOBAL_TIMEOUT = 172_800;

  private CapacityReaders() {}

  static CapacityNetworkConfig network(YamlMap m, String defaultCidr, Problems p) {
    var n = new CapacityNetworkConfig(
        m.optionalString("vpc_id"),
        m.strings("subnet_ids", List.of()),
        m.string("cidr", defaultCidr),
        m.integer("nat_gateways", 1));
    if (n.vpcId().isPresent()) {
      // Keys of the create mode have no meaning with an existing VPC.
      for (String k : List.of("cidr", "nat_gateways")) {
        if (m.has(k)) p.error(m.childPath(k), k + " is set together with vpc_id (expected " + k + " only when fleetkit creates the VPC)");
      }
    } else if (m.has("subnet_ids")) {
      p.error(m.childPath("subnet_ids"), "subnet_ids is set without vpc_id (expected both for an existing VPC, or neither)");
    }
    m.finish();
    return n;
  }

  static HealthCheckGateConfig gate(YamlMap m) {
    var d = HealthCheckGateConfig.disabled();
    var g = new HealthCheckGateConfig(
        m.bool("enabled", false),
        m.integer("heartbeat_timeout_seconds", d.heartbeatTimeoutSeconds()),
        m.integer("max_wait_seconds", d.maxWaitSeconds()),
        m.integer("poll_seconds", d.pollSeconds()),
        m.string("default_result", d.defaultResult()),
        m.bool("protect_from_scale_in", false),
        m.string("tag_key", d.tagKey()),
        m.string("tag_value", d.tagValue()));
    m.finish();
    return g;
  }

  static GroupSize size(YamlMap m, int min, int max, int desired) {
    int mn = m.integer("min", min);
    int mx = m.integer("max", Math.max(max, mn));
    var s = new GroupSize(mn, mx, m.integer("desired", Math.min(Math.max(desired, mn), mx)));
    m.finish();
    return s;
  }

  static void instanceType(Problems p, String path, String value) {
    if (!INSTANCE_TYPE.matcher(value).matches()) {
      p.error(path, "\"" + value + "\" is not an EC2 instance type (expected family.size, such as m5.large)");
    }
  }

  static void zones(Problems p, String path, List<String> zones, Optional<String> region, String why) {
    if (zones.size() < 2) {
      p.error(path, zones.size() + " Availability Zone(s) (expected at least 2, " + why + ")");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < zones.size(); i++) {
      String z = zones.get(i);
      String at = path + "[" + i + "]";
      var m = ZONE.matcher(z);
      if (!m.matches()) {
        p.error(at, "\"" + z + "\" is not an Availability Zone name (expected a name such as us-east-1a)");
      } else if (region.isPresent() && !m.group(1).equals(region.get())) {
        p.error(at, "\"" + z + "\" is not in Region " + region.get() + " (expected a zone of project.region)");
      }
      if (!seen.add(z)) p.error(at, "\"" + z + "\" is listed twice (expected distinct Availability Zones)");
    }
  }

  static void size(Problems p, String path, GroupSize s) {
    if (s.min() < 0) p.error(path + ".min", s.min() + " is negative (expected 0 or more)");
    if (s.min() > s.max()) {
      p.error(path + ".max", "max " + s.max() + " is less than min " + s.min() + " (expected min <= max)");
    } else if (s.desired() < s.min() || s.desired() > s.max()) {
      p.error(path + ".desired", "desired " + s.desired() + " is outside [" + s.min() + ", " + s.max()
          + "] (expected min <= desired <= max)");
    }
  }

  static void network(Problems p, String path, CapacityNetworkConfig n, int zones) {
    if (n.vpcId().isPresent()) {
      if (!VPC_ID.matcher(n.vpcId().get()).matches()) {
        p.error(path + ".vpc_id", "\"" + n.vpcId().get() + "\" is not a VPC ID (expected vpc- and 8 or 17 hex digits)");
      }
      if (n.subnetIds().size() < 2) {
        p.error(path + ".subnet_ids", n.subnetIds().size() + " subnet(s) (expected at least one per Availability Zone, 2 or more)");
      }
      for (int i = 0; i < n.subnetIds().size(); i++) {
        if (!SUBNET_ID.matcher(n.subnetIds().get(i)).matches()) {
          p.error(path + ".subnet_ids[" + i + "]", "\"" + n.subnetIds().get(i)
              + "\" is not a subnet ID (expected subnet- and 8 or 17 hex digits)");
        }
      }
      return;
    }
    var m = CIDR.matcher(n.cidr());
    boolean ok = m.matches();
    for (int i = 1; ok && i <= 4; i++) ok = Integer.parseInt(m.group(i)) <= 255;
    // VPC IPv4 blocks are /16 to /28; one /20 per zone and room for public subnets needs /18 or larger.
    if (!ok || Integer.parseInt(m.group(5)) < 16 || Integer.parseInt(m.group(5)) > 20) {
      p.error(path + ".cidr", "\"" + n.cidr() + "\" is not a usable VPC range (expected an IPv4 CIDR from /16 to /20, such as 10.40.0.0/16)");
    }
    // Workload subnets route out through NAT (SSM, Auto Scaling API), so at least one; one per zone at most.
    Checks.range(p, path + ".nat_gateways", n.natGateways(), 1, Math.max(zones, 1));
  }

  static void gate(Problems p, String path, HealthCheckGateConfig g) {
    if (!g.enabled()) return;
    if (!Checks.range(p, path + ".heartbeat_timeout_seconds", g.heartbeatTimeoutSeconds(), MIN_HEARTBEAT, MAX_HEARTBEAT)) {
      Checks.oneOf(p, path + ".default_result", g.defaultResult(), List.of("ABANDON", "CONTINUE"));
      return;
    }
    long global = Math.min(MAX_GLOBAL_TIMEOUT, 100L * g.heartbeatTimeoutSeconds());
    Checks.range(p, path + ".max_wait_seconds", g.maxWaitSeconds(), g.pollSeconds(), global);
    Checks.range(p, path + ".poll_seconds", g.pollSeconds(), 5, Math.max(5, g.heartbeatTimeoutSeconds() / 2));
    Checks.oneOf(p, path + ".default_result", g.defaultResult(), List.of("ABANDON", "CONTINUE"));
    if (!IMDS_TAG_KEY.matcher(g.tagKey()).matches() || g.tagKey().startsWith("aws:")) {
      p.error(path + ".tag_key", "\"" + g.tagKey() + "\" cannot be read from instance metadata (expected 1-128"
          + " letters, digits and + - = . _ : @, without spaces or /, not starting with aws:)");
    }
    if (g.tagValue().isEmpty() || g.tagValue().length() > 256) {
      p.error(path + ".tag_value", "the value has " + g.tagValue().length() + " characters (expected 1 to 256)");
    }
  }

  /**
   * The root device of the image: one of the two names EC2 uses for HVM AMIs, and Amazon Linux's when no
   * image_ssm_parameter replaces Amazon Linux 2023.
   */
  static void rootDevice(Problems p, String path, String device, Optional<String> parameter) {
    if (!Checks.oneOf(p, path, device, Checks.ROOT_DEVICES)) return;
    if (parameter.isEmpty() && !device.equals(Checks.AMAZON_LINUX_ROOT_DEVICE)) {
      p.error(path, "\"" + device + "\" is not the root device of the default image, Amazon Linux 2023 (expected "
          + Checks.AMAZON_LINUX_ROOT_DEVICE + ", or image_ssm_parameter naming an image whose root device is " + device + ")");
    }
  }

  static void imageParameter(Problems p, String path, Optional<String> parameter) {
    parameter.ifPresent(s -> {
      if (!SSM_PARAMETER.matcher(s).matches()) {
        p.error(path, "\"" + s + "\" is not an SSM parameter name (expected a path such as"
            + " /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64)");
      }
    });
  }
}
