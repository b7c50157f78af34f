package io.fleetkit.stacks.dashboard.refresh;

import io.fleetkit.constructs.NagAcks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Creates the refresh build's IAM role: one inline policy written out statement by statement
 * ({@link #allow}) and closed to CDK's automatic grants, with the cdk-nag acknowledgements of its
 * wildcards. It holds discovery's read-only calls, the deploy calls on the dashboard stacks and the
 * bootstrap assets bucket; the pipeline adds its own log group, artifact bucket and key.
 *
 * <p>The dashboard stacks use CliCredentialsStackSynthesizer, so {@code cdk deploy} works with this
 * role's own rights: no bootstrap role is assumed, and CloudFormation runs with this role's rights
 * rather than the bootstrap execution role (AdministratorAccess by default).
 */
public final class RefreshBuildRole extends Construct implements FlatLogicalIds.Grouping {

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
   * @param prefix the app's name prefix; the dashboard stacks are {@code <prefix>-dashboard[-N]}
   * @param dashboardName the first dashboard's name; the others are {@code <name>-2}, ...
   * @param bootstrapQualifier the CDK bootstrap qualifier of the dashboard stacks' assets bucket
   */
  public record Props(String prefix, String dashboardName, String bootstrapQualifier) {}

  private final PolicyDocument policy = new PolicyDocument();
  private final Role role;
  private final IRole closedRole;

  public RefreshBuildRole(Construct scope, String id, Props props) {
    super(scope, id);
    Stack stack = Stack.of(this);
    String partition = stack.getPartition();
    String account = stack.getAccount();
    String region = stack.getRegion();
    String assetsBucket = "arn:" + partition + ":s3:::cdk-" + props.bootstrapQualifier() + "-assets-" + account + "-" + region;
    List<String> stackArns = dashboardStackNames(props.prefix()).stream()
        .map(n -> "arn:" + partition + ":cloudformation:" + region + ":" + account + ":stack/" + n + "/*").toList();
    DeployRights.Names names = new DeployRights.Names(partition, region, account, props.prefix(), props.dashboardName());

    allow("DiscoveryReadOnly", DISCOVERY_ACTIONS, List.of("*"));
    allow("DeployDashboardStacks", DEPLOY_ACTIONS, stackArns);
    // What CloudFormation does, with the build's own rights, for each resource type of the dashboard stacks.
    for (DeployRights.Row row : DeployRights.ROWS) {
      allow(row.sid(), row.scoped(), List.of(row.arn().apply(names)));
      if (!row.unscoped().isEmpty()) allow("List" + row.sid(), row.unscoped(), List.of("*"));
    }
    // cdk deploy uploads the template to the bootstrap assets bucket (always as an asset with this
    // synthesizer; CloudFormation takes template bodies only up to 51,200 bytes, larger ones by URL:
    // CloudFormation quotas) and CloudFormation reads it from there with the caller's rights. The
    // CLI's asset publishing calls GetBucketLocation, GetBucketEncryption and ListObjectsV2 first.
    // The default bootstrap bucket uses the AWS managed key aws/s3, whose key policy admits S3 callers
    // of the account, so no KMS statement is needed. No SSM statement either: with this synthesizer
    // the dashboard templates carry no BootstrapVersion parameter and their cloud assembly artifacts
    // no bootstrap version check (cdk.out/manifest.json), so neither the CLI nor CloudFormation reads
    // /cdk-bootstrap/<qualifier>/version.
    allow("BootstrapAssetsBucket", List.of("s3:GetBucketLocation", "s3:GetEncryptionConfiguration", "s3:ListBucket"),
        List.of(assetsBucket));
    allow("BootstrapAssetsObjects", List.of("s3:GetObject", "s3:PutObject"), List.of(assetsBucket + "/*"));

    Map<String, PolicyDocument> inline = new LinkedHashMap<>();
    inline.put("refresh", policy);
    role = Role.Builder.create(this, "RefreshRole")
        .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
        .description("fleetkit dashboard refresh: discover, then cdk deploy of the dashboard stacks with this role's rights")
        .inlinePolicies(inline)
        .build();
    closedRole = role.withoutPolicyUpdates();

    acknowledge("AwsSolutions-IAM5[Resource::*]", "Only DiscoveryReadOnly and the list statements of the deploy rights"
        + " use *; their read-only actions are listed one by one and none of them supports resource-level permissions: "
        + "DiscoveryReadOnly (discover's Describe, List and Get calls), " + DeployRights.unscopedReasons() + ".");
    String nagAccount = Token.isUnresolved(account) ? "<AWS::AccountId>" : account;
    String nagRegion = Token.isUnresolved(region) ? "<AWS::Region>" : region;
    String nagPartition = Token.isUnresolved(partition) ? "<AWS::Partition>" : partition;
    for (String n : dashboardStackNames(props.prefix())) {
      acknowledge("AwsSolutions-IAM5[Resource::arn:" + nagPartition + ":cloudformation:" + nagRegion + ":"
          + nagAccount + ":stack/" + n + "/*]", "The trailing * is the stack ID CloudFormation appends to the stack name;"
          + " the name is one of this app's dashboard stacks.");
    }
    DeployRights.Names nagNames = new DeployRights.Names(nagPartition, nagRegion, nagAccount, props.prefix(),
        props.dashboardName());
    for (DeployRights.Row row : DeployRights.ROWS) {
      if (row.arn().apply(nagNames).contains("*")) acknowledge("AwsSolutions-IAM5[Resource::" + row.arn().apply(nagNames) + "]", row.arnReason().apply(names));
    }
    acknowledge("AwsSolutions-IAM5[Resource::arn:" + nagPartition + ":s3:::cdk-" + props.bootstrapQualifier() + "-assets-"
        + nagAccount + "-" + nagRegion + "/*]",
        "Objects of the CDK bootstrap assets bucket, whose keys are content hashes chosen at synth: cdk deploy uploads"
        + " the dashboard templates there and CloudFormation reads them.");
  }

  /**
   * The dashboard stacks the build may change: {@code <prefix>-dashboard} and {@code <prefix>-dashboard-2}
   * to {@code -999}. IAM ARN patterns have no regex, so the numbered stacks are matched by one to three
   * single-character wildcards ({@code ?}), which never match {@code <prefix>-dashboard-refresh}, the
   * refresh stack itself (IAM User Guide, "IAM JSON policy elements: Resource": {@code *} and {@code ?}
   * within ARN segments).
   */
  public static List<String> dashboardStackNames(String prefix) {
    String base = prefix + "-dashboard";
    return List.of(base, base + "-?", base + "-??", base + "-???");
  }

  /** Adds one Allow statement to the role's inline policy; statements keep the order they are added in. */
  public RefreshBuildRole allow(String sid, List<String> actions, List<String> resources) {
    policy.addStatements(PolicyStatement.Builder.create()
        .sid(sid)
        .actions(new ArrayList<>(actions))
        .resources(new ArrayList<>(resources))
        .build());
    return this;
  }

  /** Acknowledges a cdk-nag finding on the role, with the reason it is acceptable. */
  public void acknowledge(String findingId, String reason) {
    NagAcks.acknowledge(role, findingId, reason);
  }

  /** The role for the build project; closed to CDK's automatic grants, so it holds exactly the statements above. */
  public IRole role() {
    return closedRole;
  }
}
