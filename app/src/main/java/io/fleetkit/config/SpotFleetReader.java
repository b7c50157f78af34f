package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code spot_fleet} section. */
final class SpotFleetReader {
  static final String NAME = "spot_fleet";
  // ExcludedInstanceTypes entries: a type, or a pattern with * such as m5a.* or r*.
  // Graviton families: a "g" right after the generation (m7g, c7gn, r6gd, t4g, im4gn, g5g), plus a1.
  private static final Pattern GRAVITON = Pattern.compile("(?:a1|[a-z]+\\d+g[a-z]*)(?:-[a-z0-9]+)?\\..+");

  static final Keys KEYS = new Keys("A diversified Spot Auto Scaling group with capacity rebalancing, and an optional"
      + " Application Load Balancer with a demo page; design notes: [capacity.md](capacity.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-spot-fleet`.");
  static final Key<List<String>> ZONES = KEYS.texts("availability_zones", List.of(),
      "Distinct Availability Zones of `project.region`.").items(2, CapacityReaders.MAX_ZONES).required("when enabled");
  static final CapacityReaders.SizeKeys CAPACITY = new CapacityReaders.SizeKeys(
      KEYS.map("capacity", "Group size in capacity units: instances, or weights when `instance_types` have them."),
      "`1`", "`10` (at least `min`)", "`2` (kept within `min` and `max`)");
  static final Key<Integer> ON_DEMAND_BASE = KEYS.integer("on_demand_base_capacity", 0,
      "On-demand capacity units filled first.").range(0, CapacityReaders.MAX_GROUP_SIZE).note("at most `capacity.max`");
  static final Key<Integer> ON_DEMAND_ABOVE = KEYS.integer("on_demand_percentage_above_base", 0,
      "Percentage of on-demand capacity above the base; the rest is Spot.").range(0, 100);
  // SpotAllocationStrategy of AWS::AutoScaling::AutoScalingGroup InstancesDistribution.
  static final Key<String> STRATEGY = KEYS.text("spot_allocation_strategy", "price-capacity-optimized",
      "How Spot capacity is chosen; `capacity-optimized-prioritized` follows the order of `instance_types` and"
      + " is rejected with `instance_requirements`.").oneOf(List.of("price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"));
  // A mixed instances policy takes up to 40 instance types and up to 4 sets of instance requirements
  // (EC2 Auto Scaling User Guide, "Auto Scaling groups with multiple instance types and purchase options").
  static final Block TYPES = KEYS.list("instance_types", "Distinct instance types of one CPU architecture (they share"
      + " one image); exactly one of `instance_types` and `instance_requirements`.").maxItems(40);
  static final Key<String> TYPE = TYPES.keys.text("type", "", "Instance type, such as `m5.large`.")
      .required("", "an EC2 instance type such as m5.large");
  // WeightedCapacity of a LaunchTemplateOverrides entry: 1 to 999.
  static final Key<Integer> WEIGHT = TYPES.keys.integer("weight", "Capacity units this type counts as (`WeightedCapacity`).")
      .range(1, 999).note("on every type or on none");
  static final Block REQUIREMENTS = KEYS.list("instance_requirements",
      "Sets of instance attributes for attribute-based selection, instead of `instance_types`.").maxItems(4);
  static final Block VCPU = REQUIREMENTS.keys.map("vcpu", "vCPUs per instance.")
      .required("", "a mapping with min and optionally max");
  /**
   * The largest EC2 instances have 896 vCPUs and 32 TiB of memory (u7in-32tb.224xlarge, EC2 "Instance type specifications");
   * twice that leaves room for new types and still catches a typo of a few zeros.
   */
  static final int MAX_VCPUS = 2_048;
  static final int MAX_MEMORY_MIB = 64 * 1024 * 1024;
  static final Key<Integer> VCPU_MIN = VCPU.keys.integer("min", 0, "Fewest vCPUs.").range(1, MAX_VCPUS).required("");
  static final Key<Integer> VCPU_MAX = VCPU.keys.integer("max", "Most vCPUs; no upper limit when absent.").range(1, MAX_VCPUS)
      .note("at least `min`");
  static final Block MEMORY = REQUIREMENTS.keys.map("memory_mib", "Memory per instance in MiB.")
      .required("", "a mapping with min and optionally max");
  static final Key<Integer> MEMORY_MIN = MEMORY.keys.integer("min", 0, "Least memory in MiB.").range(1, MAX_MEMORY_MIB)
      .required("");
  static final Key<Integer> MEMORY_MAX = MEMORY.keys.integer("max", "Most memory in MiB; no upper limit when absent.")
      .range(1, MAX_MEMORY_MIB).note("at least `min`");
  // InstanceRequirements CpuManufacturers and BurstablePerformance values.
  static final Key<List<String>> CPU_MANUFACTURERS = REQUIREMENTS.keys.texts("cpu_manufacturers", List.of(),
      "CPU manufacturers; `amazon-web-services` (arm64) may not be mixed with the others; empty means any.").oneOf(List.of("intel", "amd", "amazon-web-services", "apple"));
  static final Key<String> BURSTABLE_PERFORMANCE = REQUIREMENTS.keys.text("burstable_performance", "excluded",
      "Whether burstable (T) types are included.").oneOf(List.of("included", "excluded", "required"));
  // ExcludedInstanceTypes and AllowedInstanceTypes take up to 400 entries each, and not both (EC2 Auto Scaling
  // API Reference, InstanceRequirements).
  static final Key<List<String>> EXCLUDED_TYPES = REQUIREMENTS.keys.texts("excluded_types", List.of(),
      "Instance types or patterns with `*` to leave out, such as `m5a.*`.").maxItems(400);
  static final Key<List<String>> ALLOWED_TYPES = REQUIREMENTS.keys.texts("allowed_types", List.of(),
      "Instance types or patterns with `*` to choose from, such as `m6i.*`; empty means any; not with `excluded_types`.")
      .maxItems(400);
  // CreditSpecification.CpuCredits of a launch template.
  static final Key<String> BURSTABLE_CREDITS = KEYS.text("burstable_credits", "CPU credits of burstable (T) types.")
      .computed("the account default").oneOf(List.of("standard", "unlimited"));
  static final Key<String> IMAGE = KEYS.text("image_ssm_parameter", "SSM parameter holding the AMI ID.")
      .computed("latest Amazon Linux 2023 for the types' CPU");
  static final Key<String> ROOT_DEVICE = CapacityReaders.rootDeviceKey(KEYS);
  // gp3 volumes are 1 GiB to 16 TiB (Amazon EBS volume types); Amazon Linux 2023 images need 8 GiB or more.
  static final Key<Integer> ROOT_GIB = KEYS.integer("root_volume_gib", 20, "Encrypted gp3 root volume in GiB.").range(8, 16_384);
  static final Block LOAD_BALANCER = KEYS.map("load_balancer", "An Application Load Balancer on HTTP 80 (and HTTPS 443 with"
      + " `certificate_arn`) in front of the group.");
  static final Key<Boolean> LB_ENABLED = LOAD_BALANCER.keys.bool("enabled", "Creates the load balancer.")
      .computed("`true` when `load_balancer` is present");
  static final Key<Boolean> INTERNET_FACING = LOAD_BALANCER.keys.bool("internet_facing", false,
      "`true` puts it in the public subnets; `false` keeps it internal.");
  static final Key<List<String>> ALLOWED_CIDRS = LOAD_BALANCER.keys.texts("allowed_cidrs", List.of(),
      "IPv4 ranges allowed to port 80 (and 443 with a certificate), host bits zero; empty means the VPC's own range;"
      + " `0.0.0.0/0` only with `internet_facing: true`.").maxItems(50)
      .note("at most 30 with `certificate_arn`: two security group rules each");
  // Spot's interruption notice is two minutes; deregistration must finish well inside it.
  static final Key<Integer> DEREGISTRATION_DELAY = LOAD_BALANCER.keys.integer("deregistration_delay_seconds", 30,
      "Target group deregistration delay, inside Spot's two-minute interruption notice.").range(0, 90);
  static final Key<String> HEALTH_CHECK_PATH = LOAD_BALANCER.keys.text("health_check_path", "/",
      "Target group health check path, up to 1024 characters starting with `/`.");
  static final Key<Boolean> DEMO_PAGE = LOAD_BALANCER.keys.bool("demo_page", true, "Serves a page with instance ID, type, life"
      + " cycle and zone on port 80; `false` needs an `image_ssm_parameter` image that serves port 80.");
  static final Key<String> CERTIFICATE_ARN = LOAD_BALANCER.keys.text("certificate_arn", "ACM certificate ARN of"
      + " `project.region`; adds an HTTPS listener on 443, and 80 then redirects to it.");
  static final CapacityReaders.NetworkKeys NETWORK = new CapacityReaders.NetworkKeys(
      KEYS.map("network", "Where the instances run: a VPC fleetkit creates (default), or an existing one."), "10.41.0.0/16");
  static final Block GATE = KEYS.map("health_check_gate", CapacityReaders.GATE);

  private SpotFleetReader() {}

  static SpotFleetConfig read(YamlMap m, Problems p) {
    boolean enabled = m.get(ENABLED);
    List<String> zones = m.get(ZONES);
    GroupSize capacity = CapacityReaders.size(m.map(CAPACITY.block), CAPACITY, 1, 10, 2);
    int base = m.get(ON_DEMAND_BASE);
    int above = m.get(ON_DEMAND_ABOVE);
    String strategy = m.get(STRATEGY);
    var types = m.list(TYPES, SpotFleetReader::type);
    var requirements = m.list(REQUIREMENTS, SpotFleetReader::requirements);
    Optional<String> credits = m.optional(BURSTABLE_CREDITS);
    Optional<String> image = m.optional(IMAGE);
    String rootDevice = m.get(ROOT_DEVICE);
    int rootGiB = m.get(ROOT_GIB);
    YamlMap lb = m.map(LOAD_BALANCER);
    var loadBalancer = new SpotFleetConfig.LoadBalancer(
        lb.get(LB_ENABLED, lb.present()),
        lb.get(INTERNET_FACING),
        lb.get(ALLOWED_CIDRS),
        lb.get(DEREGISTRATION_DELAY),
        lb.get(HEALTH_CHECK_PATH),
        lb.get(DEMO_PAGE),
        lb.optional(CERTIFICATE_ARN));
    lb.finish();
    CapacityNetworkConfig network = CapacityReaders.network(m.map(NETWORK.block), NETWORK, p);
    HealthCheckGateConfig gate = CapacityReaders.gate(m.map(GATE));
    m.finish();
    return new SpotFleetConfig(enabled, zones, capacity, base, above, strategy, types, requirements, credits, image,
        rootDevice, rootGiB, loadBalancer, network, gate);
  }

  /** One item of a list read with {@code TYPES.keys} (here, and in the sections that reuse the schema). */
  static SpotFleetConfig.InstanceTypeOverride type(YamlMap t) {
    return new SpotFleetConfig.InstanceTypeOverride(t.require(TYPE, true), t.optional(WEIGHT));
  }

  /** One set of requirements read with {@code REQUIREMENTS.keys}: an item of the list, or a mapping of its own. */
  static SpotFleetConfig.Requirements requirements(YamlMap r) {
    YamlMap v = r.map(VCPU);
    int vMin = v.get(VCPU_MIN);
    Optional<Integer> vMax = v.optional(VCPU_MAX);
    if (!r.has(VCPU)) r.missing(VCPU);
    v.finish();
    YamlMap mem = r.map(MEMORY);
    int mMin = mem.get(MEMORY_MIN);
    Optional<Integer> mMax = mem.optional(MEMORY_MAX);
    if (!r.has(MEMORY)) r.missing(MEMORY);
    mem.finish();
    return new SpotFleetConfig.Requirements(vMin, vMax, mMin, mMax,
        r.get(CPU_MANUFACTURERS), r.get(BURSTABLE_PERFORMANCE), r.get(EXCLUDED_TYPES), r.get(ALLOWED_TYPES));
  }

  static void check(SpotFleetConfig c, Optional<String> region, Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    CapacityReaders.zones(p, base + ".availability_zones", c.availabilityZones(), ZONES, region,
        "so that the fleet survives the loss of one zone");
    CapacityReaders.size(p, base + ".capacity", c.capacity(), CAPACITY);
    if (c.onDemandBaseCapacity() < ON_DEMAND_BASE.min()) {
      p.error(base + ".on_demand_base_capacity", c.onDemandBaseCapacity() + " is negative (expected "
          + ON_DEMAND_BASE.min() + " or more)");
    } else if (!ON_DEMAND_BASE.check(p, base, c.onDemandBaseCapacity())) {
      // Reported against the declared bound.
    } else if (c.onDemandBaseCapacity() > c.capacity().max()) {
      p.error(base + ".on_demand_base_capacity", c.onDemandBaseCapacity() + " is more than capacity.max "
          + c.capacity().max() + " (expected at most the group's maximum)");
    }
    ON_DEMAND_ABOVE.check(p, base, c.onDemandPercentageAboveBase());
    STRATEGY.checkChoice(p, base + ".spot_allocation_strategy", c.spotAllocationStrategy());
    instances(p, base, c.instanceTypes(), c.instanceRequirements(), c.spotAllocationStrategy());
    c.burstableCredits().ifPresent(v -> BURSTABLE_CREDITS.checkChoice(p, base + ".burstable_credits", v));
    CapacityReaders.imageParameter(p, base + ".image_ssm_parameter", c.imageSsmParameter());
    CapacityReaders.rootDevice(p, base + ".image_root_device", c.imageRootDevice(), c.imageSsmParameter());
    ROOT_GIB.check(p, base, c.rootVolumeGiB());
    var lb = c.loadBalancer();
    if (lb.enabled()) {
      DEREGISTRATION_DELAY.check(p, base + ".load_balancer", lb.deregistrationDelaySeconds());
      if (!lb.healthCheckPath().startsWith("/") || lb.healthCheckPath().length() > 1024) {
        p.error(base + ".load_balancer.health_check_path", "\"" + lb.healthCheckPath()
            + "\" is not a path (expected up to 1024 characters starting with /)");
      }
      // Without the demo page the stock image serves nothing on port 80, so every ELB health check fails
      // and the group replaces its instances forever. Only an own image can serve the port.
      if (!lb.demoPage() && c.imageSsmParameter().isEmpty()) {
        p.error(base + ".load_balancer.demo_page", "false leaves nothing listening on port 80 with the stock Amazon"
            + " Linux image, so the load balancer's health checks never pass (expected demo_page: true, or"
            + " image_ssm_parameter naming an image that serves HTTP on port 80 and answers health_check_path)");
      }
      lb.certificateArn().ifPresent(arn -> CapacityReaders.certificate(p, base + ".load_balancer.certificate_arn", arn, region));
      CapacityReaders.allowedCidrs(p, base + ".load_balancer.allowed_cidrs", lb, ALLOWED_CIDRS);
    }
    CapacityReaders.network(p, base + ".network", c.network(), NETWORK, c.availabilityZones().size());
    CapacityReaders.gate(p, base + ".health_check_gate", c.healthCheckGate());
  }

  /**
   * The instance selection of a mixed instances group, in the {@code spot_fleet} schema: exactly one of
   * instance types and requirement sets, at most 40 types (weights on all or none, one CPU architecture)
   * or 4 sets, and a Spot allocation strategy that fits them. {@code base} is the mapping that holds them.
   */
  static void instances(Problems p, String base, List<SpotFleetConfig.InstanceTypeOverride> types,
      List<SpotFleetConfig.Requirements> requirements, String strategy) {
    boolean hasTypes = !types.isEmpty();
    boolean hasRequirements = !requirements.isEmpty();
    if (hasTypes && hasRequirements) {
      p.error(base + ".instance_requirements", "both instance_types and instance_requirements are set"
          + " (expected exactly one of them)");
    } else if (!hasTypes && !hasRequirements) {
      p.error(base, "no instance_types and no instance_requirements (expected exactly one of them: a list of 1 to "
          + TYPES.maxItems() + " types, or 1 to " + REQUIREMENTS.maxItems() + " sets of requirements)");
    }
    // "capacity-optimized-prioritized ... is not a valid value for Auto Scaling groups that specify
    // InstanceRequirements" (Auto Scaling API, InstancesDistribution.SpotAllocationStrategy).
    if (hasRequirements && strategy.equals("capacity-optimized-prioritized")) {
      p.error(base + ".spot_allocation_strategy", "capacity-optimized-prioritized needs an ordered instance_types list"
          + " and Auto Scaling rejects it with instance_requirements (expected price-capacity-optimized,"
          + " capacity-optimized or lowest-price)");
    }
    if (types.size() > TYPES.maxItems()) {
      p.error(base + ".instance_types", types.size() + " instance types (expected at most " + TYPES.maxItems() + ")");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < types.size(); i++) {
      var t = types.get(i);
      String at = base + ".instance_types[" + i + "]";
      Checks.instanceType(p, at + ".type", t.type());
      if (!seen.add(t.type())) p.error(at + ".type", "\"" + t.type() + "\" is listed twice (expected distinct types)");
      t.weight().ifPresent(w -> WEIGHT.check(p, at, w));
    }
    // Weights are all or nothing: with one weighted type, Auto Scaling needs a weight on every type.
    long weighted = types.stream().filter(t -> t.weight().isPresent()).count();
    if (weighted > 0 && weighted < types.size()) {
      p.error(base + ".instance_types", weighted + " of " + types.size()
          + " types have a weight (expected a weight on every type, or on none)");
    }
    // One launch template means one AMI, so one CPU architecture.
    long graviton = types.stream().filter(t -> GRAVITON.matcher(t.type()).matches()).count();
    if (graviton > 0 && graviton < types.size()) {
      p.error(base + ".instance_types", graviton + " of " + types.size() + " types are Graviton (arm64)"
          + " (expected one CPU architecture, since all share one image)");
    }
    for (int i = 0; i < requirements.size(); i++) {
      var m = requirements.get(i).cpuManufacturers();
      if (m.contains("amazon-web-services") && m.size() > 1) {
        p.error(base + ".instance_requirements[" + i + "].cpu_manufacturers", "amazon-web-services (arm64) is mixed"
            + " with x86 manufacturers (expected one CPU architecture, since all share one image)");
      }
    }
    if (requirements.size() > REQUIREMENTS.maxItems()) {
      p.error(base + ".instance_requirements", requirements.size() + " sets (expected at most "
          + REQUIREMENTS.maxItems() + ")");
    }
    for (int i = 0; i < requirements.size(); i++) {
      requirements(p, base + ".instance_requirements[" + i + "]", requirements.get(i));
    }
  }

  static void requirements(Problems p, String at, SpotFleetConfig.Requirements r) {
    if (r.vcpuMin() < VCPU_MIN.min()) p.error(at + ".vcpu.min", r.vcpuMin() + " vCPUs (expected at least " + VCPU_MIN.min() + ")");
    else VCPU_MIN.check(p, at + ".vcpu", r.vcpuMin());
    r.vcpuMax().ifPresent(max -> {
      if (max < r.vcpuMin()) p.error(at + ".vcpu.max", "max " + max + " is less than min " + r.vcpuMin() + " (expected min <= max)");
      else VCPU_MAX.check(p, at + ".vcpu", max);
    });
    if (r.memoryMibMin() < MEMORY_MIN.min()) {
      p.error(at + ".memory_mib.min", r.memoryMibMin() + " MiB (expected at least " + MEMORY_MIN.min() + ")");
    } else {
      MEMORY_MIN.check(p, at + ".memory_mib", r.memoryMibMin());
    }
    r.memoryMibMax().ifPresent(max -> {
      if (max < r.memoryMibMin()) p.error(at + ".memory_mib.max", "max " + max + " is less than min " + r.memoryMibMin() + " (expected min <= max)");
      else MEMORY_MAX.check(p, at + ".memory_mib", max);
    });
    for (int i = 0; i < r.cpuManufacturers().size(); i++) {
      CPU_MANUFACTURERS.checkChoice(p, at + ".cpu_manufacturers[" + i + "]", r.cpuManufacturers().get(i));
    }
    BURSTABLE_PERFORMANCE.checkChoice(p, at + ".burstable_performance", r.burstablePerformance());
    if (r.excludedTypes().size() > EXCLUDED_TYPES.maxItems()) {
      p.error(at + ".excluded_types", r.excludedTypes().size() + " entries (expected at most " + EXCLUDED_TYPES.maxItems() + ")");
    }
    CapacityReaders.typePatterns(p, at + ".excluded_types", r.excludedTypes());
    if (r.allowedTypes().size() > ALLOWED_TYPES.maxItems()) {
      p.error(at + ".allowed_types", r.allowedTypes().size() + " entries (expected at most " + ALLOWED_TYPES.maxItems() + ")");
    }
    CapacityReaders.typePatterns(p, at + ".allowed_types", r.allowedTypes());
    if (!r.allowedTypes().isEmpty() && !r.excludedTypes().isEmpty()) {
      p.error(at + ".allowed_types", "both allowed_types and excluded_types are set (expected one of them: EC2 Auto"
          + " Scaling rejects instance requirements with both)");
    }
  }
}
