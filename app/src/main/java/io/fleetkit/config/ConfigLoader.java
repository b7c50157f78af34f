package io.fleetkit.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads config.yaml in two layers: structure (keys, types, required fields) and then meaning
 * (IDs, ARNs, CIDRs, limits). All errors of both layers are thrown together. {@link #ROOT} holds the
 * declared keys of the whole file; each section's keys are declared in its reader.
 */
public final class ConfigLoader {
  public static final String DEFAULT_PREFIX = "fleetkit";

  static final Keys PROJECT = new Keys("App-wide settings: naming, deploy environment, tags and the AWS limits that change over time.");
  static final Key<String> PREFIX = PROJECT.text("prefix", DEFAULT_PREFIX,
      "Stack names are `<prefix>-<area>`; 1-40 lowercase letters, digits and inner hyphens, starting with a letter.");
  static final Key<String> ACCOUNT = PROJECT.text("account", "Deploy account, 12 digits; quote it to keep leading zeros.")
      .computed("`CDK_DEFAULT_ACCOUNT` (the CLI's credentials)");
  static final Key<String> REGION = PROJECT.text("region", "Deploy Region, such as `us-east-1`, one the AWS SDK knows; it also"
      + " sets the default partition.")
      .computed("`CDK_DEFAULT_REGION`");
  // CloudFormation resource Tag: keys 1-128 and values 0-256 of letters, digits, spaces and _ . : / = + - @.
  static final Key<Map<String, String>> TAGS = PROJECT.textMap("tags", "Tags on every stack and taggable resource (keys 1-128"
      + " and values 0-256 letters, digits, spaces and `_ . : / = + - @`; keys not starting with `aws:`); each stack also"
      + " gets `fleetkit:stack = <area>`; at most " + ConfigLoader.MAX_TAGS + " tags.");
  /** A resource takes at most 50 tags (CloudFormation and EC2 "Tag restrictions"); fleetkit adds fleetkit:stack, CDK a Name. */
  static final int MAX_TAGS = 48;
  static final Block LIMITS = PROJECT.map("limits", "Service limits that AWS has changed before, so they are config with safe defaults.");
  // AWS Organizations quotas: "Maximum size of a policy document: SCPs 5,120 characters"; newer quota pages
  // say 10,240. 1,000 leaves room for one statement.
  static final Key<Integer> SCP_MAX_CHARS = LIMITS.keys.integer("scp_max_chars", 5_120,
      "Largest SCP in characters (Organizations quota: 5,120, newer pages 10,240); larger policies are split.").range(1_000, 10_240);
  // AWS Organizations quotas: SCPs attached to a root, OU or account, 5 (newer pages: 10).
  static final Key<Integer> SCPS_PER_TARGET = LIMITS.keys.integer("scps_per_target", 5,
      "Most SCPs attached to one root, OU or account, `FullAWSAccess` included (Organizations quota: 5, newer pages 10).").range(1, 10);

  /** The top level of the file: one block per section, in the order the reference lists them. */
  static final Keys ROOT = new Keys("The sections of config.yaml.");
  static final Block PROJECT_SECTION = ROOT.map("project", PROJECT).required("", "a mapping with at least \"prefix\"");
  static final Block GUARDRAILS = ROOT.map("guardrails", GuardrailsReader.KEYS);
  static final Block DASHBOARD = ROOT.map("dashboard", DashboardReader.KEYS);
  static final Block GPU_MONITORING = ROOT.map("gpu_monitoring", GpuMonitoringReader.KEYS);
  static final Block IMAGE_PIPELINES = ROOT.map("image_pipelines", ImagePipelinesReader.KEYS);
  static final Block CAPACITY_RESERVATION = ROOT.map("capacity_reservation", CapacityReservationReader.KEYS);
  static final Block SPOT_FLEET = ROOT.map("spot_fleet", SpotFleetReader.KEYS);
  static final Block LOCAL_ZONE = ROOT.map("local_zone", LocalZoneReader.KEYS);
  static final Block SPOT_PLACEMENT_SCORES = ROOT.map("spot_placement_scores", SpotPlacementScoresReader.KEYS);
  static final Block QUEUE_WORKERS = ROOT.map("queue_workers", QueueWorkersReader.KEYS);
  static final Block ROOT_VOLUME_RESTORE = ROOT.map(RootRestoreReader.NAME, RootRestoreReader.KEYS);
  static final Block CREDENTIAL_GUARD = ROOT.map("credential_guard", CredentialGuardReader.KEYS);
  static final Block INSTANCE_CONNECT = ROOT.map("instance_connect", InstanceConnectReader.KEYS);
  static final Block OUTPOST_ROUTING = ROOT.map("outpost_routing", OutpostRoutingReader.KEYS);

  private ConfigLoader() {}

  public static FleetkitConfig load(Path path) {
    Problems problems = new Problems(path.toString());
    Node root = YamlSource.read(path, problems);
    problems.throwIfAny();
    return fromTree(root, problems);
  }

  /** For tests and tools: loads the bytes of a file as if they were the file {@code name} (UTF-8 checked). */
  public static FleetkitConfig parse(String name, byte[] bytes) {
    Problems problems = new Problems(name);
    String text = bytes.length > YamlSource.MAX_BYTES ? null : YamlSource.utf8(bytes, problems);
    if (text == null && problems.isEmpty()) {
      problems.at(null, "", "file is " + bytes.length + " bytes (at most " + YamlSource.MAX_BYTES + " bytes)");
    }
    problems.throwIfAny();
    return parse(text, problems);
  }

  /** For tests and tools: loads text as if it were the file {@code name}. */
  public static FleetkitConfig parse(String name, String text) {
    return parse(text, new Problems(name));
  }

  /** As {@link #parse(String, String)}, reporting into {@code problems} (which also records the keys read). */
  static FleetkitConfig parse(String text, Problems problems) {
    Node root = YamlSource.parse(text, problems);
    problems.throwIfAny();
    return fromTree(root, problems);
  }

  private static FleetkitConfig fromTree(Node root, Problems problems) {
    YamlMap top = YamlMap.root(root, ROOT, problems);
    if (!top.has(PROJECT_SECTION)) top.missing(PROJECT_SECTION);
    ProjectConfig project = readProject(top.map(PROJECT_SECTION));
    String partition = project.region().map(Checks::partitionOf).orElse("aws");
    GuardrailsConfig guardrails = GuardrailsReader.read(top.map(GUARDRAILS), partition);
    DashboardConfig dashboard = DashboardReader.read(top.map(DASHBOARD), project.prefix());
    GpuMonitoringConfig gpuMonitoring = GpuMonitoringReader.read(top.map(GPU_MONITORING));
    ImagePipelinesConfig imagePipelines = ImagePipelinesReader.read(top.map(IMAGE_PIPELINES));
    CapacityReservationConfig capacityReservation = CapacityReservationReader.read(top.map(CAPACITY_RESERVATION), problems);
    SpotFleetConfig spotFleet = SpotFleetReader.read(top.map(SPOT_FLEET), problems);
    LocalZoneConfig localZone = LocalZoneReader.read(top.map(LOCAL_ZONE));
    SpotPlacementScoresConfig spotPlacementScores = SpotPlacementScoresReader.read(top.map(SPOT_PLACEMENT_SCORES),
        project.region(), problems);
    QueueWorkersConfig queueWorkers = QueueWorkersReader.read(top.map(QUEUE_WORKERS), problems);
    RootRestoreConfig rootRestore = RootRestoreReader.read(top.map(ROOT_VOLUME_RESTORE));
    CredentialGuardConfig credentialGuard = CredentialGuardReader.read(top.map(CREDENTIAL_GUARD));
    InstanceConnectConfig instanceConnect = InstanceConnectReader.read(top.map(INSTANCE_CONNECT));
    OutpostRoutingConfig outpostRouting = OutpostRoutingReader.read(top.map(OUTPOST_ROUTING));
    top.finish();
    checkProject(project, problems);
    GuardrailsChecks.check(guardrails, problems);
    DashboardReader.check(dashboard, project.region(), partition, problems);
    GpuMonitoringReader.check(gpuMonitoring, problems);
    ImagePipelinesReader.check(imagePipelines, problems);
    CapacityReservationReader.check(capacityReservation, project.region(), partition, dashboard, problems);
    SpotFleetReader.check(spotFleet, project.region(), problems);
    LocalZoneReader.check(localZone, project.region(), problems);
    SpotPlacementScoresReader.check(spotPlacementScores, project.region(), partition, problems);
    QueueWorkersReader.check(queueWorkers, project.region(), problems);
    RootRestoreReader.check(rootRestore, partition, problems);
    CredentialGuardReader.check(credentialGuard, problems);
    InstanceConnectChecks.check(instanceConnect, project, InstanceConnectChecks.Stacks.of(capacityReservation, spotFleet),
        problems);
    OutpostRoutingReader.check(outpostRouting, problems);
    problems.throwIfAny();
    return new FleetkitConfig(project, guardrails, dashboard, gpuMonitoring, imagePipelines, capacityReservation,
        spotFleet, localZone, spotPlacementScores, queueWorkers, rootRestore, credentialGuard, instanceConnect,
        outpostRouting, problems.sourceMap());
  }

  private static ProjectConfig readProject(YamlMap m) {
    String prefix = m.get(PREFIX);
    Optional<String> account = m.optional(ACCOUNT);
    Optional<String> region = m.optional(REGION);
    var tags = m.get(TAGS);
    YamlMap l = m.map(LIMITS);
    var limits = new ProjectConfig.Limits(l.get(SCP_MAX_CHARS), l.get(SCPS_PER_TARGET));
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
    if (p.tags().size() > MAX_TAGS) {
      problems.error("project.tags", p.tags().size() + " tags (expected at most " + MAX_TAGS + ": a resource takes 50,"
          + " and fleetkit and CDK add fleetkit:stack and Name)");
    }
    p.tags().forEach((k, v) -> {
      if (Checks.tagKey(problems, "project.tags." + k, k)) Checks.tagValue(problems, "project.tags." + k, v);
    });
    SCP_MAX_CHARS.check(problems, "project.limits", p.limits().scpMaxChars());
    SCPS_PER_TARGET.check(problems, "project.limits", p.limits().scpsPerTarget());
  }
}
