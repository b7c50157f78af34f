package io.fleetkit.stacks.gpu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU blog's dashboard: core utilization per instance (Metrics Insights), its average as a
 * gauge, GPU memory % (SEARCH and math) beside RAM %, and GPU memory % as a gauge. Every query reads
 * the InstanceId-only aggregate that the agent's aggregation_dimensions publishes.
 */
public final class GpuDashboard {
  public static final String REGION_PLACEHOLDER = "${AWS::Region}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PERIOD = 60;

  private GpuDashboard() {}

  /** The dashboard body; {@code region} may be {@link #REGION_PLACEHOLDER} for Fn::Sub. */
  public static String body(String namespace, String region) {
    String ns = "\"" + namespace + "\"";
    String gpuCore = "SELECT AVG(nvidia_smi_utilization_gpu) FROM SCHEMA(" + ns + ", InstanceId)";
    List<Object> widgets = new ArrayList<>();
    widgets.add(widget(0, 0, "timeSeries", "GPU core utilization by instance (%)", region, List.of(
        List.of(expr("q1", gpuCore + " GROUP BY InstanceId", null, true))), false));
    widgets.add(widget(12, 0, "gauge", "Average GPU core utilization (%)", region, List.of(
        List.of(expr("q1", gpuCore, "GPU core", true))), true));
    widgets.add(widget(0, 6, "timeSeries", "Average GPU memory and RAM used (%)", region, memory(ns, true), false));
    widgets.add(widget(12, 6, "gauge", "GPU memory utilization (%)", region, memory(ns, false), true));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("widgets", widgets);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Object> memory(String ns, boolean withRam) {
    List<Object> rows = new ArrayList<>();
    rows.add(List.of(expr("used", search(ns, "nvidia_smi_memory_used"), null, false)));
    rows.add(List.of(expr("total", search(ns, "nvidia_smi_memory_total"), null, false)));
    rows.add(List.of(expr("gpumem", "100 * SUM(used) / SUM(total)", "GPU memory used", true)));
    if (withRam) rows.add(List.of(expr("ram", "AVG(" + search(ns, "mem_used_percent") + ")", "RAM used", true)));
    return rows;
  }

  private static String search(String ns, String metric) {
    return "SEARCH('{" + ns + ",InstanceId} MetricName=\"" + metric + "\"', 'Average', " + PERIOD + ")";
  }

  private static Map<String, Object> expr(String id, String expression, String label, boolean visible) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("expression", expression);
    m.put("id", id);
    if (label != null) m.put("label", label);
    if (!visible) m.put("visible", false);
    return m;
  }

  private static Map<String, Object> widget(int x, int y, String view, String title, String region, List<Object> metrics,
      boolean wholeRange) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("title", title);
    props.put("view", view);
    props.put("region", region);
    props.put("stat", "Average");
    props.put("period", PERIOD);
    props.put("metrics", metrics);
    // Gauges need a fixed range; percentages run from 0 to 100.
    Map<String, Object> left = new LinkedHashMap<>();
    left.put("min", 0);
    left.put("max", 100);
    props.put("yAxis", Map.of("left", left));
    if (wholeRange) props.put("setPeriodToTimeRange", true);
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("type", "metric");
    w.put("x", x);
    w.put("y", y);
    w.put("width", 12);
    w.put("height", 6);
    w.put("properties", props);
    return w;
  }
}
