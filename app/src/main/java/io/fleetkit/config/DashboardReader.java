package io.fleetkit.config;

import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks the {@code dashboard} section. */
final class DashboardReader {
  // PutDashboard: names up to 255 characters of A-Z, a-z, 0-9, "-" and "_".
  private static final Pattern DASHBOARD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,240}");
  // A negative ISO-8601 duration, as the dashboard body's "start" accepts (such as -PT3H, -P7D).
  private static final Pattern START = Pattern.compile("-P(?=\\d|T\\d)(\\d+[YMWD])*(T(\\d+[HMS])+)?");
  // CodeCommit repository names: up to 100 of letters, digits, ".", "_" and "-".
  private static final Pattern REPOSITORY = Pattern.compile("[\\w.-]{1,100}");
  // cdk bootstrap --qualifier: 9 lowercase letters and digits by default; up to 10 allowed.
  private static final Pattern QUALIFIER = Pattern.compile("[a-z0-9]{1,10}");

  private DashboardReader() {}

  static DashboardConfig read(YamlMap m, String prefix) {
    boolean enabled = m.bool("enabled", false);
    String tagName = enabled ? m.requiredString("tag_name", "the tag key that marks resources, such as Dashboard")
        : m.string("tag_name", "");
    List<String> tagValues = m.strings("tag_values", List.of());
    String name = m.string("name", prefix + "-outposts");
    String snapshot = m.string("snapshot", DashboardConfig.DEFAULT_SNAPSHOT);
    String start = m.string("start", DashboardConfig.DEFAULT_START);
    String periodOverride = m.string("period_override", "auto");

    YamlMap l = m.map("limits");
    var limits = new DashboardConfig.Limits(
        l.integer("widgets_per_dashboard", DashboardConfig.Limits.DEFAULT_WIDGETS_PER_DASHBOARD),
        l.integer("metrics_per_widget", DashboardConfig.Limits.DEFAULT_METRICS_PER_WIDGET),
        l.integer("metrics_per_dashboard", DashboardConfig.Limits.DEFAULT_METRICS_PER_DASHBOARD));
    l.finish();

    YamlMap p = m.map("pipeline");
    var pipeline = new DashboardConfig.Pipeline(
        p.bool("enabled", p.present()),
        p.string("source", "s3"),
        p.string("source_object_key", "fleetkit/source.zip"),
        p.string("repository", ""),
        p.string("branch", "main"),
        p.string("config_file", "config.yaml"),
        p.string("bootstrap_qualifier", DashboardConfig.Pipeline.DEFAULT_QUALIFIER));
    p.finish();
    m.finish();
    return new DashboardConfig(enabled, tagName, tagValues, name, snapshot, start, periodOverride, limits, pipeline);
  }

  static void check(DashboardConfig d, Problems p) {
    if (!d.enabled()) return;
    String base = "dashboard";
    String key = d.tagName();
    if (!key.isEmpty() && (key.length() > 128 || key.startsWith("aws:"))) {
      p.error(base + ".tag_name", "\"" + key + "\" is not a usable tag key (expected 1-128 characters, not starting with aws:)");
    }
    if (d.tagValues().isEmpty()) {
      p.error(base + ".tag_values", "no tag values (expected at least one value of " + (key.isEmpty() ? "the tag" : key) + ")");
    }
    for (int i = 0; i < d.tagValues().size(); i++) {
      String v = d.tagValues().get(i);
      if (v.length() > 256) {
        p.error(base + ".tag_values[" + i + "]", "the value is " + v.length() + " characters (expected at most 256)");
      }
      if (d.tagValues().subList(0, i).contains(v)) {
        p.error(base + ".tag_values[" + i + "]", "\"" + v + "\" is listed twice (expected each value once)");
      }
    }
    if (!DASHBOARD_NAME.matcher(d.name()).matches()) {
      p.error(base + ".name", "\"" + d.name() + "\" is not a usable dashboard name (expected 1-240 letters, digits, - and _;"
          + " 15 characters stay free for the -<n> suffix)");
    }
    if (d.snapshot().isBlank()) {
      p.error(base + ".snapshot", "the path is empty (expected a file path such as " + DashboardConfig.DEFAULT_SNAPSHOT + ")");
    }
    if (!START.matcher(d.start()).matches()) {
      p.error(base + ".start", "\"" + d.start() + "\" is not a relative start time (expected a negative ISO-8601 duration such as -PT24H or -P7D)");
    }
    Checks.oneOf(p, base + ".period_override", d.periodOverride(), DashboardConfig.PERIOD_OVERRIDES);
    var l = d.limits();
    String lp = base + ".limits.";
    // Two widgets is the least that can hold a section header and one widget. Lower values than the
    // CloudWatch quotas are allowed, higher ones are not: CloudWatch User Guide, "CloudWatch service
    // quotas": up to 500 widgets per dashboard, 500 metrics per graph widget, 2,500 metrics per dashboard.
    Checks.range(p, lp + "widgets_per_dashboard", l.widgetsPerDashboard(), 2,
        DashboardConfig.Limits.DEFAULT_WIDGETS_PER_DASHBOARD);
    Checks.range(p, lp + "metrics_per_widget", l.metricsPerWidget(), 2, DashboardConfig.Limits.DEFAULT_METRICS_PER_WIDGET);
    if (Checks.range(p, lp + "metrics_per_dashboard", l.metricsPerDashboard(), 2,
        DashboardConfig.Limits.DEFAULT_METRICS_PER_DASHBOARD)
        && l.metricsPerDashboard() < l.metricsPerWidget()) {
      p.error(lp + "metrics_per_dashboard", l.metricsPerDashboard() + " is less than metrics_per_widget "
          + l.metricsPerWidget() + " (expected at least as many metrics per dashboard as per widget)");
    }
    var pl = d.pipeline();
    if (!pl.enabled()) return;
    String pp = base + ".pipeline.";
    if (Checks.oneOf(p, pp + "source", pl.source(), DashboardConfig.Pipeline.SOURCES)) {
      if (pl.source().equals("codecommit") && !REPOSITORY.matcher(pl.repository()).matches()) {
        p.error(pp + "repository", (pl.repository().isEmpty() ? "missing" : "\"" + pl.repository() + "\" is not a repository name")
            + " (expected the name of an existing CodeCommit repository when source is codecommit)");
      }
      if (pl.source().equals("s3") && (pl.sourceObjectKey().isBlank() || !pl.sourceObjectKey().endsWith(".zip"))) {
        p.error(pp + "source_object_key", "\"" + pl.sourceObjectKey() + "\" is not a zip object key (expected a key such as fleetkit/source.zip)");
      }
    }
    if (pl.configFile().isBlank()) {
      p.error(pp + "config_file", "the path is empty (expected the config file inside the source, such as config.yaml)");
    }
    if (!QUALIFIER.matcher(pl.bootstrapQualifier()).matches()) {
      p.error(pp + "bootstrap_qualifier", "\"" + pl.bootstrapQualifier()
          + "\" is not a CDK bootstrap qualifier (expected up to 10 lowercase letters and digits, such as hnb659fds)");
    }
  }
}
