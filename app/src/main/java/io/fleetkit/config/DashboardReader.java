package io.fleetkit.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and checks the {@code dashboard} section. */
final class DashboardReader {
  // PutDashboard: names up to 255 characters of A-Z, a-z, 0-9, "-" and "_".
  private static final Pattern DASHBOARD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,240}");
  // A negative ISO-8601 duration, as the dashboard body's "start" accepts (such as -PT3H, -P7D).
  private static final Pattern START_FORM = Pattern.compile("-P(?=\\d|T\\d)(\\d+[YMWD])*(T(\\d+[HMS])+)?");
  // CodeCommit repository names: up to 100 of letters, digits, ".", "_" and "-".
  private static final Pattern REPOSITORY_FORM = Pattern.compile("[\\w.-]{1,100}");
  // An address SNS can deliver to: one @, a dotted domain, no spaces (SNS Subscribe, protocol email).
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}");
  // SNS topic names: up to 256 letters, digits, hyphens and underscores (CreateTopic).
  private static final Pattern TOPIC = Pattern.compile("[\\w-]{1,256}");

  static final Keys KEYS = new Keys("CloudWatch dashboards for every resource that carries a tag, and the Outposts of the"
      + " Region, built from the `discover` snapshot; design notes: [dashboard.md](dashboard.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false,
      "Creates `<prefix>-dashboard` (and `<prefix>-dashboard-2`, `-3`, ... when the dashboards do not fit in one stack).");
  static final Key<String> TAG_NAME = KEYS.text("tag_name", "", "Tag key that marks resources; 1-128 letters, digits,"
      + " spaces and `_ . : / = + - @`, not starting with `aws:`.")
      .required("when enabled", "the tag key that marks resources, such as Dashboard");
  static final Key<List<String>> TAG_VALUES = KEYS.texts("tag_values", List.of(),
      "Any of these values selects a resource; each 0-256 letters,"
      + " digits, spaces and `_ . : / = + - @`, no duplicates.").required("when enabled");
  static final Key<String> NAME = KEYS.text("name", "Dashboard name; further dashboards are `<name>-2`, `<name>-3`, ...;"
      + " 1-240 letters, digits, `-` and `_`.").computed("`<prefix>-outposts`");
  static final Key<String> SNAPSHOT = KEYS.text("snapshot", DashboardConfig.DEFAULT_SNAPSHOT, "Snapshot that `discover` writes and"
      + " synth reads, relative to the working directory; synth fails when it is missing or was discovered for another tag,"
      + " Region, account or partition. Commit it and point this key at it for the same dashboards on every machine.");
  static final Key<String> START = KEYS.text("start", DashboardConfig.DEFAULT_START,
      "Default time range: a negative ISO-8601 duration, such as `-PT3H` or `-P7D`.");
  static final Key<String> PERIOD_OVERRIDE = KEYS.text("period_override", "auto",
      "`auto`: graph periods adapt to the time range; `inherit`: each graph keeps its period.").oneOf(DashboardConfig.PERIOD_OVERRIDES);

  // CloudWatch User Guide, "CloudWatch service quotas": up to 500 metrics per graph widget and 2,500 per
  // dashboard, math inputs included; "Dashboard body structure": 0 to 500 widgets. AWS has changed such
  // quotas before, so they are config; the defaults are the quotas and also the highest values accepted.
  // Two is the least that holds a block header and one widget.
  static final Block LIMITS = KEYS.map("limits", "CloudWatch dashboard quotas; content beyond them goes to further dashboards.");
  static final Key<Integer> WIDGETS_PER_DASHBOARD = LIMITS.keys.integer("widgets_per_dashboard", 500,
      "Most widgets on one dashboard (CloudWatch quota: 500).").range(2, 500);
  static final Key<Integer> METRICS_PER_WIDGET = LIMITS.keys.integer("metrics_per_widget", 500,
      "Most metrics in one graph, math inputs included (CloudWatch quota: 500 per graph widget).").range(2, 500);
  static final Key<Integer> METRICS_PER_DASHBOARD = LIMITS.keys.integer("metrics_per_dashboard", 2_500,
      "Most metrics on one dashboard, math inputs included (CloudWatch quota: 2,500).").range(2, 2_500)
      .note("at least `metrics_per_widget`");

  // Alarms (Outposts rack user guide, "CloudWatch metrics for Outposts racks": alarm on ConnectedStatus; S3 user
  // guide: alarm on S3 on Outposts capacity). PutMetricAlarm: EvaluationPeriods x Period may not pass one day
  // (86,400 s), so at most 1,440 one-minute or 288 five-minute datapoints.
  static final Block ALARMS = KEYS.map("alarms", "CloudWatch alarms on the Outposts of the snapshot, deployed in the"
      + " dashboard stacks, with an alarm status row on every dashboard; they notify an SNS topic.");
  static final Key<Boolean> ALARMS_ENABLED = ALARMS.keys.bool("enabled", false,
      "Creates the alarms and, without `topic_arn`, `<prefix>-alarm-topic` (an encrypted SNS topic `<prefix>-alarms`).");
  static final Key<Integer> SERVICE_LINK_DATAPOINTS = ALARMS.keys.integer("service_link_datapoints", 5,
      "Consecutive 1-minute `ConnectedStatus` datapoints below 1, or missing, before the service-link alarm fires.")
      .range(1, 1_440);
  static final Key<Integer> CAPACITY_DATAPOINTS = ALARMS.keys.integer("capacity_datapoints", 3,
      "Consecutive 5-minute datapoints above a capacity threshold before its alarm fires.").range(1, 288);
  static final Key<Integer> EC2_PERCENT = ALARMS.keys.integer("ec2_utilization_percent", 90,
      "Per Outpost and instance type: alarm above this utilization (100 minus `InstanceTypeCapacityAvailability`).").range(0, 100);
  static final Key<Integer> EBS_PERCENT = ALARMS.keys.integer("ebs_utilization_percent", 85,
      "Per Outpost and EBS volume type: alarm above this `EBSVolumeTypeCapacityUtilization`.").range(0, 100);
  static final Key<Integer> S3_PERCENT = ALARMS.keys.integer("s3_utilization_percent", 85,
      "Per Outpost: alarm above this share of S3 on Outposts capacity in use.").range(0, 100);
  static final Key<String> TOPIC_ARN = ALARMS.keys.text("topic_arn", "An existing SNS topic in the stacks' partition and"
      + " Region that the alarms notify; its policy must let `cloudwatch.amazonaws.com` publish.")
      .computed("the topic `<prefix>-alarm-topic` creates");
  // Every subscription is a resource of <prefix>-alarm-topic, which holds at most 500.
  static final Key<List<String>> EMAILS = ALARMS.keys.texts("emails", List.of(),
      "Addresses subscribed to the topic fleetkit creates (not with `topic_arn`); each must confirm by email.").maxItems(100);

  // A run of 10,000 resources takes about 10 s (docs/discovery.md, Benchmarks); 5 minutes leaves room for throttling,
  // and a hung service can no longer hold a pipeline's build for its own 60-minute timeout.
  static final Key<Integer> DISCOVER_DEADLINE = KEYS.integer("discover_deadline_seconds", 300, "How long `bin/fleetkit"
      + " discover` may run in all; past it, it stops with exit 1 and writes nothing (`--deadline` overrides).").range(10, 3_600);

  static final Block PIPELINE = KEYS.map("pipeline", "The refresh pipeline: tag or EC2 state changes start CodePipeline,"
      + " whose build runs `discover` and deploys the dashboard stacks.");
  static final Key<Boolean> PIPELINE_ENABLED = PIPELINE.keys.bool("enabled", "Creates `<prefix>-dashboard-refresh`.")
      .computed("`true` when `pipeline` is present");
  static final Key<String> SOURCE = PIPELINE.keys.text("source", "s3",
      "Where the pipeline gets this app from; CodeCommit is closed to new customers, so S3 is the default.")
      .oneOf(DashboardConfig.Pipeline.SOURCES);
  static final Key<String> SOURCE_OBJECT_KEY = PIPELINE.keys.text("source_object_key", "fleetkit/source.zip",
      "With `s3`: object key of the zipped app in the stack's `Source` bucket; ends in `.zip`.");
  static final Key<String> REPOSITORY = PIPELINE.keys.text("repository", "",
      "With `codecommit`: an existing CodeCommit repository name (fleetkit does not create one).")
      .required("when `source` is `codecommit`");
  static final Key<String> BRANCH = PIPELINE.keys.text("branch", "main", "With `codecommit`: the branch.");
  static final Key<String> CONFIG_FILE = PIPELINE.keys.text("config_file", "config.yaml",
      "Config file inside the source that the build synthesizes with.");
  static final Key<String> BOOTSTRAP_QUALIFIER = PIPELINE.keys.text("bootstrap_qualifier", DashboardConfig.Pipeline.DEFAULT_QUALIFIER,
      "CDK bootstrap qualifier of the dashboard stacks' `CliCredentialsStackSynthesizer`: their templates go to"
      + " `cdk-<qualifier>-assets-<account>-<region>`; " + Checks.BOOTSTRAP_QUALIFIER_RULE + ".");

  private DashboardReader() {}

  static DashboardConfig read(YamlMap m, String prefix) {
    boolean enabled = m.get(ENABLED);
    String tagName = m.require(TAG_NAME, enabled);
    List<String> tagValues = m.get(TAG_VALUES);
    String name = m.get(NAME, prefix + "-outposts");
    String snapshot = m.get(SNAPSHOT);
    String start = m.get(START);
    String periodOverride = m.get(PERIOD_OVERRIDE);

    YamlMap l = m.map(LIMITS);
    var limits = new DashboardConfig.Limits(l.get(WIDGETS_PER_DASHBOARD), l.get(METRICS_PER_WIDGET), l.get(METRICS_PER_DASHBOARD));
    l.finish();

    YamlMap a = m.map(ALARMS);
    var alarms = new DashboardConfig.Alarms(a.get(ALARMS_ENABLED), a.get(SERVICE_LINK_DATAPOINTS), a.get(CAPACITY_DATAPOINTS),
        a.get(EC2_PERCENT), a.get(EBS_PERCENT), a.get(S3_PERCENT), a.optional(TOPIC_ARN), a.get(EMAILS));
    a.finish();

    YamlMap p = m.map(PIPELINE);
    var pipeline = new DashboardConfig.Pipeline(
        p.get(PIPELINE_ENABLED, p.present()),
        p.get(SOURCE),
        p.get(SOURCE_OBJECT_KEY),
        p.get(REPOSITORY),
        p.get(BRANCH),
        p.get(CONFIG_FILE),
        p.get(BOOTSTRAP_QUALIFIER));
    p.finish();
    int deadline = m.get(DISCOVER_DEADLINE);
    m.finish();
    return new DashboardConfig(enabled, tagName, tagValues, name, snapshot, start, periodOverride, limits, alarms,
        pipeline, deadline);
  }

  static void check(DashboardConfig d, Optional<String> region, String partition, Problems p) {
    String base = "dashboard";
    // discover reads the section whether or not the dashboards are enabled.
    DISCOVER_DEADLINE.check(p, base, d.discoverDeadlineSeconds());
    if (!d.enabled()) return;
    String key = d.tagName();
    if (!key.isEmpty()) Checks.tagKey(p, base + ".tag_name", key);
    if (d.tagValues().isEmpty()) {
      p.error(base + ".tag_values", "no tag values (expected at least one value of " + (key.isEmpty() ? "the tag" : key) + ")");
    }
    for (int i = 0; i < d.tagValues().size(); i++) {
      String v = d.tagValues().get(i);
      if (!Checks.tagValue(p, base + ".tag_values[" + i + "]", v)) continue;
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
    if (!START_FORM.matcher(d.start()).matches()) {
      p.error(base + ".start", "\"" + d.start() + "\" is not a relative start time (expected a negative ISO-8601 duration such as -PT24H or -P7D)");
    }
    PERIOD_OVERRIDE.checkChoice(p, base + ".period_override", d.periodOverride());
    var l = d.limits();
    String lp = base + ".limits";
    WIDGETS_PER_DASHBOARD.check(p, lp, l.widgetsPerDashboard());
    METRICS_PER_WIDGET.check(p, lp, l.metricsPerWidget());
    if (METRICS_PER_DASHBOARD.check(p, lp, l.metricsPerDashboard()) && l.metricsPerDashboard() < l.metricsPerWidget()) {
      p.error(METRICS_PER_DASHBOARD.at(lp), l.metricsPerDashboard() + " is less than metrics_per_widget "
          + l.metricsPerWidget() + " (expected at least as many metrics per dashboard as per widget)");
    }
    checkAlarms(d.alarms(), region, partition, p);
    var pl = d.pipeline();
    if (!pl.enabled()) return;
    String pp = base + ".pipeline.";
    if (SOURCE.checkChoice(p, pp + "source", pl.source())) {
      if (pl.source().equals("codecommit") && !REPOSITORY_FORM.matcher(pl.repository()).matches()) {
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
    Checks.bootstrapQualifier(p, pp + "bootstrap_qualifier", pl.bootstrapQualifier());
  }

  private static void checkAlarms(DashboardConfig.Alarms a, Optional<String> region, String partition, Problems p) {
    if (!a.enabled()) return;
    String ap = "dashboard.alarms";
    SERVICE_LINK_DATAPOINTS.check(p, ap, a.serviceLinkDatapoints());
    CAPACITY_DATAPOINTS.check(p, ap, a.capacityDatapoints());
    EC2_PERCENT.check(p, ap, a.ec2UtilizationPercent());
    EBS_PERCENT.check(p, ap, a.ebsUtilizationPercent());
    S3_PERCENT.check(p, ap, a.s3UtilizationPercent());
    a.topicArn().ifPresent(arn -> {
      boolean ok = Checks.arn(p, ap + ".topic_arn", arn, partition, "sns", TOPIC,
          "an SNS topic ARN (expected arn:<partition>:sns:<region>:<account>:<topic>)");
      String arnRegion = arn.split(":", 6)[3];
      // Alarm actions notify a topic in the alarm's own Region (CloudWatch User Guide, "Using Amazon CloudWatch alarms").
      if (ok && region.isPresent() && !region.get().equals(arnRegion)) {
        p.error(ap + ".topic_arn", "\"" + arn + "\" is in Region " + arnRegion + " (expected a topic in "
            + region.get() + ", the Region of the alarms)");
      }
    });
    for (int i = 0; i < a.emails().size(); i++) {
      String e = a.emails().get(i);
      if (!EMAIL.matcher(e).matches()) {
        p.error(ap + ".emails[" + i + "]", "\"" + e + "\" is not an email address (expected an address such as ops@example.com)");
      } else if (a.emails().subList(0, i).contains(e)) {
        p.error(ap + ".emails[" + i + "]", "\"" + e + "\" is listed twice (expected each address once)");
      }
    }
    if (a.emails().size() > EMAILS.maxItems()) {
      p.error(ap + ".emails", a.emails().size() + " addresses (expected at most " + EMAILS.maxItems() + ")");
    }
    if (a.topicArn().isPresent() && !a.emails().isEmpty()) {
      p.error(ap + ".emails", a.emails().size() + " address(es) with topic_arn (expected either topic_arn, whose"
          + " subscriptions you manage, or emails for the topic fleetkit creates)");
    }
  }
}
