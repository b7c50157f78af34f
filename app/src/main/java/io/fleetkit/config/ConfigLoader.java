package io.fleetkit.config;

import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads config.yaml in two layers: structure (keys, types, required fields) and then meaning
 * (IDs, ARNs, CIDRs, limits). All errors of both layers are thrown together.
 */
public final class ConfigLoader {
  public static final String DEFAULT_PREFIX = "fleetkit";

  private ConfigLoader() {}

  public static FleetkitConfig load(Path path) {
    Problems problems = new Problems(path.toString());
    Node root = YamlSource.read(path, problems);
    problems.throwIfAny();
    return fromTree(root, problems);
  }

  /** For tests and tools: loads text as if it were the file {@code name}. */
  public static FleetkitConfig parse(String name, String text) {
    Problems problems = new Problems(name);
    Node root = YamlSource.parse(text, problems);
    problems.throwIfAny();
    return fromTree(root, problems);
  }

  private static FleetkitConfig fromTree(Node root, Problems problems) {
    YamlMap top = YamlMap.root(root, problems);
    if (!top.has("project")) top.missing("project", "a mapping with at least \"prefix\"");
    ProjectConfig project = readProject(top.map("project"));
    String partition = project.region().map(Checks::partitionOf).orElse("aws");
    GuardrailsConfig guardrails = GuardrailsReader.read(top.map("guardrails"), partition);
    DashboardConfig dashboard = DashboardReader.read(top.map("dashboard"), project.prefix());
    GpuMonitoringConfig gpuMonitoring = GpuMonitoringReader.read(top.map("gpu_monitoring"));
    ImagePipelinesConfig imagePipelines = ImagePipelinesReader.read(top.map("image_pipelines"));
    CapacityReservationConfig capacityReservation = CapacityReservationReader.read(top.map("capacity_reservation"), problems);
    SpotFleetConfig spotFleet = SpotFleetReader.read(top.map("spot_fleet"), problems);
    LocalZoneConfig localZone = LocalZoneReader.read(top.map("local_zone"));
    top.finish();
    checkProject(project, problems);
    GuardrailsReader.check(guardrails, problems);
    DashboardReader.check(dashboard, problems);
    GpuMonitoringReader.check(gpuMonitoring, problems);
    ImagePipelinesReader.check(imagePipelines, problems);
    CapacityReservationReader.check(capacityReservation, project.region(), partition, problems);
    SpotFleetReader.check(spotFleet, project.region(), problems);
    LocalZoneReader.check(localZone, project.region(), problems);
    problems.throwIfAny();
    return new FleetkitConfig(project, guardrails, dashboard, gpuMonitoring, imagePipelines, capacityReservation,
        spotFleet, localZone, problems.sourceMap());
  }

  private static ProjectConfig readProject(YamlMap m) {
    String prefix = m.string("prefix", DEFAULT_PREFIX);
    Optional<String> account = m.optionalString("account");
    Optional<String> region = m.optionalString("region");
    var tags = m.stringMap("tags");
    YamlMap l = m.map("limits");
    var limits = new ProjectConfig.Limits(
        l.integer("scp_max_chars", ProjectConfig.Limits.DEFAULT_SCP_MAX_CHARS),
        l.integer("scps_per_target", ProjectConfig.Limits.DEFAULT_SCPS_PER_TARGET));
    l.finish();
    m.finish();
    return new ProjectConfig(prefix, account, region, tags, limits);
  }

  private static void checkProject(ProjectConfig p, Problems problems) {
    // Stack names allow [A-Za-z0-9-]; the longest area suffix is 24 characters and names stop at 128.
    if (!p.prefix().matches("[a-z][a-z0-9-]{0,39}") || p.prefix().endsWith("-")) {
      problems.error("project.prefix", "\"" + p.prefix()
          + "\" is not a valid prefix (expected 1-40 lowercase letters, digits and inner hyphens, starting with a letter)");
    }
    p.account().ifPresent(a -> Checks.accountId(problems, "project.account", a));
    p.region().ifPresent(r -> Checks.region(problems, "project.region", r));
    p.tags().forEach((k, v) -> {
      if (k.length() > 128 || k.startsWith("aws:")) {
        problems.error("project.tags." + k, "\"" + k + "\" is not a usable tag key (expected at most 128 characters, not starting with aws:)");
      }
      if (v.length() > 256) {
        problems.error("project.tags." + k, "the value is " + v.length() + " characters (expected at most 256)");
      }
    });
    // 10,240 is the newest documented SCP size; 1,000 leaves room for one statement.
    Checks.range(problems, "project.limits.scp_max_chars", p.limits().scpMaxChars(), 1_000, 10_240);
    Checks.range(problems, "project.limits.scps_per_target", p.limits().scpsPerTarget(), 1, 10);
  }
}
