package io.fleetkit.stacks.guardrails;

import io.fleetkit.config.Checks;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.LocalZoneConfig;
import io.fleetkit.constructs.Naming;
import io.fleetkit.stacks.guardrails.ScpEvaluator.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What fleetkit's own deploys and pipelines do that a data-residency or Nitro-only statement could deny, as
 * requests with the principal that makes them. Only what fleetkit controls is here: the CDK bootstrap roles
 * (the stacks use DefaultStackSynthesizer, whose qualifier is {@code hnb659fds} unless the context key
 * {@code @aws-cdk/core:bootstrapQualifier} says otherwise; cdk.json does not), and the roles of fleetkit's
 * pipelines. Not here, because synth cannot know them: the person or role that runs {@code cdk deploy}, and the
 * workloads' own calls once they run. Service-linked roles (Auto Scaling launching the group's instances, Image
 * Builder launching build instances) are not subject to SCPs (AWS Organizations User Guide, "Service control
 * policies").
 */
public final class DeployPath {
  /** Every step id, for guardrails.deploy_check.accept. */
  static final List<String> IDS = List.of("assets", "local-zone/instances", "image-pipelines/build-logs",
      "image-pipelines/logs", "dashboard-refresh/templates", "dashboard-refresh/artifacts", "dashboard-refresh/logs");
  /**
   * The qualifier of fleetkit's stacks: DefaultStackSynthesizer.DEFAULT_QUALIFIER (aws-cdk-lib), which is also the
   * default of every qualifier key in config; taken from there so that planning does not start jsii. DeployPathTest
   * pins that it agrees with aws-cdk-lib.
   */
  public static final String STACK_QUALIFIER = Checks.DEFAULT_BOOTSTRAP_QUALIFIER;
  /** Stands for what synth cannot know, such as the ID of a subnet a stack creates. */
  static final String UNKNOWN = "(created at deploy)";
  /** {@link #UNKNOWN}, for commands that leave out what synth cannot know. */
  public static final String UNKNOWN_TEXT = UNKNOWN;

  /**
   * One thing a deploy or pipeline does.
   *
   * @param id what guardrails.deploy_check.accept names it by
   * @param stacks the stacks whose deploy or operation it is
   * @param what who does what, in words
   * @param fix the config change that exempts it
   */
  public record Step(String id, List<String> stacks, String what, Request request, String fix) {}

  private DeployPath() {}

  /** The steps of every enabled stack that deploys into the project's account; account and Region may be placeholders. */
  public static List<Step> of(FleetkitConfig c, String account, String region) {
    Naming naming = new Naming(c.project());
    String p = c.guardrails().partition();
    String q = STACK_QUALIFIER;
    List<String> stacks = new ArrayList<>();
    if (c.gpuMonitoring().enabled()) stacks.add(naming.stackName("gpu-monitoring"));
    if (c.imagePipelines().enabled()) stacks.add(naming.stackName("image-pipelines"));
    // The dashboard stacks deploy with the deployer's own credentials (CliCredentialsStackSynthesizer), not through
    // the bootstrap roles; the alarm topic stack, when fleetkit creates the topic, deploys through them.
    var alarms = c.dashboard().alarms();
    if (c.dashboard().enabled() && alarms.enabled() && alarms.topicArn().isEmpty()) stacks.add(naming.stackName("alarm-topic"));
    boolean refresh = c.dashboard().enabled() && c.dashboard().pipeline().enabled();
    if (refresh) stacks.add(naming.stackName("dashboard-refresh"));
    if (c.capacityReservation().enabled()) stacks.add(naming.stackName("capacity-reservation"));
    if (c.spotFleet().enabled()) stacks.add(naming.stackName("spot-fleet"));
    if (c.spotPlacementScores().enabled()) stacks.add(naming.stackName("spot-scores"));
    if (c.queueWorkers().enabled()) stacks.add(naming.stackName("queue-workers"));
    LocalZoneConfig lz = c.localZone();
    if (lz.enabled()) stacks.add(naming.stackName("local-zone"));
    // The root restore stack uploads its template and the janitor's code (the functions asset); its runbooks'
    // restore points are snapshots of workload volumes, which a residency policy denies on purpose (docs/root-restore.md).
    if (c.rootRestore().enabled()) stacks.add(naming.stackName("root-restore"));
    // Its deploy creates a document, an association and a launch template; it launches no instance.
    if (c.credentialGuard().enabled()) stacks.add(naming.stackName("credential-guard"));
    // Both deploy with the default synthesizer (templates through the file-publishing role) and create no instance.
    if (c.instanceConnect().enabled()) stacks.add(naming.stackName("instance-connect"));
    if (c.outpostRouting().enabled()) stacks.add(naming.stackName("outpost-lgw"));

    List<Step> out = new ArrayList<>();
    if (!stacks.isEmpty()) {
      // cdk deploy publishes each template (and file assets such as Lambda code) with the file-publishing role.
      out.add(new Step("assets", stacks, "the CDK file-publishing role uploads the templates and file assets to the"
          + " bootstrap bucket", new Request(bootstrapRole(p, q, "file-publishing", account, region), "s3:PutObject",
          "arn:" + p + ":s3:::cdk-" + q + "-assets-" + account + "-" + region + "/template.json", Map.of()),
          "\"file-publishing\" in guardrails.deploy_roles.bootstrap_roles with \"" + q + "\" in bootstrap_qualifiers"));
    }
    if (lz.enabled()) {
      String lzRegion = lz.region();
      Map<String, String> context = new LinkedHashMap<>();
      context.put("ec2:AvailabilityZone", lz.zone());
      context.put("ec2:SubnetID", "subnet-" + UNKNOWN);
      String instances = lz.egress().equals(LocalZoneConfig.NAT_INSTANCE) ? "the NAT and database instances" : "the database instance";
      out.add(new Step("local-zone/instances", List.of(naming.stackName("local-zone")), "the CloudFormation execution role"
          + " launches " + instances + " in subnets of " + lz.zone() + " that the stack creates",
          new Request(bootstrapRole(p, q, "cfn-exec", account, lzRegion), "ec2:RunInstances",
              "arn:" + p + ":ec2:" + lzRegion + ":" + account + ":subnet/subnet-" + UNKNOWN, context),
          "\"cfn-exec\" in guardrails.deploy_roles.bootstrap_roles, or guardrails.local_zones.mode: zones with "
              + lz.zone() + " in guardrails.local_zones.zones"));
    }
    String pipelineRoles = "guardrails.deploy_roles.pipeline_roles: true";
    if (c.imagePipelines().enabled()) {
      String role = pipelineRole(p, account, naming.stackName("image-pipelines") + "-BuildInstanceRole");
      List<String> stack = List.of(naming.stackName("image-pipelines"));
      // Image Builder user guide, "Image Builder instance profile": the build instance writes its logs itself.
      out.add(new Step("image-pipelines/build-logs", stack, "the Image Builder build instances write their logs to the"
          + " logs bucket", new Request(role, "s3:PutObject", "arn:" + p + ":s3:::" + UNKNOWN + "/image-builder/log", Map.of()),
          pipelineRoles));
      out.add(new Step("image-pipelines/logs", stack, "the Image Builder build instances write CloudWatch logs",
          new Request(role, "logs:PutLogEvents", "arn:" + p + ":logs:" + region + ":" + account
              + ":log-group:/aws/imagebuilder/build:log-stream:instance", Map.of()), pipelineRoles));
    }
    if (refresh) {
      List<String> stack = List.of(naming.stackName("dashboard-refresh"));
      String build = pipelineRole(p, account, naming.stackName("dashboard-refresh") + "-BuildRole");
      String dq = c.dashboard().pipeline().bootstrapQualifier();
      // The dashboard stacks deploy with the build's own credentials (CliCredentialsStackSynthesizer).
      out.add(new Step("dashboard-refresh/templates", stack, "the refresh build uploads the dashboard templates to the"
          + " bootstrap bucket", new Request(build, "s3:PutObject",
          "arn:" + p + ":s3:::cdk-" + dq + "-assets-" + account + "-" + region + "/template.json", Map.of()), pipelineRoles));
      out.add(new Step("dashboard-refresh/artifacts", stack, "CodePipeline writes the source artifact to the artifact"
          + " bucket", new Request(pipelineRole(p, account, naming.stackName("dashboard-refresh") + "-PipelineRole"),
          "s3:PutObject", "arn:" + p + ":s3:::" + UNKNOWN + "/artifact", Map.of()), pipelineRoles));
      out.add(new Step("dashboard-refresh/logs", stack, "the refresh build writes its CloudWatch logs", new Request(build,
          "logs:PutLogEvents", "arn:" + p + ":logs:" + region + ":" + account + ":log-group:refresh:log-stream:build",
          Map.of()), pipelineRoles));
    }
    return out;
  }

  /** A bootstrap role's ARN (bootstrap template: RoleName cdk-${Qualifier}-<role>-role-${AWS::AccountId}-${AWS::Region}). */
  public static String bootstrapRole(String partition, String qualifier, String role, String account, String region) {
    return "arn:" + partition + ":iam::" + account + ":role/cdk-" + qualifier + "-" + role + "-role-" + account + "-" + region;
  }

  /** A pipeline role's ARN: CloudFormation names it <stack>-<logical id>-<suffix> under fleetkit's role path. */
  private static String pipelineRole(String partition, String account, String name) {
    return "arn:" + partition + ":iam::" + account + ":role" + Naming.PIPELINE_ROLE_PATH + name + "-" + UNKNOWN;
  }
}
