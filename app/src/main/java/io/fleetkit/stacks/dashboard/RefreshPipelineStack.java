package io.fleetkit.stacks.dashboard;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.constructs.Naming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codecommit.IRepository;
import software.amazon.awscdk.services.codecommit.Repository;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.ExecutionMode;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeCommitSourceAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeCommitTrigger;
import software.amazon.awscdk.services.codepipeline.actions.S3SourceAction;
import software.amazon.awscdk.services.codepipeline.actions.S3Trigger;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.CodePipeline;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * The blog's automation: a tag change (or an EC2 state change) starts a pipeline whose build runs
 * {@code discover} and deploys the dashboard stacks again. CodePipeline V2 in SUPERSEDED mode, so
 * a burst of changes collapses into one run.
 */
public class RefreshPipelineStack extends Stack {

  /**
   * Discovery's read-only calls, one IAM action per API the {@code discover} command makes. None of
   * them supports resource-level permissions (Service Authorization Reference), so they need "*".
   */
  public static final List<String> DISCOVERY_ACTIONS = List.of(
      "autoscaling:DescribeAutoScalingGroups",
      "cloudwatch:ListMetrics",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeInstances",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeTargetGroups",
      "outposts:GetOutpostInstanceTypes",
      "outposts:ListOutposts",
      "tag:GetResources");

  /** EC2 instance states that change what the dashboard should show (EventBridge EC2 events reference). */
  static final List<String> EC2_STATES = List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");

  /** Everything the stack needs from config, resolved by the app. */
  public record Props(String prefix, String tagKey, String dashboardName, DashboardConfig.Pipeline pipeline) {
    public static Props of(FleetkitConfig config, Naming naming) {
      return new Props(naming.prefix(), config.dashboard().tagName(), config.dashboard().name(),
          config.dashboard().pipeline());
    }
  }

  /**
   * What {@code cdk deploy} does with the CLI's own credentials for a stack with
   * {@code CliCredentialsStackSynthesizer}: read the stack and its template, then create, describe, execute
   * or delete a change set, and follow the stack events.
   */
  public static final List<String> DEPLOY_ACTIONS = List.of(
      "cloudformation:CreateChangeSet",
      "cloudformation:DeleteChangeSet",
      "cloudformation:DescribeChangeSet",
      "cloudformation:DescribeStackEvents",
      "cloudformation:DescribeStacks",
      "cloudformation:ExecuteChangeSet",
      "cloudformation:GetTemplate");

  /**
   * The dashboard stacks the build may change: {@code <prefix>-dashboard} and {@code <prefix>-dashboard-2}
   * to {@code -999}. IAM ARN patterns have no regex, so the numbered stacks are matched by one to three
   * single-character wildcards ({@code ?}), which never match {@code <prefix>-dashboard-refresh}, this
   * stack itself (IAM User Guide, "IAM JSON policy elements: Resource": {@code *} and {@code ?} within
   * ARN segments).
   */
  static List<String> dashboardStackNames(String prefix) {
    String base = prefix + "-dashboard";
    return List.of(base, base + "-?", base + "-??", base + "-???");
  }

  public RefreshPipelineStack(Construct scope, String id, StackProps stackProps, Props props) {
    super(scope, id, stackProps);
    DashboardConfig.Pipeline p = props.pipeline();

    Key key = Key.Builder.create(this, "ArtifactKey")
        .description("Encrypts the dashboard refresh pipeline's artifacts and build output")
        .enableKeyRotation(true)
        .build();
    Bucket logs = Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .build();
    NagAcks.acknowledge(logs, "AwsSolutions-S1",
        "This bucket receives the server access logs of the source and artifact buckets; logging it to itself would loop.");
    Bucket artifacts = Bucket.Builder.create(this, "Artifacts")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .serverAccessLogsBucket(logs)
        .serverAccessLogsPrefix("artifacts/")
        .build();
    // Fixed logical IDs, so the cdk-nag acknowledgements below can name the granted resources.
    ((CfnResource) artifacts.getNode().getDefaultChild()).overrideLogicalId("ArtifactsBucket");

    Artifact source = Artifact.artifact("app");
    IAction sourceAction;
    if (p.source().equals("codecommit")) {
      // An existing repository: CodeCommit no longer onboards new customers (CodeCommit user guide banner).
      IRepository repo = Repository.fromRepositoryName(this, "Repository", p.repository());
      sourceAction = CodeCommitSourceAction.Builder.create()
          .actionName("App").repository(repo).branch(p.branch()).output(source)
          .trigger(CodeCommitTrigger.NONE).build();
    } else {
      Bucket sourceBucket = Bucket.Builder.create(this, "Source")
          .versioned(true) // the S3 source action requires a versioned bucket
          .encryption(BucketEncryption.S3_MANAGED)
          .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
          .enforceSsl(true)
          .serverAccessLogsBucket(logs)
          .serverAccessLogsPrefix("source/")
          .build();
      sourceAction = S3SourceAction.Builder.create()
          .actionName("App").bucket(sourceBucket).bucketKey(p.sourceObjectKey()).output(source)
          // Runs come from the tag and EC2 rules below (and manual releases after uploading a new zip).
          .trigger(S3Trigger.NONE).build();
    }

    String stackPattern = "^" + props.prefix() + "-dashboard(-[0-9]+)?$";
    String account = getAccount();
    String region = getRegion();
    String q = p.bootstrapQualifier();
    LogGroup buildLogs = LogGroup.Builder.create(this, "RefreshLogs")
        .retention(RetentionDays.THREE_MONTHS)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    String partition = getPartition();
    String assetsBucket = "arn:" + partition + ":s3:::cdk-" + q + "-assets-" + account + "-" + region;
    List<String> stackArns = dashboardStackNames(props.prefix()).stream()
        .map(n -> "arn:" + partition + ":cloudformation:" + region + ":" + account + ":stack/" + n + "/*").toList();
    // Dashboard ARNs have no Region (Service Authorization Reference, Amazon CloudWatch: resource type
    // "dashboard", arn:${Partition}:cloudwatch::${Account}:dashboard/${DashboardName}). The stacks hold
    // <name>, <name>-2, ...
    String dashboards = "arn:" + partition + ":cloudwatch::" + account + ":dashboard/" + props.dashboardName() + "*";
    // The build role is written out in full and closed to CDK's automatic grants, so it holds exactly
    // the statements below. The dashboard stacks use CliCredentialsStackSynthesizer, so cdk deploy works
    // with this role's own rights: no bootstrap role is assumed, and CloudFormation runs with this role's
    // rights rather than the bootstrap execution role (AdministratorAccess by default).
    PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(
        PolicyStatement.Builder.create()
            .sid("DiscoveryReadOnly")
            .actions(DISCOVERY_ACTIONS)
            .resources(List.of("*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("DeployDashboardStacks")
            .actions(DEPLOY_ACTIONS)
            .resources(stackArns)
            .build(),
        // What CloudFormation does for AWS::CloudWatch::Dashboard with the caller's rights. PutDashboard,
        // GetDashboard and DeleteDashboards support the dashboard resource type; ListDashboards supports
        // no resource type (Service Authorization Reference, Amazon CloudWatch), so it needs "*".
        PolicyStatement.Builder.create()
            .sid("Dashboards")
            .actions(List.of("cloudwatch:DeleteDashboards", "cloudwatch:GetDashboard", "cloudwatch:PutDashboard"))
            .resources(List.of(dashboards))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ListDashboards")
            .actions(List.of("cloudwatch:ListDashboards"))
            .resources(List.of("*"))
            .build(),
        // cdk deploy uploads the template to the bootstrap assets bucket (always as an asset with this
        // synthesizer; CloudFormation takes template bodies only up to 51,200 bytes, larger ones by URL:
        // CloudFormation quotas) and CloudFormation reads it from there with the caller's rights. The
        // CLI's asset publishing calls GetBucketLocation, GetBucketEncryption and ListObjectsV2 first.
        // The default bootstrap bucket uses the AWS managed key aws/s3, whose key policy admits S3 callers
        // of the account, so no KMS statement is needed. No SSM statement either: with this synthesizer
        // the dashboard templates carry no BootstrapVersion parameter and their cloud assembly artifacts
        // no bootstrap version check (cdk.out/manifest.json), so neither the CLI nor CloudFormation reads
        // /cdk-bootstrap/<qualifier>/version.
        PolicyStatement.Builder.create()
            .sid("BootstrapAssetsBucket")
            .actions(List.of("s3:GetBucketLocation", "s3:GetEncryptionConfiguration", "s3:ListBucket"))
            .resources(List.of(assetsBucket))
            .build(),
        PolicyStatement.Builder.create()
            .sid("BootstrapAssetsObjects")
            .actions(List.of("s3:GetObject", "s3:PutObject"))
            .resources(List.of(assetsBucket + "/*"))
            .build(),
        PolicyStatement.Builder.create()
            .sid("BuildLogs")
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(buildLogs.getLogGroupArn()))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ReadSourceArtifact")
            .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
            .resources(List.of(artifacts.arnForObjects("*")))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactBucket")
            .actions(List.of("s3:GetBucketLocation"))
            .resources(List.of(artifacts.getBucketArn()))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactKey")
            .actions(List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"))
            .resources(List.of(key.getKeyArn()))
            .build())).build();
    Role buildRole = Role.Builder.create(this, "RefreshRole")
        .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
        .description("fleetkit dashboard refresh: discover, then cdk deploy of the dashboard stacks with this role's rights")
        .inlinePolicies(Map.of("refresh", policy))
        .build();
    NagAcks.acknowledge(buildRole, "AwsSolutions-IAM5[Resource::*]", "Only the discovery and ListDashboards statements"
        + " use *: their read-only actions are listed one by one and none of them supports resource-level permissions.");
    NagAcks.acknowledge(buildRole, "AwsSolutions-IAM5[Resource::<ArtifactsBucket.Arn>/*]",
        "Reads the source artifact objects of this pipeline's own artifact bucket, whose keys CodePipeline chooses.");
    String nagAccount = Token.isUnresolved(account) ? "<AWS::AccountId>" : account;
    String nagRegion = Token.isUnresolved(region) ? "<AWS::Region>" : region;
    String nagPartition = Token.isUnresolved(partition) ? "<AWS::Partition>" : partition;
    for (String n : dashboardStackNames(props.prefix())) {
      NagAcks.acknowledge(buildRole, "AwsSolutions-IAM5[Resource::arn:" + nagPartition + ":cloudformation:" + nagRegion + ":"
          + nagAccount + ":stack/" + n + "/*]", "The trailing * is the stack ID CloudFormation appends to the stack name;"
          + " the name is one of this app's dashboard stacks.");
    }
    NagAcks.acknowledge(buildRole, "AwsSolutions-IAM5[Resource::arn:" + nagPartition + ":cloudwatch::" + nagAccount
        + ":dashboard/" + props.dashboardName() + "*]",
        "This app's dashboards: " + props.dashboardName() + ", " + props.dashboardName() + "-2 and so on.");
    NagAcks.acknowledge(buildRole, "AwsSolutions-IAM5[Resource::arn:" + nagPartition + ":s3:::cdk-" + q + "-assets-"
        + nagAccount + "-" + nagRegion + "/*]",
        "Objects of the CDK bootstrap assets bucket, whose keys are content hashes chosen at synth: cdk deploy uploads"
        + " the dashboard templates there and CloudFormation reads them.");

    PipelineProject build = PipelineProject.Builder.create(this, "Refresh")
        .description("Runs fleetkit discover, then deploys the dashboard stacks")
        .role(buildRole.withoutPolicyUpdates())
        .encryptionKey(key)
        .logging(LoggingOptions.builder()
            .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(buildLogs).build())
            .build())
        .environment(BuildEnvironment.builder()
            .buildImage(LinuxBuildImage.STANDARD_7_0)
            .computeType(ComputeType.SMALL)
            .privileged(false)
            .build())
        .environmentVariables(new java.util.TreeMap<>(Map.of(
            "FLEETKIT_CONFIG", BuildEnvironmentVariable.builder().value(p.configFile()).build(),
            "FLEETKIT_STACKS", BuildEnvironmentVariable.builder().value(stackPattern).build())))
        .buildSpec(BuildSpec.fromObject(buildSpec()))
        .build();

    Pipeline pipeline = Pipeline.Builder.create(this, "Pipeline")
        .pipelineType(PipelineType.V2)
        .executionMode(ExecutionMode.SUPERSEDED)
        .artifactBucket(artifacts)
        .crossAccountKeys(false)
        .restartExecutionOnUpdate(false)
        .stages(List.of(
            StageProps.builder().stageName("Source").actions(List.of(sourceAction)).build(),
            StageProps.builder().stageName("Refresh").actions(List.of(CodeBuildAction.Builder.create()
                .actionName("DiscoverAndDeploy").project(build).input(source).build())).build()))
        .build();

    Map<String, Object> tagDetail = new LinkedHashMap<>();
    tagDetail.put("changed-tag-keys", List.of(props.tagKey()));
    Rule.Builder.create(this, "TagChanged")
        .description("A resource gained, lost or changed the " + props.tagKey() + " tag")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.tag"))
            .detailType(List.of("Tag Change on Resource"))
            .detail(tagDetail)
            .build())
        .targets(List.of(new CodePipeline(pipeline)))
        .build();
    Rule.Builder.create(this, "InstanceStateChanged")
        .description("An EC2 instance started, stopped or ended")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.ec2"))
            .detailType(List.of("EC2 Instance State-change Notification"))
            .detail(Map.of("state", EC2_STATES))
            .build())
        .targets(List.of(new CodePipeline(pipeline)))
        .build();

    acknowledgeGrants(pipeline.getRole().getNode().findChild("DefaultPolicy"));
    // The source action's role exists once the pipeline has bound the action.
    acknowledgeGrants(pipeline.getNode().findChild("Source").getNode().findChild("App").getNode()
        .findChild("CodePipelineActionRole").getNode().findChild("DefaultPolicy"));
  }

  /** The grants CDK gives a pipeline role on this pipeline's own artifact bucket and key. */
  private static void acknowledgeGrants(IConstruct policy) {
    String bucket = "Scoped to this pipeline's artifact bucket and its objects (CDK grant for reading and writing artifacts).";
    String kms = "Scoped to this pipeline's own artifact key (CDK grant); the wildcard covers the key's encrypt variants.";
    for (String action : List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*")) {
      NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Action::" + action + "]", bucket);
    }
    NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Resource::<ArtifactsBucket.Arn>/*]", bucket);
    NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]", kms);
    NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Action::kms:ReEncrypt*]", kms);
  }

  private static Map<String, Object> buildSpec() {
    Map<String, Object> install = new LinkedHashMap<>();
    install.put("runtime-versions", new java.util.TreeMap<>(Map.of("java", "corretto17", "nodejs", "20")));
    install.put("commands", List.of("npm ci"));
    Map<String, Object> buildPhase = new LinkedHashMap<>();
    buildPhase.put("commands", List.of(
        "bin/fleetkit discover --config \"$FLEETKIT_CONFIG\"",
        "npx cdk synth -q -c config=\"$FLEETKIT_CONFIG\"",
        "STACKS=$(npx cdk ls --app cdk.out | grep -E \"$FLEETKIT_STACKS\")",
        "npx cdk deploy --app cdk.out --require-approval never $STACKS"));
    Map<String, Object> phases = new LinkedHashMap<>();
    phases.put("install", install);
    phases.put("build", buildPhase);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("version", "0.2");
    spec.put("phases", phases);
    return spec;
  }
}
