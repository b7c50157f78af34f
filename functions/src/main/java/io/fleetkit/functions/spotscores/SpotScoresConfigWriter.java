package io.fleetkit.functions.spotscores;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Configuration;
import io.fleetkit.functions.spotscores.SpotScoresConfig.Requirements;
import java.util.List;

/** Writes {@link SpotScoresConfig} as the compact JSON {@link SpotScoresConfigParser} reads, keys in a fixed order. */
final class SpotScoresConfigWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpotScoresConfigWriter() {}

  static String write(SpotScoresConfig config) {
    ObjectNode root = JSON.createObjectNode();
    root.put("namespace", config.namespace());
    ArrayNode list = root.putArray("configurations");
    for (Configuration c : config.configurations()) {
      ObjectNode o = list.addObject();
      o.put("name", c.name());
      if (c.instanceRequirements().isPresent()) {
        Requirements r = c.instanceRequirements().get();
        ObjectNode ro = o.putObject("instance_requirements");
        strings(ro, "architecture_types", r.architectureTypes());
        ObjectNode v = ro.putObject("vcpu");
        v.put("min", r.vcpuMin());
        r.vcpuMax().ifPresent(max -> v.put("max", max));
        ObjectNode m = ro.putObject("memory_mib");
        m.put("min", r.memoryMibMin());
        r.memoryMibMax().ifPresent(max -> m.put("max", max));
        strings(ro, "cpu_manufacturers", r.cpuManufacturers());
        ro.put("burstable_performance", r.burstablePerformance());
        strings(ro, "excluded_types", r.excludedTypes());
        // Only when set: the parser reads an absent list as empty, and the environment has 4 KB in all.
        if (!r.allowedTypes().isEmpty()) strings(ro, "allowed_types", r.allowedTypes());
      } else {
        strings(o, "instance_types", c.instanceTypes());
      }
      strings(o, "regions", c.regions());
      ArrayNode caps = o.putArray("target_capacities");
      c.targetCapacities().forEach(caps::add);
      o.put("unit", c.unit().wire());
      o.put("single_az", c.singleAvailabilityZone());
    }
    return root.toString();
  }

  private static void strings(ObjectNode o, String key, List<String> values) {
    ArrayNode a = o.putArray(key);
    values.forEach(a::add);
  }
}
