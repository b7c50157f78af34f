package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks the {@code gpu_monitoring} section. */
final class GpuMonitoringReader {
  // PutMetricData: 1-255 of alphanumerics . - _ / # : and space; "AWS/" is reserved for AWS services.
  private static final Pattern NAMESPACE_FORM = Pattern.compile("[A-Za-z0-9.\\-_/#: ]{1,255}");

  static final Keys KEYS = new Keys("GPU metrics through the CloudWatch agent on running instances, rolled out by SSM"
      + " State Manager, and a GPU dashboard; design notes: [gpu-images.md](gpu-images.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-gpu-monitoring`.");
  static final Key<String> NAMESPACE = KEYS.text("namespace", "CWAgent", "CloudWatch namespace of the agent's metrics and"
      + " of the dashboard queries; 1-255 letters, digits, spaces and `. - _ / # :`, not starting with `AWS/` or `:`.");
  // The agent accepts any whole number of seconds; below 60 publishes high-resolution metrics.
  static final Key<Integer> INTERVAL = KEYS.integer("metrics_collection_interval", 60,
      "Seconds between samples; below 60 publishes high-resolution metrics.").range(1, 86_400);
  static final Key<List<String>> MEASUREMENTS = KEYS.texts("measurements", GpuMonitoringConfig.ALL_MEASUREMENTS,
      "`nvidia_gpu` measurements, published as `nvidia_smi_<name>`; no duplicates.")
      .minItems(1).oneOf(GpuMonitoringConfig.ALL_MEASUREMENTS)
      .note("must include " + String.join(", ", GpuMonitoringConfig.DASHBOARD_MEASUREMENTS) + " (the dashboard reads them)");
  static final Block TARGET_TAG = KEYS.map("target_tag", "Instances with this tag get the agent and its configuration.");
  // State Manager targets are written as Key=tag:<key>,Values=<value>: a comma would split the value.
  static final Key<String> TAG_KEY = TARGET_TAG.keys.text("key", "GpuMonitoring",
      "Tag key; 1-128 letters, digits, spaces and `_ . : / = + - @`, not starting with `aws:`.");
  static final Key<String> TAG_VALUE = TARGET_TAG.keys.text("value", "enabled", "Tag value; 0-256 letters, digits, spaces and `_ . : / = + - @`.");
  static final Key<String> SCHEDULE = KEYS.text("schedule", "rate(1 hour)", "How often State Manager re-applies both"
      + " associations: `rate(<n> minutes|hours|days)` of at least 30 minutes, or a 6-field `cron(...)`.");

  private GpuMonitoringReader() {}

  static GpuMonitoringConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    String namespace = m.get(NAMESPACE);
    int interval = m.get(INTERVAL);
    List<String> measurements = m.get(MEASUREMENTS);
    YamlMap t = m.map(TARGET_TAG);
    String key = t.get(TAG_KEY);
    String value = t.get(TAG_VALUE);
    t.finish();
    String schedule = m.get(SCHEDULE);
    m.finish();
    return new GpuMonitoringConfig(enabled, namespace, interval, measurements, key, value, schedule);
  }

  static void check(GpuMonitoringConfig g, Problems p) {
    if (!g.enabled()) return;
    String base = "gpu_monitoring";
    if (!NAMESPACE_FORM.matcher(g.namespace()).matches() || g.namespace().startsWith("AWS/")
        || g.namespace().startsWith(":")) {
      p.error(base + ".namespace", "\"" + g.namespace() + "\" is not a valid CloudWatch namespace (expected 1-255"
          + " letters, digits, spaces and . - _ / # :, not starting with AWS/ or :)");
    }
    INTERVAL.check(p, base, g.intervalSeconds());
    if (g.measurements().size() < MEASUREMENTS.minItems()) {
      p.error(base + ".measurements", "no measurements (expected at least "
          + String.join(", ", GpuMonitoringConfig.DASHBOARD_MEASUREMENTS) + ")");
    }
    var seen = new LinkedHashSet<String>();
    boolean allKnown = true;
    for (int i = 0; i < g.measurements().size(); i++) {
      String name = g.measurements().get(i);
      String path = base + ".measurements[" + i + "]";
      if (!MEASUREMENTS.choices().contains(name)) {
        String hint = Suggest.closest(name, MEASUREMENTS.choices())
            .map(s -> "did you mean \"" + s + "\"? ").orElse("");
        p.error(path, "\"" + name + "\" is not an nvidia_gpu measurement of the CloudWatch agent (" + hint
            + "expected one of: " + String.join(", ", MEASUREMENTS.choices()) + ")");
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
    // Tag characters exclude the commas and quotes that would split a State Manager target (Key=tag:<key>,Values=<value>).
    Checks.tagKey(p, base + ".target_tag.key", g.tagKey());
    Checks.tagValue(p, base + ".target_tag.value", g.tagValue());
    Schedules.association(p, base + ".schedule", g.schedule());
  }
}
