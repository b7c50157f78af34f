package io.fleetkit.config;

import java.util.List;

/**
 * GPU monitoring through the CloudWatch agent, rolled out by SSM State Manager (AWS blog "Optimizing
 * GPU utilization for AI/ML workloads on Amazon EC2").
 *
 * @param namespace CloudWatch namespace of the agent's metrics, also read by the dashboard
 * @param intervalSeconds the agent's metrics_collection_interval
 * @param measurements nvidia_gpu measurements to collect (the agent publishes them as nvidia_smi_<name>)
 * @param tagKey instances with this tag key...
 * @param tagValue ...and this value get the agent and its configuration
 * @param schedule how often State Manager re-applies both associations: rate(...) or a 6-field cron(...)
 */
public record GpuMonitoringConfig(
    boolean enabled,
    String namespace,
    int intervalSeconds,
    List<String> measurements,
    String tagKey,
    String tagValue,
    String schedule) {

  /**
   * Every nvidia_gpu measurement the CloudWatch agent documents ("Collect NVIDIA GPU metrics" in the
   * CloudWatch user guide). They are the fields of Telegraf's nvidia_smi input, which the agent embeds
   * (github.com/influxdata/telegraf, plugins/inputs/nvidia_smi/README.md, "Metrics").
   */
  public static final List<String> ALL_MEASUREMENTS = List.of(
      "utilization_gpu", "utilization_memory", "memory_total", "memory_used", "memory_free",
      "temperature_gpu", "power_draw", "fan_speed", "pcie_link_gen_current", "pcie_link_width_current",
      "encoder_stats_session_count", "encoder_stats_average_fps", "encoder_stats_average_latency",
      "clocks_current_graphics", "clocks_current_sm", "clocks_current_memory", "clocks_current_video");

  /** The measurements the dashboard's four widgets read. */
  public static final List<String> DASHBOARD_MEASUREMENTS = List.of("utilization_gpu", "memory_used", "memory_total");

  public GpuMonitoringConfig {
    measurements = List.copyOf(measurements);
  }

  /** The section as an absent one reads: every key at its declared default. */
  public static GpuMonitoringConfig disabled() {
    return new GpuMonitoringConfig(false, GpuMonitoringReader.NAMESPACE.defaultValue(),
        GpuMonitoringReader.INTERVAL.defaultValue(), GpuMonitoringReader.MEASUREMENTS.defaultValue(),
        GpuMonitoringReader.TAG_KEY.defaultValue(), GpuMonitoringReader.TAG_VALUE.defaultValue(),
        GpuMonitoringReader.SCHEDULE.defaultValue());
  }
}
