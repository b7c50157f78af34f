package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code image_pipelines} section; the checks of one pipeline are in {@link ImageRecipeChecks}. */
final class ImagePipelinesReader {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  static final Keys KEYS = new Keys("A hardened gold image pipeline and workload image pipelines that rebuild when their"
      + " parent changes (EC2 Image Builder); design notes: [gpu-images.md](gpu-images.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-image-pipelines`.");
  static final Key<String> SCHEDULE = KEYS.text("schedule", ImagePipelinesConfig.DEFAULT_SCHEDULE, "6-field Image Builder cron"
      + " for every pipeline (one day field is `?`); a pipeline builds only when its parent image or a component is newer.");
  static final Key<List<String>> INSTANCE_TYPES = KEYS.texts("instance_types", List.of("m7i.large"),
      "Build and test instance types.").minItems(1);
  // EC2 Image Builder launches build and test instances in the default VPC when the infrastructure configuration
  // names no subnet (Image Builder User Guide, "Manage Image Builder infrastructure configuration").
  static final Key<Boolean> DEFAULT_VPC = KEYS.bool("default_vpc", true, "The account has a default VPC in the Region;"
      + " builds without `subnet_id` run there. Set `false` where it was deleted (common in landing zones): `subnet_id`"
      + " and `security_group_ids` are then required.");
  static final Key<String> SUBNET_ID = KEYS.text("subnet_id", "Build subnet, `subnet-<hex>`; needs `security_group_ids`."
      + " It must reach the internet or VPC endpoints for SSM, S3 and Image Builder.");
  static final Key<List<String>> SECURITY_GROUP_IDS = KEYS.texts("security_group_ids", List.of(),
      "Build security groups, `sg-<hex>`; needs `subnet_id`.");
  static final Key<String> NOTIFICATION_EMAIL = KEYS.text("notification_email",
      "Address subscribed to build failures; confirm the email AWS sends.");
  static final Key<Integer> LOG_RETENTION_DAYS = KEYS.integer("log_retention_days", 90,
      "Days before build logs in the logs bucket expire.").range(1, 3650);
  // Image Builder API, ImageTestsConfiguration.timeoutMinutes: 60 to 1440 (documented as not yet enforced).
  static final Key<Integer> TEST_TIMEOUT_MINUTES = KEYS.integer("test_timeout_minutes", 60,
      "Image test timeout (Image Builder API: 60-1440, not yet enforced by the service).").range(60, 1440);

  /**
   * A recipe component, one of three forms: AWS-managed ({@code managed}, {@code version}), any component by
   * ARN ({@code arn}), or custom from inline YAML ({@code name}, {@code description}, {@code yaml}).
   */
  static final Keys COMPONENT = new Keys("One recipe component: `managed` (with `version`), `arn`, or a custom one"
      + " (`name`, `description`, `yaml`).");
  static final Key<String> MANAGED = COMPONENT.text("managed",
      "An AWS-managed component, such as `update-linux`, `stig-build-linux-medium` or `amazon-cloudwatch-agent-linux`.");
  // Image Builder "Semantic versioning": a wildcard may only be followed by wildcards; nodes at most 2^30-1.
  static final Key<String> VERSION = COMPONENT.text("version", "x.x.x",
      "With `managed`: a semantic version or a filter whose wildcards are only followed by wildcards (`1.x.x`, `1.0.x`).");
  static final Key<String> ARN = COMPONENT.text("arn", "Any other component by ARN, used as given, such as a CIS component"
      + " from AWS Marketplace (`arn:<partition>:imagebuilder:<region>:aws-marketplace:component/<name>/<version>`).");
  static final Key<String> COMPONENT_NAME = COMPONENT.text("name", "",
      "Custom component name: 1-63 lowercase letters, digits and hyphens, starting with a letter.").required("in a custom component",
      "a component name, or \"managed\" with an AWS-managed component name, or \"arn\" with a component ARN");
  static final Key<String> DESCRIPTION = COMPONENT.text("description", "Custom component description.").computed("the name");
  static final Key<String> YAML = COMPONENT.text("yaml", "", "AWSTOE document with `schemaVersion` and phases named `build`,"
      + " `validate` or `test`, each with steps; its version derives from name, description and content.")
      .required("in a custom component", "the component document (AWSTOE YAML with phases)");

  static final PipelineKeys GOLD = new PipelineKeys(KEYS.map("gold", "The gold pipeline: a hardened image on a base AMI."), true);
  static final PipelineKeys WORKLOAD = new PipelineKeys(KEYS.list("workloads",
      "Workload pipelines, each built on its parent's newest image."), false);

  /** The keys of one pipeline: the gold one has a base image, a workload one a required name and a parent. */
  static final class PipelineKeys {
    final Block block;
    final Key<String> name;
    final Key<String> baseImage;
    final Key<String> parent;
    final Block components;
    final Key<String> amiName;
    final Key<String> ssmParameter;
    final Key<Integer> rootVolumeGiB;

    private PipelineKeys(Block block, boolean gold) {
      this.block = block;
      Keys k = block.keys;
      String naming = "Lowercase name, unique in the section; recipe, pipeline and image are `<prefix>-<name>`.";
      name = gold ? k.text("name", "gold", naming)
          : k.text("name", "", naming).required("", "a lowercase pipeline name");
      baseImage = gold ? k.text("base_image_parameter", ImagePipelinesConfig.DEFAULT_BASE_IMAGE,
          "SSM parameter holding the base AMI ID, resolved at every build.") : null;
      parent = gold ? null : k.text("parent", "gold", "The gold pipeline's name or another workload's (set it when"
          + " `gold.name` is not `gold`); every chain must end at the gold pipeline.");
      components = k.list("components", COMPONENT, "Recipe components, in order.").required("when enabled");
      amiName = k.text("ami_name", "Name of the distributed AMI; must contain `" + ImagePipelinesConfig.BUILD_DATE + "`.")
          .computed("`<name>-" + ImagePipelinesConfig.BUILD_DATE + "`");
      ssmParameter = k.text("ssm_parameter", "SSM parameter that receives each new AMI ID; not starting with `aws`.");
      // gp3 volumes are 1 to 16,384 GiB (Amazon EBS volume types); Amazon Linux 2023 images need 8 GiB.
      rootVolumeGiB = k.integer("root_volume_gib", 30, "Encrypted gp3 root volume in GiB.").range(8, 16_384);
    }
  }

  private ImagePipelinesReader() {}

  static ImagePipelinesConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    String schedule = m.get(SCHEDULE);
    List<String> instanceTypes = m.get(INSTANCE_TYPES);
    boolean defaultVpc = m.get(DEFAULT_VPC);
    Optional<String> subnet = m.optional(SUBNET_ID);
    List<String> sgs = m.get(SECURITY_GROUP_IDS);
    Optional<String> email = m.optional(NOTIFICATION_EMAIL);
    int retention = m.get(LOG_RETENTION_DAYS);
    int timeout = m.get(TEST_TIMEOUT_MINUTES);
    YamlMap g = m.map(GOLD.block);
    var gold = pipeline(g, GOLD);
    g.finish();
    var workloads = m.list(WORKLOAD.block, w -> pipeline(w, WORKLOAD));
    m.finish();
    return new ImagePipelinesConfig(enabled, schedule, instanceTypes, defaultVpc, subnet, sgs, email, retention, timeout, gold,
        workloads);
  }

  private static ImagePipelinesConfig.Pipeline pipeline(YamlMap m, PipelineKeys k) {
    boolean gold = k == GOLD;
    String name = m.require(k.name, !gold);
    Optional<String> base = gold ? Optional.of(m.get(k.baseImage)) : Optional.empty();
    Optional<String> parent = gold ? Optional.empty() : Optional.of(m.get(k.parent));
    var components = m.list(k.components, ImagePipelinesReader::component);
    String ami = m.get(k.amiName, name + "-" + ImagePipelinesConfig.BUILD_DATE);
    Optional<String> ssm = m.optional(k.ssmParameter);
    int root = m.get(k.rootVolumeGiB);
    return new ImagePipelinesConfig.Pipeline(name, base, parent, components, ami, ssm, root);
  }

  private static ImagePipelinesConfig.Component component(YamlMap m) {
    if (m.has(MANAGED)) {
      String name = m.optional(MANAGED).orElse("");
      return new ImagePipelinesConfig.Component(ImagePipelinesConfig.Kind.MANAGED, name, m.get(VERSION), "", "");
    }
    if (m.has(ARN)) {
      return new ImagePipelinesConfig.Component(ImagePipelinesConfig.Kind.ARN, m.optional(ARN).orElse(""), "", "", "");
    }
    String name = m.require(COMPONENT_NAME, true);
    String description = m.get(DESCRIPTION, name);
    String yaml = m.require(YAML, true);
    return new ImagePipelinesConfig.Component(ImagePipelinesConfig.Kind.CUSTOM, name, "", description, yaml);
  }

  static void check(ImagePipelinesConfig c, Problems p) {
    if (!c.enabled()) return;
    String base = "image_pipelines";
    Schedules.cron(p, base + ".schedule", c.schedule());
    if (c.instanceTypes().size() < INSTANCE_TYPES.minItems()) {
      p.error(base + ".instance_types", "no instance types (expected at least one, such as m7i.large)");
    }
    for (int i = 0; i < c.instanceTypes().size(); i++) {
      Checks.instanceType(p, base + ".instance_types[" + i + "]", c.instanceTypes().get(i));
    }
    c.subnetId().ifPresent(s -> {
      Checks.ec2Id(p, base + ".subnet_id", s, Ec2IdKind.SUBNET);
      if (c.securityGroupIds().isEmpty()) {
        p.error(base + ".security_group_ids", "no security groups (expected at least one sg-<hex> when subnet_id is set)");
      }
    });
    Checks.ec2Ids(p, base + ".security_group_ids", c.securityGroupIds(), Ec2IdKind.SECURITY_GROUP);
    if (!c.defaultVpc() && c.subnetId().isEmpty()) {
      p.error(base + ".subnet_id", "missing, and default_vpc is false (expected a subnet-<hex> for the build instances, with"
          + " security_group_ids: without a default VPC, Image Builder has nowhere to launch them)");
    } else if (!c.securityGroupIds().isEmpty() && c.subnetId().isEmpty()) {
      p.error(base + ".subnet_id", "missing (expected a subnet-<hex> in the security groups' VPC when security_group_ids is set)");
    }
    c.notificationEmail().ifPresent(e -> {
      if (!EMAIL.matcher(e).matches()) p.error(base + ".notification_email", "\"" + e + "\" is not an email address (expected name@example.com)");
    });
    LOG_RETENTION_DAYS.check(p, base, c.logRetentionDays());
    TEST_TIMEOUT_MINUTES.check(p, base, c.testTimeoutMinutes());

    ImageRecipeChecks.pipeline(p, base + ".gold", c.gold(), GOLD);
    c.gold().baseImageParameter().ifPresent(b -> {
      if (!ImageRecipeChecks.PARAMETER.matcher(b).matches()) {
        p.error(base + ".gold.base_image_parameter", "\"" + b + "\" is not an SSM parameter name (expected a path such as "
            + ImagePipelinesConfig.DEFAULT_BASE_IMAGE + ")");
      }
    });
    Set<String> names = new LinkedHashSet<>();
    names.add(c.gold().name());
    for (int i = 0; i < c.workloads().size(); i++) {
      var w = c.workloads().get(i);
      String path = base + ".workloads[" + i + "]";
      ImageRecipeChecks.pipeline(p, path, w, WORKLOAD);
      if (!names.add(w.name())) {
        p.error(path + ".name", "\"" + w.name() + "\" is used twice (expected pipeline names to be unique, the gold one included)");
      }
    }
    ImageRecipeChecks.parents(p, base, c);
  }
}
