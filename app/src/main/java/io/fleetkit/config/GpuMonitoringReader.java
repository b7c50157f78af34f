package io.fleetkit.config;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks the {@code gpu_monitoring} section. */
final class GpuMonitoringReader {
  // PutMetricData: 1-255 of alphanumerics . - _ / # : and space; "AWS/" is reserved for AWS services.
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#: ]{1,255}");

  private GpuMonitoringReader() {}

  static GpuMonitoringConfig read(YamlMap m) {
    GpuMonitoringConfig d = GpuMonitoringConfig.disabled();
    boolean enabled = m.bool("enabled", false);
    String namespace = m.string("namespace", d.namespace());
    int interval = m.integer("metrics_collection_interval", d.intervalSeconds());
    List<String> measurements = m.strings("measurements", d.measurements());
    YamlMap t = m.map("target_tag");
    String key = t.string("key", d.tagKey());
    String value = t.string("value", d.tagValue());
    t.finish();
    String schedule = m.string("schedule", d.schedule());
    m.finish();
    return new GpuMonitoringConfig(enabled, namespace, interval, measurements, key, value, schedule);
  }

  static void check(GpuMonitoringConfig g, Problems p) {
    if (!g.enabled()) return;
    String base = "gpu_monitoring";
    if (!NAMESPACE.matcher(g.namespace()).matches() || g.namespace().startsWith("AWS/")
        || g.namespace().startsWith(":")) {
      p.error(base + ".namespace", "\"" + g.namespace() + "\" is not a valid CloudWatch namespace (expected 1-255"
          + " letters, digits, spaces and . - _ / # :, not starting with AWS/ or :)");
    }
    // The agent accepts any whole number of seconds; below 60 publishes high-resolution metrics.
    Checks.range(p, base + ".metrics_collection_interval", g.intervalSeconds(), 1, 86_400);
    if (g.measurements().isEmpty()) {
      p.error(base + ".measurements", "no measurements (expected at least "
          + String.join(", ", GpuMonitoringConfig.DASHBOARD_MEASUREMENTS) + ")");
    }
    var seen = new HashSet<String>();
    boolean allKnown = true;
    for (int i = 0; i < g.measurements().size(); i++) {
      String name = g.measurements().get(i);
      String path = base + ".measurements[" + i + "]";
      if (!GpuMonitoringConfig.ALL_MEASUREMENTS.contains(name)) {
        String hint = Suggest.closest(name, GpuMonitoringConfig.ALL_MEASUREMENTS)
            .map(s -> "did you mean \"" + s + "\"? ").orElse("");
        p.error(path, "\"" + name + "\" is not an nvidia_gpu measurement of the CloudWatch agent (" + hint
            + "expected one of: " + String.join(", ", GpuMonitoringConfig.ALL_MEASUREMENTS) + ")");
        allKnown = false;
      } else if (!seen.add(name)) {
        p.error(path, "\"" + name + "\" is listed twice (expected each measurement once)");
      }
    }
    if (allKnown && !g.measurements().isEmpty()) {
      for (String needed : GpuMonitoringConfig.DASHBOARD_MEASUREMENTS) {
        if (!g.measurements().contains(needed)) {
          p.error(base + ".measurements", "\"" + needed + "\" is missing (the dashboard needs "
              + String.join(", ", GpuMonitoringConfig.DASHBOARD_MEASUREMENTS) + ")");
        }
      }
    }
    tag(p, base + ".target_tag.key", g.tagKey(), 128, true);
    tag(p, base + ".target_tag.value", g.tagValue(), 256, false);
    Schedules.association(p, base + ".schedule", g.schedule());
  }

  private static void tag(Problems p, String path, String v, int max, boolean key) {
    // State Manager targets are written as Key=tag:<key>,Values=<value>: a comma would split the value.
    if (v.isEmpty() && key || v.length() > max || v.contains(",") || v.contains("'") || key && v.startsWith("aws:")) {
      p.error(path, "\"" + v + "\" is not a usable tag " + (key ? "key" : "value") + " (expected " + (key ? "1" : "0")
          + "-" + max + " characters without commas or quotes" + (key ? ", not starting with aws:" : "") + ")");
    }
  }
}
