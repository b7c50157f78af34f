package io.fleetkit.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code spot_placement_scores} section. */
final class SpotPlacementScoresReader {
  static final String NAME = "spot_placement_scores";
  // The collector's rules (io.fleetkit.functions.spotscores.SpotScoresConfigParser), which it checks again at
  // run time: names become the Configuration dimension; PutMetricData namespaces are 1-255 characters and
  // "AWS/" is reserved for AWS services.
  private static final Pattern CONFIGURATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern NAMESPACE = Pattern.compile("(?!AWS/)[A-Za-z0-9._/#-][A-Za-z0-9 ._/#:-]{0,254}");
  private static final Pattern TOPIC = Pattern.compile("[\\w-]{1,256}");

  static final Keys KEYS = new Keys("A scheduled Java function scores named instance selections with the Spot placement"
      + " score API and publishes the scores, with a dashboard and an alarm; design notes: [spot-scores.md](spot-scores.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-spot-scores`.");
  // Spot placement scores move slowly, and every run asks every configuration again: fleetkit runs at most
  // every 5 minutes (the blog's interval), at least daily.
  static final Key<Integer> SCHEDULE = KEYS.integer("schedule_minutes", 15, "Minutes between collector runs; the"
      + " function's timeout is 2 minutes less, at most 10.").range(5, 1_440);
  static final Key<String> NAMESPACE_KEY = KEYS.text("namespace", "Fleetkit/SpotPlacementScores", "CloudWatch namespace"
      + " of the `Score` and `Outcome` metrics; 1-255 letters, digits, spaces and `. _ / # : -`, not starting with `AWS/`.");
  // GetSpotPlacementScores RegionNames: at most 10 (EC2 API Reference).
  static final Key<List<String>> REGIONS = KEYS.texts("regions", List.of(), "Regions every configuration is scored in,"
      + " all in `project.region`'s partition (in China only `project.region`); absent or empty: `project.region`.")
      .maxItems(10);
  // Each target capacity is one more query per configuration against the budget of 10 (see configurations).
  static final Key<List<String>> TARGET_CAPACITIES = KEYS.texts("target_capacities", List.of("10"), "Target capacities"
      + " in `unit`, each 1 to 2,000,000,000 (the API's range); each is one query per configuration.").items(1, 10);
  // GetSpotPlacementScores TargetCapacityUnitType.
  static final Key<String> UNIT = KEYS.text("unit", "units", "What the target capacities count: instances (`units`),"
      + " vCPUs or MiB of memory.").oneOf(List.of("units", "vcpu", "memory-mib"));
  static final Key<Boolean> TRACK_SPOT_FLEET = KEYS.bool("track_spot_fleet", false, "Also scores the instance selection"
      + " of `spot_fleet` (enabled, with at least 3 instance types or one set of requirements) as configuration"
      + " `<prefix>-spot-fleet`.");
  // "We can limit the number of new request configurations within a 24-hour period" (EC2 User Guide, "Spot
  // placement score", Limitations): fleetkit asks at most 10 distinct queries (configurations x capacities).
  static final Block CONFIGURATIONS = KEYS.list("configurations", "Named instance selections to score; configurations"
      + " times target capacities give at most 10 distinct queries.").maxItems(10);
  static final Key<String> CONFIG_NAME = CONFIGURATIONS.keys.text("name", "", "Unique name, the `Configuration`"
      + " dimension: 1-64 letters, digits and `. _ -`, starting with a letter or digit.")
      .required("", "a configuration name such as web-large");
  // "you must specify at least three different instance types, otherwise Amazon EC2 will return a low Spot
  // placement score" (EC2 User Guide, "Spot placement score", Limitations); InstanceTypes takes up to 1000.
  static final Block TYPES = CONFIGURATIONS.keys.list("instance_types", SpotFleetReader.TYPES.keys, "Distinct"
      + " instance types in the `spot_fleet` schema, without `weight`; exactly one of `instance_types` and"
      + " `instance_requirements`.").items(3, 1_000);
  static final Block REQUIREMENTS = CONFIGURATIONS.keys.map("instance_requirements", SpotFleetReader.REQUIREMENTS.keys,
      "One set of instance attributes in the `spot_fleet` schema, instead of `instance_types`; scored for the"
      + " architecture a fleet of it would boot (arm64 for `amazon-web-services` alone, else x86_64).");
  static final Key<Boolean> SINGLE_AZ = CONFIGURATIONS.keys.bool("single_az", false,
      "`true` scores each Availability Zone (by zone ID) for a single-zone fleet; `false` scores each Region.");
  static final Block ALARM = KEYS.map("alarm", "An alarm per regional configuration, target capacity and Region whose"
      + " score stays below `below`.");
  static final Key<Boolean> ALARM_ENABLED = ALARM.keys.bool("enabled", false, "Creates the alarms.");
  // Scores run from 1 to 10: below 2 is the lowest threshold that can ever be crossed.
  static final Key<Integer> BELOW = ALARM.keys.integer("below", 5, "Alarm when the score is below this.").range(2, 10);
  // An alarm evaluates at most one day of periods (CloudWatch: evaluation periods times period, 86,400 s).
  static final Key<Integer> ALARM_MINUTES = ALARM.keys.integer("minutes", 60, "For this long.").range(5, 1_440)
      .note("a multiple of `schedule_minutes`, at least two of them");
  static final Key<String> TOPIC_ARN = ALARM.keys.text("topic_arn", "An existing SNS topic ARN to notify; without it"
      + " the stack creates a KMS-encrypted topic (output `AlarmTopicArn`) for you to subscribe to.");

  private SpotPlacementScoresReader() {}

  static SpotPlacementScoresConfig read(YamlMap m, Optional<String> projectRegion, Problems p) {
    boolean enabled = m.get(ENABLED);
    int schedule = m.get(SCHEDULE);
    String namespace = m.get(NAMESPACE_KEY);
    List<String> regions = m.get(REGIONS);
    if (regions.isEmpty()) regions = projectRegion.map(List::of).orElse(List.of());
    List<String> capacityTexts = m.get(TARGET_CAPACITIES);
    String capacitiesPath = m.childPath(TARGET_CAPACITIES.name);
    if (enabled && (capacityTexts.isEmpty() || capacityTexts.size() > TARGET_CAPACITIES.maxItems())) {
      p.error(capacitiesPath, capacityTexts.size() + " target capacities (expected 1 to " + TARGET_CAPACITIES.maxItems()
          + ")");
    }
    List<Integer> capacities = new ArrayList<>();
    for (int i = 0; i < capacityTexts.size(); i++) {
      String v = capacityTexts.get(i);
      if (v.matches("\\d{1,10}") && Long.parseLong(v) >= 1 && Long.parseLong(v) <= 2_000_000_000L) {
        capacities.add(Integer.parseInt(v));
      } else if (enabled) {
        p.error(capacitiesPath + "[" + i + "]", "\"" + v
            + "\" is not a target capacity (expected a whole number from 1 to 2000000000)");
      }
    }
    String unit = m.get(UNIT);
    boolean track = m.get(TRACK_SPOT_FLEET);
    var configurations = m.list(CONFIGURATIONS, c -> {
      String name = c.require(CONFIG_NAME, true);
      var types = c.list(TYPES, SpotFleetReader::type);
      YamlMap r = c.map(REQUIREMENTS);
      Optional<SpotFleetConfig.Requirements> requirements = r.present()
          ? Optional.of(SpotFleetReader.requirements(r)) : Optional.empty();
      r.finish();
      return new SpotPlacementScoresConfig.Configuration(name, types, requirements, c.get(SINGLE_AZ));
    });
    YamlMap a = m.map(ALARM);
    var alarm = new SpotPlacementScoresConfig.Alarm(a.get(ALARM_ENABLED), a.get(BELOW), a.get(ALARM_MINUTES),
        a.optional(TOPIC_ARN));
    a.finish();
    m.finish();
    return new SpotPlacementScoresConfig(enabled, schedule, namespace, regions, capacities, unit, track,
        configurations, alarm);
  }

  static void check(SpotPlacementScoresConfig c, Optional<String> projectRegion, String partition, Problems p) {
    if (!c.enabled()) return;
    String base = NAME;
    boolean scheduleOk = SCHEDULE.check(p, base, c.scheduleMinutes());
    if (!NAMESPACE.matcher(c.namespace()).matches()) {
      p.error(base + ".namespace", "\"" + c.namespace() + "\" is not a custom CloudWatch namespace (expected 1-255"
          + " letters, digits, spaces and . _ / # : -, not starting with AWS/)");
    }
    regions(c.regions(), projectRegion, partition, p);
    distinct(p, base + ".target_capacities", c.targetCapacities(), "target capacity");
    UNIT.checkChoice(p, base + ".unit", c.unit());
    if (c.configurations().isEmpty() && !c.trackSpotFleet() && !p.failedWithin(base + ".configurations")) {
      p.error(base + ".configurations", "no configurations and track_spot_fleet is false (expected at least one"
          + " configuration, or track_spot_fleet: true)");
    }
    if (c.configurations().size() > CONFIGURATIONS.maxItems()) {
      p.error(base + ".configurations", c.configurations().size() + " configurations (expected at most "
          + CONFIGURATIONS.maxItems() + ": new request configurations are limited per 24 hours)");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < c.configurations().size(); i++) {
      configuration(p, base + ".configurations[" + i + "]", c.configurations().get(i), names);
    }
    var alarm = c.alarm();
    if (alarm.enabled()) {
      String at = base + ".alarm";
      BELOW.check(p, at, alarm.below());
      if (ALARM_MINUTES.check(p, at, alarm.minutes()) && scheduleOk) {
        if (alarm.minutes() % c.scheduleMinutes() != 0) {
          p.error(at + ".minutes", alarm.minutes() + " is not a multiple of schedule_minutes " + c.scheduleMinutes()
              + " (expected whole collector periods, such as " + c.scheduleMinutes() * Math.max(2,
                  alarm.minutes() / c.scheduleMinutes()) + ")");
        } else if (alarm.minutes() < 2 * c.scheduleMinutes()) {
          // One period holds one run: a run that lands late would leave it empty (INSUFFICIENT_DATA) on its own.
          p.error(at + ".minutes", alarm.minutes() + " is one collector period (expected at least 2 ×"
              + " schedule_minutes = " + 2 * c.scheduleMinutes() + ": one late or failed run must not raise the alarm)");
        }
      }
      alarm.topicArn().ifPresent(arn -> Checks.arn(p, at + ".topic_arn", arn, partition, "sns", TOPIC,
          "an SNS topic ARN (expected arn:<partition>:sns:<region>:<account>:<topic>)"));
    }
  }

  private static void regions(List<String> regions, Optional<String> projectRegion, String partition, Problems p) {
    String at = NAME + ".regions";
    if (regions.isEmpty()) {
      p.error(at, "no Regions (expected 1 to " + REGIONS.maxItems() + " Region names, or project.region to score it alone)");
    } else if (regions.size() > REGIONS.maxItems()) {
      p.error(at, regions.size() + " Regions (expected at most " + REGIONS.maxItems() + ", the API's limit per query)");
    }
    for (int i = 0; i < regions.size(); i++) {
      String r = regions.get(i);
      String path = at + "[" + i + "]";
      if (!Checks.region(p, path, r)) continue;
      if (!Checks.partitionOf(r).equals(partition)) {
        p.error(path, "\"" + r + "\" is in partition " + Checks.partitionOf(r) + " (expected a Region of partition "
            + partition + ", where the collector runs)");
      } else if (partition.equals("aws-cn") && projectRegion.isPresent() && !r.equals(projectRegion.get())) {
        // "Amazon EC2 returns scores only for the Region ... in which the call is made" in the China Regions
        // (EC2 User Guide, "Spot placement score").
        p.error(path, "\"" + r + "\" is not " + projectRegion.get() + " (expected only project.region: in the China"
            + " Regions the API scores only the Region it is called in)");
      }
    }
    distinct(p, at, regions, "Region");
  }

  private static void configuration(Problems p, String at, SpotPlacementScoresConfig.Configuration c, Set<String> names) {
    if (!CONFIGURATION_NAME.matcher(c.name()).matches()) {
      p.error(at + ".name", "\"" + c.name() + "\" is not a configuration name (expected 1-64 letters, digits, . _ or -,"
          + " starting with a letter or digit)");
    } else if (!names.add(c.name())) {
      p.error(at + ".name", "\"" + c.name() + "\" is used twice (expected unique names)");
    }
    boolean types = !c.instanceTypes().isEmpty();
    if (types && c.instanceRequirements().isPresent()) {
      p.error(at + ".instance_requirements", "both instance_types and instance_requirements are set (expected exactly"
          + " one of them)");
    } else if (!types && c.instanceRequirements().isEmpty() && !p.failedWithin(at)) {
      p.error(at, "no instance_types and no instance_requirements (expected exactly one of them: at least "
          + TYPES.minItems() + " instance types, or one set of requirements)");
    }
    if (types && c.instanceTypes().size() < TYPES.minItems() && !p.failedWithin(at + ".instance_types")) {
      p.error(at + ".instance_types", c.instanceTypes().size() + " instance types (expected at least " + TYPES.minItems()
          + " different types: with fewer, EC2 always returns a low score)");
    } else if (c.instanceTypes().size() > TYPES.maxItems()) {
      p.error(at + ".instance_types", c.instanceTypes().size() + " instance types (expected at most " + TYPES.maxItems()
          + ")");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < c.instanceTypes().size(); i++) {
      var t = c.instanceTypes().get(i);
      String item = at + ".instance_types[" + i + "]";
      Checks.instanceType(p, item + ".type", t.type());
      if (!seen.add(t.type())) p.error(item + ".type", "\"" + t.type() + "\" is listed twice (expected distinct types)");
      if (t.weight().isPresent()) {
        p.error(item + ".weight", "a Spot placement score has no weights (expected no weight: the score counts"
            + " instances, vCPUs or memory as unit says)");
      }
    }
    c.instanceRequirements().ifPresent(r -> {
      SpotFleetReader.requirements(p, at + ".instance_requirements", r);
      if (r.cpuManufacturers().contains("amazon-web-services") && r.cpuManufacturers().size() > 1) {
        p.error(at + ".instance_requirements.cpu_manufacturers", "amazon-web-services (arm64) is mixed with x86"
            + " manufacturers (expected one CPU architecture, as one fleet with one image would run)");
      }
    });
  }

  private static <T> void distinct(Problems p, String path, List<T> values, String what) {
    Set<T> seen = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (!seen.add(values.get(i))) {
        p.error(path + "[" + i + "]", "\"" + values.get(i) + "\" is listed twice (expected each " + what + " once)");
      }
    }
  }
}
