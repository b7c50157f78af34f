package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The refresh pipeline stack, built once with the S3 source (the default). */
class RefreshPipelineStackTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String YAML = """
      project:
        prefix: acme
        account: "111122223333"
        region: eu-west-1
      dashboard:
        enabled: true
        tag_name: Dashboard
        tag_values: [edge, outposts-prod]
        snapshot: %s
        pipeline:
          source: s3
          source_object_key: apps/fleetkit.zip
          config_file: examples/edge.yaml
      """;
  static Template template;
  static JsonNode json;
  static String yaml;

  @BeforeAll
  static void synth() throws Exception {
    // The dashboard plan only reads a snapshot of the stacks' Region: the sample, recorded for eu-west-1.
    java.nio.file.Path snapshot = java.nio.file.Files.createTempDirectory("fleetkit-refresh").resolve("eu-west-1.json");
    java.nio.file.Files.writeString(snapshot, java.nio.file.Files.readString(java.nio.file.Path.of(
        "samples/outposts-inventory.json")).replace("\"region\" : \"us-east-1\"", "\"region\" : \"eu-west-1\""));
    yaml = YAML.formatted(snapshot);
    template = TestApps.template(yaml, "acme-dashboard-refresh");
    json = JSON.valueToTree(template.toJSON());
  }

  @Test
  void pipelineIsV2SupersededWithS3SourceAndOneBuild() {
    template.hasResourceProperties("AWS::CodePipeline::Pipeline", Map.of(
        "PipelineType", "V2",
        "ExecutionMode", "SUPERSEDED",
        "Stages", List.of(
            Map.of("Name", "Source", "Actions", List.of(Match.objectLike(Map.of(
                "ActionTypeId", Map.of("Category", "Source", "Owner", "AWS", "Provider", "S3", "Version", "1"),
                "Configuration", Match.objectLike(Map.of("S3ObjectKey", "apps/fleetkit.zip", "PollForSourceChanges", false)))))),
            Map.of("Name", "Refresh", "Actions", List.of(Match.objectLike(Map.of(
                "ActionTypeId", Map.of("Category", "Build", "Owner", "AWS", "Provider", "CodeBuild", "Version", "1"))))))));
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"))));
  }

  @Test
  void buildRunsDiscoverThenDeploysOnlyTheDashboardStacks() throws Exception {
    Capture spec = new Capture();
    Capture env = new Capture();
    template.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
        "Source", Match.objectLike(Map.of("BuildSpec", spec)),
        "Environment", Match.objectLike(Map.of("EnvironmentVariables", env, "PrivilegedMode", false)))));
    JsonNode phases = JSON.readTree(spec.asString()).get("phases");
    // Node.js 22 LTS and Corretto 17, both offered by aws/codebuild/standard:7.0 (CodeBuild "Available runtimes").
    assertEquals(JSON.readTree("""
        {"runtime-versions": {"java": "corretto17", "nodejs": "22"},
         "commands": ["chmod +x bin/fleetkit bin/java-main", "npm ci"]}"""), phases.get("install"));
    template.hasResourceProperties("AWS::CodeBuild::Project", Match.objectLike(Map.of(
        "Environment", Match.objectLike(Map.of("Image", "aws/codebuild/standard:7.0")))));
    List<String> commands = new ArrayList<>();
    phases.get("build").get("commands").forEach(c -> commands.add(c.asText()));
    assertEquals(List.of(
        "bin/fleetkit discover --config \"$FLEETKIT_CONFIG\"",
        "npx cdk synth -q -c config=\"$FLEETKIT_CONFIG\"",
        "STACKS=$(npx cdk ls --app cdk.out | grep -E \"$FLEETKIT_STACKS\")",
        "npx cdk deploy --app cdk.out --require-approval never $STACKS"), commands);
    assertEquals(List.of(
        Map.of("Name", "FLEETKIT_CONFIG", "Type", "PLAINTEXT", "Value", "examples/edge.yaml"),
        Map.of("Name", "FLEETKIT_STACKS", "Type", "PLAINTEXT", "Value", "^acme-dashboard(-[0-9]+)?$")), env.asArray());
    // The pattern selects the dashboard stacks and never the pipeline's own stack.
    var pattern = java.util.regex.Pattern.compile("^acme-dashboard(-[0-9]+)?$");
    assertTrue(pattern.matcher("acme-dashboard").matches() && pattern.matcher("acme-dashboard-12").matches());
    assertTrue(!pattern.matcher("acme-dashboard-refresh").matches());
  }

  @Test
  void buildRoleHoldsExactlyTheDiscoveryAndScopedDeployStatements() throws Exception {
    Capture policies = new Capture();
    template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
            "Principal", Map.of("Service", "codebuild.amazonaws.com")))))),
        "Policies", policies)));
    JsonNode statements = JSON.valueToTree(policies.asArray()).at("/0/PolicyDocument/Statement");
    JsonNode expected = JSON.readTree(("""
        [
         {"Sid":"DiscoveryReadOnly","Effect":"Allow","Resource":"*","Action":[
           "autoscaling:DescribeAutoScalingGroups","cloudwatch:ListMetrics","ec2:DescribeInstanceTypes",
           "ec2:DescribeInstances","elasticloadbalancing:DescribeLoadBalancers",
           "elasticloadbalancing:DescribeTargetGroups","outposts:GetOutpostInstanceTypes","outposts:ListOutposts",
           "tag:GetResources"]},
         {"Sid":"DeployDashboardStacks","Effect":"Allow","Action":[
           "cloudformation:CreateChangeSet","cloudformation:DeleteChangeSet","cloudformation:DescribeChangeSet",
           "cloudformation:DescribeStackEvents","cloudformation:DescribeStacks","cloudformation:ExecuteChangeSet",
           "cloudformation:GetTemplate"],
          "Resource":[
           "arn:aws:cloudformation:eu-west-1:111122223333:stack/acme-dashboard-?/*",
           "arn:aws:cloudformation:eu-west-1:111122223333:stack/acme-dashboard-??/*",
           "arn:aws:cloudformation:eu-west-1:111122223333:stack/acme-dashboard-???/*",
           "arn:aws:cloudformation:eu-west-1:111122223333:stack/acme-dashboard/*"]},
         {"Sid":"Dashboards","Effect":"Allow",
          "Action":["cloudwatch:DeleteDashboards","cloudwatch:GetDashboard","cloudwatch:ListTagsForResource",
           "cloudwatch:PutDashboard","cloudwatch:TagResource","cloudwatch:UntagResource"],
          "Resource":"arn:aws:cloudwatch::111122223333:dashboard/DASHBOARD*"},
         {"Sid":"ListDashboards","Effect":"Allow","Action":"cloudwatch:ListDashboards","Resource":"*"},
         {"Sid":"Alarms","Effect":"Allow",
          "Action":["cloudwatch:DeleteAlarms","cloudwatch:DescribeAlarms","cloudwatch:ListTagsForResource",
           "cloudwatch:PutMetricAlarm","cloudwatch:TagResource","cloudwatch:UntagResource"],
          "Resource":"arn:aws:cloudwatch:eu-west-1:111122223333:alarm:acme-*"},
         {"Sid":"BootstrapAssetsBucket","Effect":"Allow",
          "Action":["s3:GetBucketLocation","s3:GetEncryptionConfiguration","s3:ListBucket"],
          "Resource":"arn:aws:s3:::cdk-hnb659fds-assets-111122223333-eu-west-1"},
         {"Sid":"BootstrapAssetsObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
          "Resource":"arn:aws:s3:::cdk-hnb659fds-assets-111122223333-eu-west-1/*"},
         {"Sid":"BuildLogs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
          "Resource":{"Fn::GetAtt":["RefreshLogsE2CBF500","Arn"]}},
         {"Sid":"ReadSourceArtifact","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion"],
          "Resource":{"Fn::Join":["",[{"Fn::GetAtt":["ArtifactsBucket","Arn"]},"/*"]]}},
         {"Sid":"ArtifactBucket","Effect":"Allow","Action":"s3:GetBucketLocation",
          "Resource":{"Fn::GetAtt":["ArtifactsBucket","Arn"]}},
         {"Sid":"ArtifactKey","Effect":"Allow",
          "Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey"],
          "Resource":{"Fn::GetAtt":["ArtifactKey8D84C5F0","Arn"]}}
        ]""").replace("DASHBOARD", "acme-outposts"));
    assertEquals(expected, statements);
    // No bootstrap role is assumed: the dashboard stacks deploy with this role's own rights.
    assertTrue(!statements.toString().contains("\"sts:"), "no sts actions");
    // The dashboard stacks deploy with the CLI's (the build's) credentials and need no bootstrap version.
    Template dashboard = TestApps.template(yaml, "acme-dashboard");
    assertEquals(Map.of(), dashboard.findParameters("*"));
    assertTrue(!dashboard.toJSON().containsKey("Rules"), "no CheckBootstrapVersion rule");
    // Closed to CDK's automatic grants: the role has no attached default policy.
    template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of(
        "Roles", List.of(Map.of("Ref", logicalIdOfCodeBuildRole())))), 0);
  }

  @Test
  void theStackPatternsNeverMatchTheRefreshStack() {
    for (String name : RefreshPipelineStack.dashboardStackNames("acme")) {
      var glob = java.util.regex.Pattern.compile(name.replace("?", "."));
      assertTrue(!glob.matcher("acme-dashboard-refresh").matches(), name);
    }
    assertEquals(List.of("acme-dashboard", "acme-dashboard-?", "acme-dashboard-??", "acme-dashboard-???"),
        RefreshPipelineStack.dashboardStackNames("acme"));
  }

  private static String logicalIdOfCodeBuildRole() {
    return logicalIdOfRoleFor("codebuild.amazonaws.com");
  }

  @Test
  void rulesStartThePipelineOnTagAndInstanceStateChanges() {
    template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
        "EventPattern", Map.of(
            "source", List.of("aws.tag"),
            "detail-type", List.of("Tag Change on Resource"),
            "detail", Map.of("changed-tag-keys", List.of("Dashboard"))))));
    template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
        "EventPattern", Map.of(
            "source", List.of("aws.ec2"),
            "detail-type", List.of("EC2 Instance State-change Notification"),
            "detail", Map.of("state", List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated"))))));
    template.resourceCountIs("AWS::Events::Rule", 2);
  }

  @Test
  void bothRulesStartThisPipelineThroughAnEventsRoleThatMayOnlyStartIt() throws Exception {
    String pipeline = onlyLogicalId("AWS::CodePipeline::Pipeline");
    JsonNode pipelineArn = JSON.readTree("""
        {"Fn::Join": ["", ["arn:aws:codepipeline:eu-west-1:111122223333:", {"Ref": "PIPELINE"}]]}"""
        .replace("PIPELINE", pipeline));
    String eventsRole = logicalIdOfRoleFor("events.amazonaws.com");
    JsonNode rules = json.get("Resources");
    int rulesSeen = 0;
    for (var it = rules.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().get("Type").asText().equals("AWS::Events::Rule")) continue;
      rulesSeen++;
      assertEquals(JSON.createArrayNode().add(JSON.createObjectNode()
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("Arn", pipelineArn)
          .put("Id", "Target0")
          .set("RoleArn", JSON.readTree("{\"Fn::GetAtt\": [\"" + eventsRole + "\", \"Arn\"]}"))),
          e.getValue().at("/Properties/Targets"), e.getKey());
    }
    assertEquals(2, rulesSeen);
    // The role EventBridge assumes may start this pipeline and nothing else.
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
        "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", eventsRole)))))));
    assertEquals(1, policies.size());
    JsonNode policy = JSON.valueToTree(policies.values().iterator().next()).at("/Properties/PolicyDocument");
    assertEquals(JSON.readTree("""
        {"Version": "2012-10-17", "Statement": [
          {"Action": "codepipeline:StartPipelineExecution", "Effect": "Allow", "Resource": ARN}]}"""
        .replace("ARN", pipelineArn.toString())), policy);
    assertEquals(JSON.readTree("""
        {"Version": "2012-10-17", "Statement": [
          {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}}]}"""),
        json.at("/Resources/" + eventsRole + "/Properties/AssumeRolePolicyDocument"));
  }

  @Test
  void sourceBucketDeniesEveryRequestWithoutTls() throws Exception {
    String source = "Source71E471F1";
    Map<String, Map<String, Object>> policies = template.findResources("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
        "Properties", Match.objectLike(Map.of("Bucket", Map.of("Ref", source))))));
    assertEquals(1, policies.size());
    JsonNode document = JSON.valueToTree(policies.values().iterator().next()).at("/Properties/PolicyDocument");
    assertEquals(JSON.readTree("""
        {"Version": "2012-10-17", "Statement": [
          {"Action": "s3:*", "Effect": "Deny", "Principal": {"AWS": "*"},
           "Condition": {"Bool": {"aws:SecureTransport": "false"}},
           "Resource": [{"Fn::GetAtt": ["SOURCE", "Arn"]},
                        {"Fn::Join": ["", [{"Fn::GetAtt": ["SOURCE", "Arn"]}, "/*"]]}]}]}"""
        .replace("SOURCE", source)), document);
  }

  @Test
  void statefulResourcesKeepTheirLogicalIds() {
    // Moving resources into constructs must not rename them: CloudFormation would replace the key and buckets.
    // LogsKey is new (CT.CLOUDWATCH.PR.3: the build logs' key); the others keep the IDs they had.
    assertEquals(List.of("AccessLogs8B620ECA", "ArtifactKey8D84C5F0", "ArtifactsBucket", "LogsKeyA6AB43B2",
        "RefreshLogsE2CBF500", "Source71E471F1"), Stream.of("AWS::S3::Bucket", "AWS::KMS::Key", "AWS::Logs::LogGroup")
        .flatMap(t -> template.findResources(t).keySet().stream()).sorted().toList());
    assertEquals(List.of("InstanceStateChangedD11CCDEB", "TagChangedCC24E416"),
        template.findResources("AWS::Events::Rule").keySet().stream().sorted().toList());
    assertEquals(List.of("PipelineC660917D"), template.findResources("AWS::CodePipeline::Pipeline").keySet().stream().toList());
    assertEquals(List.of("Refresh684FB233"), template.findResources("AWS::CodeBuild::Project").keySet().stream().toList());
  }

  private static String onlyLogicalId(String type) {
    var ids = template.findResources(type).keySet();
    assertEquals(1, ids.size(), type);
    return ids.iterator().next();
  }

  private static String logicalIdOfRoleFor(String service) {
    var it = json.get("Resources").fields();
    String found = null;
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText().equals(service)) {
        if (found != null) throw new AssertionError("two roles for " + service);
        found = e.getKey();
      }
    }
    if (found == null) throw new AssertionError("no role for " + service);
    return found;
  }

  @Test
  void bucketsAreEncryptedPrivateAndTlsOnly() {
    template.resourceCountIs("AWS::S3::Bucket", 3);
    template.allResourcesProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "BucketEncryption", Match.anyValue())));
    template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
  }

  @Test
  void controlTowerSettingsOfKeysLogsAndBuckets() {
    // CT.CLOUDWATCH.PR.2 and PR.3: build logs kept a year with their own key.
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of("LogsKeyA6AB43B2", "Arn"))));
    // CT.KMS.PR.3 on both keys.
    assertEquals(2, template.findResources("AWS::KMS::Key", Map.of("Properties", Match.objectLike(Map.of(
        "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Sid", "CreateGrantOnlyForAwsServices", "Effect", "Deny", "Action", "kms:CreateGrant")))))))))).size());
    // CT.S3.PR.10: the source bucket with the pipeline's key; CT.S3.PR.4 and PR.11 on all three buckets.
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of("ServerSideEncryptionByDefault",
            Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", Map.of("Fn::GetAtt", List.of("ArtifactKey8D84C5F0", "Arn")))))),
        "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "source/")))));
    assertEquals(3, template.findResources("AWS::S3::Bucket", Map.of("Properties", Match.objectLike(Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)))))).size());
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("acme-dashboard-refresh", template.toJSON());
  }
}
