package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the parts that capacity_reservation and spot_fleet share. */
final class CapacityReaders {
  /** An Availability Zone name: its Region's name and one letter, such as us-east-1a. */
  private static final Pattern ZONE = Pattern.compile("([a-z]+(?:-[a-z]+)+-\\d+)[a-z]");
  private static final Pattern CERTIFICATE = Pattern.compile("certificate/[0-9a-f-]{36}");
  /** An instance type or a pattern of them, as InstanceRequirements AllowedInstanceTypes/ExcludedInstanceTypes take. */
  private static final Pattern TYPE_PATTERN = Pattern.compile("[a-z0-9.*-]{1,30}");
  private static final Pattern SSM_PARAMETER = Pattern.compile("/[A-Za-z0-9_.\\-/]{1,1010}");
  // Instance metadata tag keys may not contain spaces or "/" (EC2 User Guide, "Work with instance tags in instance metadata").
  private static final Pattern IMDS_TAG_KEY = Pattern.compile("[A-Za-z0-9+\\-=._:@]{1,128}");

  /** The custom health-check gate, the same in both capacity sections; design notes: docs/capacity.md. */
  static final Keys GATE = new Keys("A launch lifecycle hook holds each new instance until its tag `tag_key` reads"
      + " `tag_value` (AWS blog: \"How to create custom health checks for your Amazon EC2 Auto Scaling Fleet\").");
  static final Key<Boolean> GATE_ENABLED = GATE.bool("enabled", false, "Adds the hook, the instance policy and the user data.");
  // Auto Scaling API, PutLifecycleHook HeartbeatTimeout: "The range is from 30 to 7200 seconds".
  static final Key<Integer> HEARTBEAT = GATE.integer("heartbeat_timeout_seconds", 300,
      "Hook heartbeat timeout (Auto Scaling: 30-7,200 s).").range(30, 7_200);
  // Auto Scaling API, LifecycleHook GlobalTimeout: at most 172,800 seconds (48 hours) or 100 times
  // HeartbeatTimeout, whichever is smaller; a wait beyond it ends the action anyway.
  static final Key<Integer> MAX_WAIT = GATE.integer("max_wait_seconds", 1_800, "How long an instance waits for the tag,"
      + " sending heartbeats, before it completes with `default_result`.").range(5, 172_800)
      .note("at least `poll_seconds` and at most 100 × `heartbeat_timeout_seconds` (Auto Scaling ends an action after 48 hours or 100 heartbeats)");
  // At most half of the longest heartbeat timeout (7,200 s), so a poll always fits between two heartbeats.
  static final Key<Integer> POLL = GATE.integer("poll_seconds", 15, "How often the instance reads its tag through IMDSv2.")
      .range(5, 3_600).note("at most half of `heartbeat_timeout_seconds`");
  static final Key<String> DEFAULT_RESULT = GATE.text("default_result", "ABANDON", "Result when the wait ends without the tag.")
      .oneOf(List.of("ABANDON", "CONTINUE"));
  static final Key<Boolean> PROTECT = GATE.bool("protect_from_scale_in", false, "New instances start protected from scale-in.");
  static final Key<String> TAG_KEY = GATE.text("tag_key", "Compliance-Check", "Tag your check sets on the instance; readable"
      + " from instance metadata: 1-128 letters, digits and `+ - = . _ : @`, not starting with `aws:`.");
  static final Key<String> TAG_VALUE = GATE.text("tag_value", "Successful", "Tag value that lets the instance in; 1-256"
      + " letters, digits, spaces and `_ . : / = + - @`.");
  /**
   * Auto Scaling sets no documented ceiling on a group's size (MinSize, MaxSize, DesiredCapacity are plain
   * integers); EC2's On-Demand and Spot vCPU quotas stop far earlier, so 10,000 units is common sense.
   */
  static final int MAX_GROUP_SIZE = 10_000;

  /** The keys of an Auto Scaling group's size; their defaults depend on the section. */
  static final class SizeKeys {
    final Block block;
    final Key<Integer> min;
    final Key<Integer> max;
    final Key<Integer> desired;

    SizeKeys(Block block, String minDefault, String maxDefault, String desiredDefault) {
      this.block = block;
      min = block.keys.integer("min", "Group minimum.").computed(minDefault).range(0, MAX_GROUP_SIZE);
      max = block.keys.integer("max", "Group maximum.").computed(maxDefault).range(0, MAX_GROUP_SIZE).note("at least `min`");
      desired = block.keys.integer("desired", "Desired capacity, set on every deploy.").computed(desiredDefault)
          .range(0, MAX_GROUP_SIZE).note("`min` to `max`");
    }
  }

  /** The keys of a capacity section's {@code network}: a VPC fleetkit creates, or an existing one. */
  static final class NetworkKeys {
    final Block block;
    final Key<String> vpcId;
    final Key<List<String>> subnetIds;
    final Key<String> cidr;
    final Key<Integer> natGateways;

    NetworkKeys(Block block, String defaultCidr) {
      this.block = block;
      Keys k = block.keys;
      vpcId = k.text("vpc_id", "Existing-VPC mode: the VPC, `vpc-` and 8 or 17 hex digits (looked up once with credentials,"
          + " cached in cdk.context.json); not with `cidr` or `nat_gateways`.");
      subnetIds = k.texts("subnet_ids", List.of(), "Existing-VPC mode: the workload subnets, at least one per zone; only with `vpc_id`.")
          .minItems(2);
      // VPC IPv4 blocks are /16 to /28; one /20 per zone and room for public subnets needs /18 or larger.
      cidr = k.text("cidr", defaultCidr, "Create mode: the VPC's IPv4 range.").note("/16 to /20");
      // Workload subnets route out through NAT (SSM, Auto Scaling API), so at least one; one per zone at most.
      natGateways = k.integer("nat_gateways", 1, "Create mode: NAT gateways, so instances reach SSM and the Auto Scaling API.")
          .range(1, MAX_ZONES).note("at most one per zone");
    }
  }

  private CapacityReaders() {}

  static CapacityNetworkConfig network(YamlMap m, NetworkKeys k, Problems p) {
    var n = new CapacityNetworkConfig(m.optional(k.vpcId), m.get(k.subnetIds), m.get(k.cidr), m.get(k.natGateways));
    if (n.vpcId().isPresent()) {
      // Keys of the create mode have no meaning with an existing VPC.
      for (Key<?> key : List.of(k.cidr, k.natGateways)) {
        if (m.has(key)) {
          p.error(m.childPath(key.name), key.name + " is set together with vpc_id (expected " + key.name
              + " only when fleetkit creates the VPC)");
        }
      }
    } else if (m.has(k.subnetIds)) {
      p.error(m.childPath(k.subnetIds.name), "subnet_ids is set without vpc_id (expected both for an existing VPC, or neither)");
    }
    m.finish();
    return n;
  }

  static HealthCheckGateConfig gate(YamlMap m) {
    var g = new HealthCheckGateConfig(m.get(GATE_ENABLED), m.get(HEARTBEAT), m.get(MAX_WAIT), m.get(POLL),
        m.get(DEFAULT_RESULT), m.get(PROTECT), m.get(TAG_KEY), m.get(TAG_VALUE));
    m.finish();
    return g;
  }

  static GroupSize size(YamlMap m, SizeKeys k, int min, int max, int desired) {
    int mn = m.get(k.min, min);
    int mx = m.get(k.max, Math.max(max, mn));
    var s = new GroupSize(mn, mx, m.get(k.desired, Math.min(Math.max(desired, mn), mx)));
    m.finish();
    return s;
  }

  /** us-east-1, the Region with the most, has six Availability Zones (EC2 User Guide, "Regions and Zones"). */
  static final int MAX_ZONES = 6;

  static void zones(Problems p, String path, List<String> zones, Key<List<String>> key, Optional<String> region, String why) {
    if (zones.size() < key.minItems()) {
      p.error(path, zones.size() + " Availability Zone(s) (expected at least " + key.minItems() + ", " + why + ")");
    } else if (zones.size() > key.maxItems()) {
      p.error(path, zones.size() + " Availability Zones (expected at most " + key.maxItems() + ", the most a Region has)");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < zones.size(); i++) {
      String z = zones.get(i);
      String at = path + "[" + i + "]";
      var m = ZONE.matcher(z);
      if (!m.matches() || !AwsNames.get().isRegion(m.group(1))) {
        p.error(at, "\"" + z + "\" is not an Availability Zone name (expected a Region that " + AwsNames.get().source()
            + " lists and a letter, such as us-east-1a)");
      } else if (region.isPresent() && !m.group(1).equals(region.get())) {
        p.error(at, "\"" + z + "\" is not in Region " + region.get() + " (expected a zone of project.region)");
      }
      if (!seen.add(z)) p.error(at, "\"" + z + "\" is listed twice (expected distinct Availability Zones)");
    }
  }

  static void size(Problems p, String path, GroupSize s, SizeKeys k) {
    if (s.min() < k.min.min()) p.error(path + ".min", s.min() + " is negative (expected " + k.min.min() + " or more)");
    else k.min.check(p, path, s.min());
    if (!k.max.check(p, path, s.max()) || !k.desired.check(p, path, s.desired())) return;
    if (s.min() > s.max()) {
      p.error(path + ".max", "max " + s.max() + " is less than min " + s.min() + " (expected min <= max)");
    } else if (s.desired() < s.min() || s.desired() > s.max()) {
      p.error(path + ".desired", "desired " + s.desired() + " is outside [" + s.min() + ", " + s.max()
          + "] (expected min <= desired <= max)");
    }
  }

  static void network(Problems p, String path, CapacityNetworkConfig n, NetworkKeys k, int zones) {
    if (n.vpcId().isPresent()) {
      Checks.ec2Id(p, path + ".vpc_id", n.vpcId().get(), Ec2IdKind.VPC);
      if (n.subnetIds().size() < k.subnetIds.minItems()) {
        p.error(path + ".subnet_ids", n.subnetIds().size() + " subnet(s) (expected at least one per Availability Zone, 2 or more)");
      }
      for (int i = 0; i < n.subnetIds().size(); i++) {
        Checks.ec2Id(p, path + ".subnet_ids[" + i + "]", n.subnetIds().get(i), Ec2IdKind.SUBNET);
      }
      return;
    }
    Checks.cidr(p, path + ".cidr", n.cidr(), Cidr.Rules.ipv4("a VPC with a /20 workload subnet per zone", 16, 20));
    Checks.range(p, k.natGateways.at(path), n.natGateways(), k.natGateways.min(), Math.min(Math.max(zones, 1), k.natGateways.max()));
  }

  static void gate(Problems p, String path, HealthCheckGateConfig g) {
    if (!g.enabled()) return;
    if (!HEARTBEAT.check(p, path, g.heartbeatTimeoutSeconds())) {
      DEFAULT_RESULT.checkChoice(p, DEFAULT_RESULT.at(path), g.defaultResult());
      return;
    }
    long global = Math.min(MAX_WAIT.max(), 100L * g.heartbeatTimeoutSeconds());
    // The wait is at least one poll: judged only against a poll interval that is itself right.
    if (Checks.range(p, POLL.at(path), g.pollSeconds(), POLL.min(), Math.max(POLL.min(), g.heartbeatTimeoutSeconds() / 2))) {
      Checks.range(p, MAX_WAIT.at(path), g.maxWaitSeconds(), Math.max(MAX_WAIT.min(), g.pollSeconds()), global);
    } else {
      Checks.range(p, MAX_WAIT.at(path), g.maxWaitSeconds(), MAX_WAIT.min(), global);
    }
    DEFAULT_RESULT.checkChoice(p, DEFAULT_RESULT.at(path), g.defaultResult());
    if (!IMDS_TAG_KEY.matcher(g.tagKey()).matches() || g.tagKey().startsWith("aws:")) {
      p.error(path + ".tag_key", "\"" + g.tagKey() + "\" cannot be read from instance metadata (expected 1-128"
          + " letters, digits and + - = . _ : @, without spaces or /, not starting with aws:)");
    }
    if (g.tagValue().isEmpty()) {
      p.error(path + ".tag_value", "the value is empty (expected 1 to 256 characters: an instance without the tag reads empty)");
    } else {
      Checks.tagValue(p, path + ".tag_value", g.tagValue());
    }
  }

  /** {@code image_root_device}, beside {@code image_ssm_parameter} in both capacity sections. */
  static Key<String> rootDeviceKey(Keys keys) {
    return keys.text("image_root_device", Checks.AMAZON_LINUX_ROOT_DEVICE, "Root device name of the image; the encrypted"
        + " gp3 root volume is mapped to it.").oneOf(Checks.ROOT_DEVICES)
        .note("`/dev/xvda` unless `image_ssm_parameter` names an image with another root device");
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

  /** An ACM certificate of the load balancer's Region: a listener takes certificates of its own Region only. */
  static void certificate(Problems p, String at, String arn, Optional<String> region) {
    String[] parts = arn.split(":", 6);
    String partition = region.map(Checks::partitionOf).orElse(parts.length > 1 ? parts[1] : "");
    if (Checks.arn(p, at, arn, partition, "acm", CERTIFICATE,
        "an ACM certificate ARN (expected arn:<partition>:acm:<region>:<account>:certificate/<id>)")
        && region.isPresent() && !parts[3].equals(region.get())) {
      p.error(at, "\"" + arn + "\" is in Region \"" + parts[3] + "\" (expected a certificate of project.region \""
          + region.get() + "\", where the load balancer is)");
    }
  }

  /**
   * The load balancer's allowed ranges: the one strict CIDR parser, 0.0.0.0/0 only with internet_facing, and no more
   * than the inbound rules a security group holds (60 by default, Amazon VPC quotas "Inbound or outbound rules per
   * security group"): one rule a range for port 80, two with a certificate (80 and 443).
   */
  static void allowedCidrs(Problems p, String path, SpotFleetConfig.LoadBalancer lb, Key<List<String>> key) {
    var rules = Cidr.Rules.ipv4("the load balancer's allowed ranges", 1, 32)
        .withWorld(lb.internetFacing(), ", or internet_facing: true to serve the internet");
    boolean https = lb.certificateArn().isPresent();
    int max = https ? 30 : key.maxItems();
    if (lb.allowedCidrs().size() > max) {
      p.error(path, lb.allowedCidrs().size() + " ranges (expected at most " + max + (https
          ? " with certificate_arn: two security group rules each, for 80 and 443," : ": one security group rule each,")
          + " and a group takes 60 inbound rules)");
    }
    for (int i = 0; i < lb.allowedCidrs().size(); i++) {
      Checks.cidr(p, path + "[" + i + "]", lb.allowedCidrs().get(i), rules);
    }
  }

  /** Each an instance type the AWS SDK lists, or a pattern (with *) that matches at least one. */
  static void typePatterns(Problems p, String at, List<String> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      String e = patterns.get(i);
      if (!TYPE_PATTERN.matcher(e).matches()) {
        p.error(at + "[" + i + "]", "\"" + e + "\" is not an instance type or pattern (expected such as m5.8xlarge, c5*.* or r*)");
      } else if (!e.contains("*")) {
        Checks.instanceType(p, at + "[" + i + "]", e);
      } else {
        Pattern glob = Pattern.compile(e.replace(".", "\\.").replace("*", ".*"));
        if (AwsNames.get().instanceTypes().stream().noneMatch(t -> glob.matcher(t).matches())) {
          p.error(at + "[" + i + "]", "\"" + e + "\" matches no EC2 instance type (expected a pattern"
              + " that matches types " + AwsNames.get().source() + " lists, such as m5a.* or r*)");
        }
      }
    }
  }
}
