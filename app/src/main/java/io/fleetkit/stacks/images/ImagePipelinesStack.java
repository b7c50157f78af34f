package io.fleetkit.stacks.images;

import io.fleetkit.constructs.Ordered;
import io.fleetkit.config.ImagePipelinesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import io.fleetkit.constructs.BucketControls;
import io.fleetkit.constructs.KeyGrants;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.constructs.Naming;
import io.fleetkit.constructs.SsmInstanceRole;
import software.constructs.Construct;

/**
 * A gold Image Builder pipeline on an SSM public parameter base image, and workload pipelines whose
 * parent is the gold image (or another workload image) at x.x.x, all rebuilding on a schedule only
 * when a dependency was updated. Build failures reach an SNS topic through EventBridge.
 */
public class ImagePipelinesStack extends Stack {
  public static final String LOG_PREFIX = "image-builder";
  /** The event Image Builder sends when an image changes state (EventBridge events reference, aws.imagebuilder). */
  public static final String STATE_CHANGE = "EC2 Image Builder Image State Change";

  private final Map<String, ImagePipelineConstruct> pipelines = new LinkedHashMap<>();
  private final Topic alerts;

  public ImagePipelinesStack(Construct scope, String id, StackProps props, ImagePipelinesPlan plan) {
    super(scope, id, props);
    ImagePipelinesConfig c = plan.config();
    String prefix = plan.prefix();

    Key key = Key.Builder.create(this, "NotificationsKey")
        .description("Encrypts the fleetkit Image Builder SNS topics and build logs")
        .enableKeyRotation(true)
        .build();
    KeyGrants.onlyForAwsServices(key);
    // Image Builder publishes with its service-linked role; an encrypted topic's key must allow it
    // kms:GenerateDataKey* and kms:Decrypt (Image Builder user guide, "Encrypted SNS topics"). A key policy
    // that names a role which does not exist yet fails with "invalid principals" (KMS, PutKeyPolicy), and the
    // role only appears on first use of Image Builder. So the statement names any principal and scopes it by
    // condition to that role of this account; the account root as principal would not do, since it only
    // delegates to IAM policies (KMS developer guide, "Default key policy") and the role's policy has no kms.
    String serviceRole = formatArn(ArnComponents.builder().service("iam").region("")
        .resource("role").resourceName("aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder")
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("ImageBuilderPublishes")
        .principals(List.of(new AnyPrincipal()))
        .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
        .resources(List.of("*"))
        .conditions(Ordered.map(
            "StringEquals", Map.of("aws:PrincipalAccount", getAccount()),
            "ArnEquals", Map.of("aws:PrincipalArn", serviceRole)))
        .build());

    // Encrypted with the stack's key (CT.S3.PR.10; the build instances write with their role, granted below),
    // versioned (CT.S3.PR.11) with old versions expiring, new logs sent to EventBridge (CT.S3.PR.4).
    Bucket logs = Bucket.Builder.create(this, "Logs")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .enforceSsl(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .versioned(true)
        .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(c.logRetentionDays())).build(),
            BucketControls.expireNoncurrentVersions()))
        .build();
    BucketControls.eventsToEventBridge(logs);
    NagAcks.acknowledge(logs, "AwsSolutions-S1", "The bucket only receives Image Builder build logs written by the build instance role; the writes"
            + " are already in CloudTrail and an access-log bucket would need its own access-log bucket");

    SsmInstanceRole role = new SsmInstanceRole(this, "BuildInstanceRole", SsmInstanceRole.Props
        .of("Image Builder build and test instances")
        .withSsmReason("Image Builder drives build instances through Systems Manager, which needs AmazonSSMManagedInstanceCore")
        .withManagedPolicyFirst("EC2InstanceProfileForImageBuilder",
            "Image Builder documents EC2InstanceProfileForImageBuilder as the policy its build instances need"));
    // Under fleetkit's pipeline role path, which guardrails.deploy_roles.pipeline_roles exempts.
    ((CfnRole) role.getNode().getDefaultChild()).setPath(Naming.PIPELINE_ROLE_PATH);
    // Build logs: the instance profile needs s3:PutObject on the log location (Image Builder user guide,
    // "Image Builder instance profile").
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObject"))
        .resources(List.of(logs.arnForObjects(LOG_PREFIX + "/*")))
        .build());
    // PutObject to an SSE-KMS bucket needs kms:GenerateDataKey, a multipart upload also kms:Decrypt (Amazon S3
    // user guide, "Using server-side encryption with AWS KMS keys (SSE-KMS)", permissions).
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
        .resources(List.of(key.getKeyArn()))
        .build());
    NagAcks.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + resolve(getLogicalId((CfnElement) logs.getNode().getDefaultChild()))
            + ".Arn>/" + LOG_PREFIX + "/*]", "Image Builder names each log object by build; writes are limited to the image-builder/ prefix of"
            + " this stack's logs bucket");
    CfnInstanceProfile profile = CfnInstanceProfile.Builder.create(this, "BuildInstanceProfile")
        .roles(List.of(role.getRoleName()))
        .build();

    // The plan lists parents first, so each workload's recipe can depend on its parent's pipeline.
    for (var p : plan.pipelines()) {
      ImagePipelineConstruct construct;
      if (p.parent() instanceof ImagePipelinesPlan.BaseImage b) {
        construct = add(c, p, "ssm:" + b.ssmParameter(), "ssm:" + b.ssmParameter(), profile.getRef(), logs.getBucketName(), key);
      } else {
        var parent = (ImagePipelinesPlan.ParentPipeline) p.parent();
        String parentArn = formatArn(ArnComponents.builder().service("imagebuilder").resource("image")
            .resourceName(parent.resourceName() + "/x.x.x").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        construct = add(c, p, parentArn, "image:" + parent.resourceName() + "/x.x.x", profile.getRef(),
            logs.getBucketName(), key);
        construct.recipe().getNode().addDependency(pipelines.get(parent.name()).pipeline());
      }
      pipelines.put(p.config().name(), construct);
    }

    alerts = Topic.Builder.create(this, "BuildFailures")
        .topicName(prefix + "-image-build-failures")
        .displayName("fleetkit image build failures")
        .masterKey(key)
        .enforceSsl(true)
        .build();
    c.notificationEmail().ifPresent(e -> alerts.addSubscription(new EmailSubscription(e)));
    String ruleName = prefix + "-image-build-failed";
    Rule failed = Rule.Builder.create(this, "BuildFailed")
        .ruleName(ruleName)
        .description("Image Builder images of " + prefix + " pipelines that end in FAILED")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.imagebuilder"))
            .detailType(List.of(STATE_CHANGE))
            .detail(Map.of("state", Map.of("status", List.of("FAILED"))))
            .resources(Match.prefix(formatArn(ArnComponents.builder().service("imagebuilder").resource("image")
                .resourceName(prefix + "-").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
            .build())
        .build();
    // The rule delivers to the topic. CDK's SnsTopic target would grant events.amazonaws.com on the topic and
    // the key without conditions; scope both to this rule instead (confused deputy: EventBridge user guide,
    // "Authorizing EventBridge to use a customer managed key" recommends aws:SourceArn and aws:SourceAccount).
    failed.addTarget(new IRuleTarget() {
      @Override
      public RuleTargetConfig bind(IRuleRef rule, String id) {
        return bind(rule);
      }

      @Override
      public RuleTargetConfig bind(IRuleRef rule) {
        return RuleTargetConfig.builder().arn(alerts.getTopicArn()).build();
      }
    });
    Map<String, Object> fromThisRule = Ordered.map(
        // Built from the name, not the rule's attribute: key -> rule -> topic -> key would be a cycle.
        // A rule on the default bus is arn:<partition>:events:<region>:<account>:rule/<name>.
        "ArnEquals", Map.of("aws:SourceArn", formatArn(ArnComponents.builder().service("events").resource("rule")
            .resourceName(ruleName).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())),
        "StringEquals", Map.of("aws:SourceAccount", getAccount()));
    alerts.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("BuildFailedRulePublishes")
        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
        .actions(List.of("sns:Publish"))
        .resources(List.of(alerts.getTopicArn()))
        .conditions(fromThisRule)
        .build());
    // EventBridge needs the key to deliver to an encrypted topic (SNS developer guide, "Enable compatibility
    // between event sources from AWS services and encrypted topics").
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("BuildFailedRuleEncrypts")
        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
        .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
        .resources(List.of("*"))
        .conditions(fromThisRule)
        .build());

    CfnOutput.Builder.create(this, "BuildFailuresTopic").value(alerts.getTopicArn())
        .description("SNS topic that receives build failures").build();
    CfnOutput.Builder.create(this, "LogsBucket").value(logs.getBucketName())
        .description("Image Builder logs, under " + LOG_PREFIX + "/<pipeline>").build();
  }

  private ImagePipelineConstruct add(ImagePipelinesConfig c, ImagePipelinesPlan.Pipeline p, String parentImage,
      String parentSpec, String profileName, String bucket, Key key) {
    String name = p.resourceName();
    var construct = new ImagePipelineConstruct(this, "Pipeline-" + p.config().name(), new ImagePipelineConstruct.Props(
        name, p.config(), parentImage, parentSpec, c.instanceTypes(), c.subnetId(), c.securityGroupIds(), profileName,
        bucket, key, c.schedule(), c.testTimeoutMinutes()));
    CfnOutput.Builder.create(this, "PipelineArn-" + p.config().name()).value(construct.pipeline().getAttrArn())
        .description("Image Builder pipeline " + name).build();
    return construct;
  }

  public Map<String, ImagePipelineConstruct> pipelines() {
    return pipelines;
  }

  public Topic alerts() {
    return alerts;
  }
}
