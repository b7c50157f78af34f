package io.fleetkit.stacks.gpu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.GpuMonitoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudWatch agent configuration of the GPU blog: host metrics plus nvidia_gpu, with the
 * instance dimensions appended and an InstanceId-only aggregate that the dashboard queries.
 */
public final class AgentConfig {
  /** SSM Parameter Store: a Standard parameter holds up to 4 KB, an Advanced one up to 8 KB. */
  public static final int STANDARD_MAX_BYTES = 4 * 1024;
  public static final int ADVANCED_MAX_BYTES = 8 * 1024;
  public static final String STANDARD = "Standard";
  public static final String ADVANCED = "Advanced";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentConfig() {}

  /** The agent configuration as an ordered tree (compact JSON via {@link #json}). */
  public static Map<String, Object> of(GpuMonitoringConfig g) {
    int interval = g.intervalSeconds();
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("metrics_collection_interval", interval);
    agent.put("run_as_user", "cwagent");

    Map<String, Object> collected = new LinkedHashMap<>();
    collected.put("cpu", measure(interval, List.of("cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user",
        "cpu_usage_system"), List.of("*"), Map.of("totalcpu", false)));
    collected.put("disk", measure(interval, List.of("used_percent", "inodes_free"), List.of("*"), Map.of()));
    collected.put("diskio", measure(interval, List.of("io_time"), List.of("*"), Map.of()));
    collected.put("mem", measure(interval, List.of("mem_used_percent"), null, Map.of()));
    collected.put("swap", measure(interval, List.of("swap_used_percent"), null, Map.of()));
    // "nvidia_gpu" is the documented key; the agent maps it to the nvidia_smi plugin, so metrics are
    // named nvidia_smi_<measurement>.
    collected.put("nvidia_gpu", measure(interval, g.measurements(), null, Map.of()));

    Map<String, Object> append = new LinkedHashMap<>();
    append.put("AutoScalingGroupName", "${aws:AutoScalingGroupName}");
    append.put("ImageId", "${aws:ImageId}");
    append.put("InstanceId", "${aws:InstanceId}");
    append.put("InstanceType", "${aws:InstanceType}");

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("namespace", g.namespace());
    metrics.put("append_dimensions", append);
    metrics.put("aggregation_dimensions", List.of(List.of("InstanceId")));
    metrics.put("metrics_collected", collected);

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("agent", agent);
    root.put("metrics", metrics);
    return root;
  }

  private static Map<String, Object> measure(int interval, List<String> measurement, List<String> resources,
      Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measurement", measurement);
    m.put("metrics_collection_interval", interval);
    if (resources != null) m.put("resources", resources);
    m.putAll(extra);
    return m;
  }

  public static String json(GpuMonitoringConfig g) {
    try {
      return JSON.writeValueAsString(of(g));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cheapest tier that holds {@code bytes} (UTF-8), or empty when no SSM parameter can. */
  public static Optional<String> tierFor(int bytes) {
    if (bytes <= STANDARD_MAX_BYTES) return Optional.of(STANDARD);
    if (bytes <= ADVANCED_MAX_BYTES) return Optional.of(ADVANCED);
    return Optional.empty();
  }

  public static int size(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
