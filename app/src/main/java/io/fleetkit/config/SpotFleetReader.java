package io.fleetkit.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code spot_fleet} section. */
final class SpotFleetReader {
  static final String NAME = "spot_fleet";
  // SpotAllocationStrategy of AWS::AutoScaling::AutoScalingGroup InstancesDistribution.
  static final List<String> STRATEGIES = List.of(
      "price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price");
  // A mixed instances policy takes up to 40 instance types and up to 4 sets of instance requirements
  // (EC2 Auto Scaling User Guide, "Auto Scaling groups with multiple instance types and purchase options").
  static final int MAX_TYPES = 40;
  static final int MAX_REQUIREMENT_SETS = 4;
  // InstanceRequirements CpuManufacturers and BurstablePerformance values.
  static final List<String> MANUFACTURERS = List.of("intel", "amd", "amazon-web-services", "apple");
  static final List<String> BURSTABLE = List.of("included", "excluded", "required");
  static final List<String> CREDITS = List.of("standard", "unlimited");
  // ExcludedInstanceTypes entries: a type, or a pattern with * such as m5a.* or r*.
  private static final Pattern EXCLUDED = Pattern.compile("[a-z0-9.*-]{1,30}");
  // Spot's interruption notice is two minutes; deregistration must finish well inside it.
  static final int MAX_DEREGISTRATION_DELAY = 90;
  // Graviton families: a "g" right after the generation (m7g, c7gn, r6gd, t4g, im4gn, g5g), plus a1.
  private static final Pattern GRAVITON = Pattern.compile("(?:a1|[a-z]+\\d+g[a-z]*)(?:-[a-z0-9]+)?\\..+");

  private SpotFleetReader() {}

  static SpotFleetConfig read(YamlMap m, Problems p) {
    boolean enabled = m.bool("enabled", false);
    List<String> zones = m.strings("availability_zones", List.of());
    GroupSize capacity = CapacityReaders.size(m.map("capacity"), 1, 10, 2);
    int base = m.integer("on_demand_base_capacity", 0);
    int above = m.integer("on_demand_percentage_above_base", 0);
    String strategy = m.string("spot_allocation_strategy", "price-capacity-optimized");
    var types = m.list("instance_types", t -> new SpotFleetConfig.InstanceTypeOverride(
        t.requiredString("type", "an EC2 instance type such as m5.large"),
        t.has("weight") ? Optional.of(t.integer("weight", 1)) : Optional.empty()));
    var requirements = m.list("instance_requirements", r -> {
      YamlMap v = r.map("vcpu");
      int vMin = v.integer("min", 0);
      Optional<Integer> vMax = v.has("max") ? Optional.of(v.integer("max", 0)) : Optional.empty();
      if (!r.has("vcpu")) r.missing("vcpu", "a mapping with min and optionally max");
      v.finish();
      YamlMap mem = r.map("memory_mib");
      int mMin = mem.integer("min", 0);
      Optional<Integer> mMax = mem.has("max") ? Optional.of(mem.integer("max", 0)) : Optional.empty();
      if (!r.has("memory_mib")) r.missing("memory_mib", "a mapping with min and optionally max");
      mem.finish();
      return new SpotFleetConfig.Requirements(vMin, vMax, mMin, mMax,
          r.strings("cpu_manufacturers", List.of()),
          r.string("burstable_performance", "excluded"),
          r.strings("excluded_types", List.of()));
    });
    Optional<String> credits = m.optionalString("burstable_credits");
    Optional<String> image = m.optionalString("image_ssm_parameter");
    String rootDevice = m.string("image_root_device", Checks.AMAZON_LINUX_ROOT_DEVICE);
    int rootGiB = m.integer("root_volume_gib", 20);
    YamlMap lb = m.map("load_balancer");
    var loadBalancer = new SpotFleetConfig.LoadBalancer(
        lb.bool("enabled", lb.present()),
        lb.bool("internet_facing", false),
        lb.strings("allowed_cidrs", List.of()),
        lb.integer("deregistration_delay_seconds", 30),
        lb.string("health_check_path", "/"),
        lb.bool("demo_page", true));
    lb.finish();
    CapacityNetworkConfig network = CapacityReaders.network(m.map("network"), "10.41.0.0/16", p);
    HealthCheckGateConfig gate = CapacityReaders.gate(m.map("health_check_gate"));
    m.finish();
    return new SpotFleetConfig(enabled, zones, capacity, base, above, strategy, types, requirements, credits, image,
        rootDevice, rootGiB, loadBalancer, network, gate);
  }

  static void check(SpotFleetConfig c, Optional<String> region, Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    CapacityReaders.zones(p, base + ".availability_zones", c.availabilityZones(), region,
        "so that the fleet survives the loss of one zone");
    CapacityReaders.size(p, base + ".capacity", c.capacity());
    if (c.onDemandBaseCapacity() < 0) {
      p.error(base + ".on_demand_base_capacity", c.onDemandBaseCapacity() + " is negative (expected 0 or more)");
    } else if (c.onDemandBaseCapacity() > c.capacity().max()) {
      p.error(base + ".on_demand_base_capacity", c.onDemandBaseCapacity() + " is more than capacity.max "
          + c.capacity().max() + " (expected at most the group's maximum)");
    }
    Checks.range(p, base + ".on_demand_percentage_above_base", c.onDemandPercentageAboveBase(), 0, 100);
    Checks.oneOf(p, base + ".spot_allocation_strategy", c.spotAllocationStrategy(), STRATEGIES);

    boolean hasTypes = !c.instanceTypes().isEmpty();
    boolean hasRequirements = !c.instanceRequirements().isEmpty();
    if (hasTypes && hasRequirements) {
      p.error(base + ".instance_requirements", "both instance_types and instance_requirements are set"
          + " (expected exactly one of them)");
    } else if (!hasTypes && !hasRequirements) {
      p.error(base, "no instance_types and no instance_requirements (expected exactly one of them: a list of 1 to "
          + MAX_TYPES + " types, or 1 to " + MAX_REQUIREMENT_SETS + " sets of requirements)");
    }
    // "capacity-optimized-prioritized ... is not a valid value for Auto Scaling groups that specify
    // InstanceRequirements" (Auto Scaling API, InstancesDistribution.SpotAllocationStrategy).
    if (hasRequirements && c.spotAllocationStrategy().equals("capacity-optimized-prioritized")) {
      p.error(base + ".spot_allocation_strategy", "capacity-optimized-prioritized needs an ordered instance_types list"
          + " and Auto Scaling rejects it with instance_requirements (expected price-capacity-optimized,"
          + " capacity-optimized or lowest-price)");
    }
    if (c.instanceTypes().size() > MAX_TYPES) {
      p.error(base + ".instance_types", c.instanceTypes().size() + " instance types (expected at most " + MAX_TYPES + ")");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < c.instanceTypes().size(); i++) {
      var t = c.instanceTypes().get(i);
      String at = base + ".instance_types[" + i + "]";
      CapacityReaders.instanceType(p, at + ".type", t.type());
      if (!seen.add(t.type())) p.error(at + ".type", "\"" + t.type() + "\" is listed twice (expected distinct types)");
      // WeightedCapacity is 1 to 999.
      t.weight().ifPresent(w -> Checks.range(p, at + ".weight", w, 1, 999));
    }
    // Weights are all or nothing: with one weighted type, Auto Scaling needs a weight on every type.
    long weighted = c.instanceTypes().stream().filter(t -> t.weight().isPresent()).count();
    if (weighted > 0 && weighted < c.instanceTypes().size()) {
      p.error(base + ".instance_types", weighted + " of " + c.instanceTypes().size()
          + " types have a weight (expected a weight on every type, or on none)");
    }
    // One launch template means one AMI, so one CPU architecture.
    long graviton = c.instanceTypes().stream().filter(t -> GRAVITON.matcher(t.type()).matches()).count();
    if (graviton > 0 && graviton < c.instanceTypes().size()) {
      p.error(base + ".instance_types", graviton + " of " + c.instanceTypes().size() + " types are Graviton (arm64)"
          + " (expected one CPU architecture, since all share one image)");
    }
    for (int i = 0; i < c.instanceRequirements().size(); i++) {
      var m = c.instanceRequirements().get(i).cpuManufacturers();
      if (m.contains("amazon-web-services") && m.size() > 1) {
        p.error(base + ".instance_requirements[" + i + "].cpu_manufacturers", "amazon-web-services (arm64) is mixed"
            + " with x86 manufacturers (expected one CPU architecture, since all share one image)");
      }
    }
    if (c.instanceRequirements().size() > MAX_REQUIREMENT_SETS) {
      p.error(base + ".instance_requirements", c.instanceRequirements().size() + " sets (expected at most "
          + MAX_REQUIREMENT_SETS + ")");
    }
    for (int i = 0; i < c.instanceRequirements().size(); i++) {
      requirements(p, base + ".instance_requirements[" + i + "]", c.instanceRequirements().get(i));
    }
    c.burstableCredits().ifPresent(v -> Checks.oneOf(p, base + ".burstable_credits", v, CREDITS));
    CapacityReaders.imageParameter(p, base + ".image_ssm_parameter", c.imageSsmParameter());
    CapacityReaders.rootDevice(p, base + ".image_root_device", c.imageRootDevice(), c.imageSsmParameter());
    Checks.range(p, base + ".root_volume_gib", c.rootVolumeGiB(), 8, 16_384);
    var lb = c.loadBalancer();
    if (lb.enabled()) {
      Checks.range(p, base + ".load_balancer.deregistration_delay_seconds", lb.deregistrationDelaySeconds(), 0,
          MAX_DEREGISTRATION_DELAY);
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
      for (int i = 0; i < lb.allowedCidrs().size(); i++) {
        String cidr = lb.allowedCidrs().get(i);
        if (!cidr.matches("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}")) {
          p.error(base + ".load_balancer.allowed_cidrs[" + i + "]", "\"" + cidr
              + "\" is not an IPv4 CIDR (expected a range such as 203.0.113.0/24)");
        }
      }
    }
    CapacityReaders.network(p, base + ".network", c.network(), c.availabilityZones().size());
    CapacityReaders.gate(p, base + ".health_check_gate", c.healthCheckGate());
  }

  private static void requirements(Problems p, String at, SpotFleetConfig.Requirements r) {
    if (r.vcpuMin() < 1) p.error(at + ".vcpu.min", r.vcpuMin() + " vCPUs (expected at least 1)");
    r.vcpuMax().ifPresent(max -> {
      if (max < r.vcpuMin()) p.error(at + ".vcpu.max", "max " + max + " is less than min " + r.vcpuMin() + " (expected min <= max)");
    });
    if (r.memoryMibMin() < 1) p.error(at + ".memory_mib.min", r.memoryMibMin() + " MiB (expected at least 1)");
    r.memoryMibMax().ifPresent(max -> {
      if (max < r.memoryMibMin()) p.error(at + ".memory_mib.max", "max " + max + " is less than min " + r.memoryMibMin() + " (expected min <= max)");
    });
    for (int i = 0; i < r.cpuManufacturers().size(); i++) {
      Checks.oneOf(p, at + ".cpu_manufacturers[" + i + "]", r.cpuManufacturers().get(i), MANUFACTURERS);
    }
    Checks.oneOf(p, at + ".burstable_performance", r.burstablePerformance(), BURSTABLE);
    // ExcludedInstanceTypes takes up to 400 entries.
    if (r.excludedTypes().size() > 400) p.error(at + ".excluded_types", r.excludedTypes().size() + " entries (expected at most 400)");
    for (int i = 0; i < r.excludedTypes().size(); i++) {
      if (!EXCLUDED.matcher(r.excludedTypes().get(i)).matches()) {
        p.error(at + ".excluded_types[" + i + "]", "\"" + r.excludedTypes().get(i)
            + "\" is not an instance type or pattern (expected such as m5.8xlarge, c5*.* or r*)");
      }
    }
  }
}
