package io.fleetkit.stacks.dashboard.refresh;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.constructs.BucketControls;
import io.fleetkit.constructs.KeyGrants;
import io.fleetkit.constructs.LogsKey;
import io.fleetkit.constructs.NagAcks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
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
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Creates the refresh pipeline: a KMS key, the access-log, artifact and (S3 source) source buckets, a key for
 * the build logs, the CodeBuild project that runs {@code buildspec.yml} beside this class, and a CodePipeline V2 in
 * SUPERSEDED mode (a burst of changes collapses into one run) with a source and a build stage. It grants
 * the build role its log group, the source artifact and the key.
 */
public final class RefreshPipeline extends Construct implements FlatLogicalIds.Grouping {

  /** The buildspec, a classpath resource beside this class. */
  static final String BUILDSPEC = "buildspec.yml";

  /**
   * @param pipeline the {@code dashboard.pipeline} config
   * @param stackPattern the extended regular expression that selects the dashboard stacks from {@code cdk ls}
   * @param buildRole the role the build runs with; this construct adds its own resources to it
   */
  public record Props(DashboardConfig.Pipeline pipeline, String stackPattern, RefreshBuildRole buildRole) {}

  private final Pipeline pipeline;

  public RefreshPipeline(Construct scope, String id, Props props) {
    super(scope, id);
    DashboardConfig.Pipeline p = props.pipeline();
    RefreshBuildRole buildRole = props.buildRole();

    Key key = Key.Builder.create(this, "ArtifactKey")
        .description("Encrypts the dashboard refresh pipeline's artifacts and build output")
        .enableKeyRotation(true)
        .build();
    KeyGrants.onlyForAwsServices(key);
    // The target of S3 server access logs takes SSE-S3 only and no Object Lock ("Enabling Amazon S3 server
    // access logging", Amazon S3 user guide). Versioned with expiring old versions (CT.S3.PR.11, PR.3, PR.6),
    // new objects reach EventBridge (CT.S3.PR.4); the rest is in ControlTowerExceptions.
    Bucket logs = Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .versioned(true)
        .lifecycleRules(List.of(BucketControls.expireNoncurrentVersions()))
        .build();
    BucketControls.eventsToEventBridge(logs);
    NagAcks.acknowledge(logs, "AwsSolutions-S1",
        "This bucket receives the server access logs of the source and artifact buckets; logging it to itself would loop.");
    Bucket artifacts = Bucket.Builder.create(this, "Artifacts")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .serverAccessLogsBucket(logs)
        .serverAccessLogsPrefix("artifacts/")
        .versioned(true)
        .lifecycleRules(List.of(BucketControls.expireNoncurrentVersions()))
        .build();
    BucketControls.eventsToEventBridge(artifacts);
    // Fixed logical IDs, so the cdk-nag acknowledgements can name the granted resources.
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
      // Encrypted with the pipeline's key (CT.S3.PR.10): whoever uploads the zip needs kms:GenerateDataKey on it,
      // which the key policy leaves to IAM policies of this account.
      Bucket sourceBucket = Bucket.Builder.create(this, "Source")
          .versioned(true) // the S3 source action requires a versioned bucket
          .encryption(BucketEncryption.KMS)
          .encryptionKey(key)
          .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
          .enforceSsl(true)
          .serverAccessLogsBucket(logs)
          .serverAccessLogsPrefix("source/")
          .lifecycleRules(List.of(BucketControls.expireNoncurrentVersions()))
          .build();
      BucketControls.eventsToEventBridge(sourceBucket);
      sourceAction = S3SourceAction.Builder.create()
          .actionName("App").bucket(sourceBucket).bucketKey(p.sourceObjectKey()).output(source)
          // Runs come from the tag and EC2 rules (and manual releases after uploading a new zip).
          .trigger(S3Trigger.NONE).build();
    }

    // A year at least (CT.CLOUDWATCH.PR.2), encrypted with a customer managed key (CT.CLOUDWATCH.PR.3).
    LogGroup buildLogs = LogGroup.Builder.create(this, "RefreshLogs")
        .retention(RetentionDays.ONE_YEAR)
        .encryptionKey(new LogsKey(this, "LogsKey", "Encrypts the build logs of the dashboard refresh pipeline"))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    buildRole
        .allow("BuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(buildLogs.getLogGroupArn()))
        .allow("ReadSourceArtifact", List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(artifacts.arnForObjects("*")))
        .allow("ArtifactBucket", List.of("s3:GetBucketLocation"), List.of(artifacts.getBucketArn()))
        .allow("ArtifactKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"),
            List.of(key.getKeyArn()));
    buildRole.acknowledge("AwsSolutions-IAM5[Resource::<ArtifactsBucket.Arn>/*]",
        "Reads the source artifact objects of this pipeline's own artifact bucket, whose keys CodePipeline chooses.");

    Map<String, BuildEnvironmentVariable> environment = new TreeMap<>();
    environment.put("FLEETKIT_CONFIG", BuildEnvironmentVariable.builder().value(p.configFile()).build());
    environment.put("FLEETKIT_STACKS", BuildEnvironmentVariable.builder().value(props.stackPattern()).build());
    PipelineProject build = PipelineProject.Builder.create(this, "Refresh")
        .description("Runs fleetkit discover, then deploys the dashboard stacks")
        .role(buildRole.role())
        .encryptionKey(key)
        .logging(LoggingOptions.builder()
            .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(buildLogs).build())
            .build())
        .environment(BuildEnvironment.builder()
            .buildImage(LinuxBuildImage.STANDARD_7_0)
            .computeType(ComputeType.SMALL)
            .privileged(false)
            .build())
        .environmentVariables(environment)
        .buildSpec(BuildSpec.fromObject(buildSpec()))
        .build();

    pipeline = Pipeline.Builder.create(this, "Pipeline")
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

    acknowledgeGrants(pipeline.getRole().getNode().findChild("DefaultPolicy"));
    // The source action's role exists once the pipeline has bound the action.
    acknowledgeGrants(pipeline.getNode().findChild("Source").getNode().findChild("App").getNode()
        .findChild("CodePipelineActionRole").getNode().findChild("DefaultPolicy"));
  }

  /** The pipeline that the triggers start. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * The buildspec as the ordered map that BuildSpec.fromObject renders: SnakeYAML reads mappings into
   * LinkedHashMaps, so the keys keep the file's order and the template stays byte-for-byte stable.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> buildSpec() {
    try (InputStream in = RefreshPipeline.class.getResourceAsStream(BUILDSPEC)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + BUILDSPEC + " beside " + RefreshPipeline.class);
      Object spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(spec instanceof Map)) throw new IllegalStateException(BUILDSPEC + " is not a YAML mapping");
      return (Map<String, Object>) spec;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
