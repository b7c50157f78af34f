package io.fleetkit.functions.spotscores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Spot placement score collector asks for: the JSON document the stack writes at synth into
 * the function's environment ({@link SpotScoresHandler#CONFIG_VARIABLE}), and the input of
 * {@code bin/fleetkit spot-scores}. {@link SpotScoresConfigParser} reads and checks it; {@link #toJson()}
 * writes it. Example (either {@code instance_types} or {@code instance_requirements}, never both):
 *
 * <pre>{@code
 * {"namespace": "Fleetkit/SpotPlacementScores",
 *  "configurations": [
 *    {"name": "web", "instance_types": ["m5.large", "m5a.large", "m6i.large"],
 *     "regions": ["us-east-1", "us-west-2"], "target_capacities": [10, 100], "unit": "units",
 *     "single_az": false},
 *    {"name": "batch", "instance_requirements": {"architecture_types": ["arm64"],
 *       "vcpu": {"min": 4, "max": 16}, "memory_mib": {"min": 8192}, "cpu_manufacturers": [],
 *       "burstable_performance": "excluded", "excluded_types": []},
 *     "regions": ["eu-west-1"], "target_capacities": [64], "unit": "vcpu", "single_az": true}]}
 * }</pre>
 *
 * @param namespace the CloudWatch namespace for {@code Score} and {@code Outcome}
 * @param configurations named configurations, in the order the metrics and the CLI table follow
 */
public record SpotScoresConfig(String namespace, List<Configuration> configurations) {
  public SpotScoresConfig {
    configurations = List.copyOf(configurations);
  }

  /** The unit of a target capacity (GetSpotPlacementScores TargetCapacityUnitType). */
  public enum CapacityUnit {
    UNITS("units"), VCPU("vcpu"), MEMORY_MIB("memory-mib");

    private final String wire;

    CapacityUnit(String wire) {
      this.wire = wire;
    }

    /** The API's and the document's spelling: units, vcpu or memory-mib. */
    public String wire() {
      return wire;
    }

    public static Optional<CapacityUnit> of(String wire) {
      for (CapacityUnit u : values()) {
        if (u.wire.equals(wire)) return Optional.of(u);
      }
      return Optional.empty();
    }
  }

  /**
   * One named configuration: scored for each target capacity, in each of its Regions.
   *
   * @param instanceTypes at least three different types, or empty when {@code instanceRequirements} is set
   * @param singleAvailabilityZone true scores each Availability Zone (by zone ID), false each Region
   */
  public record Configuration(String name, List<String> instanceTypes, Optional<Requirements> instanceRequirements,
      List<String> regions, List<Integer> targetCapacities, CapacityUnit unit, boolean singleAvailabilityZone) {
    public Configuration {
      instanceTypes = List.copyOf(instanceTypes);
      regions = List.copyOf(regions);
      targetCapacities = List.copyOf(targetCapacities);
    }
  }

  /**
   * Attribute-based instance selection, the schema of {@code spot_fleet.instance_requirements} plus the
   * architectures (InstanceRequirementsWithMetadata).
   *
   * @param architectureTypes i386, x86_64, arm64, x86_64_mac or arm64_mac; empty leaves it to EC2
   * @param burstablePerformance included, excluded or required
   * @param allowedTypes types or patterns to choose from (AllowedInstanceTypes); empty means any; not with
   *     {@code excludedTypes}, which the API refuses together
   */
  public record Requirements(List<String> architectureTypes, int vcpuMin, Optional<Integer> vcpuMax,
      int memoryMibMin, Optional<Integer> memoryMibMax, List<String> cpuManufacturers, String burstablePerformance,
      List<String> excludedTypes, List<String> allowedTypes) {
    public Requirements {
      architectureTypes = List.copyOf(architectureTypes);
      cpuManufacturers = List.copyOf(cpuManufacturers);
      excludedTypes = List.copyOf(excludedTypes);
      allowedTypes = List.copyOf(allowedTypes);
    }

    /** The same selection with every list sorted: the form two equal selections share. */
    Requirements canonical() {
      return new Requirements(architectureTypes.stream().sorted().toList(), vcpuMin, vcpuMax, memoryMibMin,
          memoryMibMax, cpuManufacturers.stream().sorted().toList(), burstablePerformance,
          excludedTypes.stream().sorted().toList(), allowedTypes.stream().sorted().toList());
    }
  }

  /**
   * One GetSpotPlacementScores request in canonical form (sorted types, Regions and lists), so that
   * two configurations asking the same question compare equal and are asked once.
   */
  public record Query(List<String> instanceTypes, Optional<Requirements> instanceRequirements, List<String> regions,
      int targetCapacity, CapacityUnit unit, boolean singleAvailabilityZone) {
    public Query {
      instanceTypes = List.copyOf(instanceTypes);
      regions = List.copyOf(regions);
    }
  }

  /** A distinct query and the configuration names that share it, in configuration order. */
  public record PlannedQuery(Query query, List<String> configurationNames) {
    public PlannedQuery {
      configurationNames = List.copyOf(configurationNames);
    }
  }

  /**
   * The distinct queries, in order of first appearance: every configuration times each of its target
   * capacities, with equal queries merged. Each one counts against the API's 24-hour budget of new
   * configurations (EC2 User Guide, "Spot placement score", Limitations).
   */
  public List<PlannedQuery> queries() {
    Map<Query, List<String>> names = new LinkedHashMap<>();
    for (Configuration c : configurations) {
      for (int capacity : c.targetCapacities()) {
        Query q = new Query(c.instanceTypes().stream().sorted().toList(),
            c.instanceRequirements().map(Requirements::canonical), c.regions().stream().sorted().toList(),
            capacity, c.unit(), c.singleAvailabilityZone());
        names.computeIfAbsent(q, k -> new ArrayList<>()).add(c.name());
      }
    }
    List<PlannedQuery> out = new ArrayList<>();
    names.forEach((q, n) -> out.add(new PlannedQuery(q, n)));
    return out;
  }

  /** The compact JSON the parser reads back to an equal record; keys in a fixed order. */
  public String toJson() {
    return SpotScoresConfigWriter.write(this);
  }

  /** Reads and checks a document; every problem is reported at once. */
  public static SpotScoresConfig parse(String json) {
    return SpotScoresConfigParser.parse(json);
  }
}
