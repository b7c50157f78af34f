package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.Snapshots;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        snapshot: samples/outposts-inventory.json
        pipeline:
          source: s3
          source_object_key: apps/fleetkit.zip
          config_file: examples/edge.yaml
      """;
  static Template template;
  static JsonNode json;

  @BeforeAll
  static void synth() {
    template = TestApps.template(YAML, "acme-dashboard-refresh");
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
  void buildRoleListsDiscoveryActionsAndOnlyTheBootstrapRoles() {
    JsonNode role = null;
    for (JsonNode r : json.get("Resources")) {
      if (r.get("Type").asText().equals("AWS::IAM::Role")
          && r.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText().equals("codebuild.amazonaws.com")) {
        role = r;
      }
    }
    assertTrue(role != null, "the CodeBuild role");
    JsonNode statements = role.at("/Properties/Policies/0/PolicyDocument/Statement");
    List<String> sids = new ArrayList<>();
    statements.forEach(s -> sids.add(s.get("Sid").asText()));
    assertEquals(List.of("DiscoveryReadOnly", "CdkBootstrapRoles", "BuildLogs", "ReadSourceArtifact", "ArtifactBucket",
        "ArtifactKey"), sids);
    List<String> actions = new ArrayList<>();
    statements.get(0).get("Action").forEach(a -> actions.add(a.asText()));
    assertEquals(RefreshPipelineStack.DISCOVERY_ACTIONS, actions);
    assertTrue(actions.stream().noneMatch(a -> a.contains("*")), "no wildcard actions");
    assertEquals("sts:AssumeRole", statements.get(1).get("Action").asText());
    List<String> roles = new ArrayList<>();
    statements.get(1).get("Resource").forEach(r -> roles.add(JSON.valueToTree(r).toString()));
    assertEquals(List.of(
        // Partition literal: cdk.json's @aws-cdk/core:enablePartitionLiterals with a known Region.
        "\"arn:aws:iam::111122223333:role/cdk-hnb659fds-deploy-role-111122223333-eu-west-1\"",
        "\"arn:aws:iam::111122223333:role/cdk-hnb659fds-file-publishing-role-111122223333-eu-west-1\""),
        roles);
    // Closed to CDK's automatic grants: the role has no attached default policy.
    template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of(
        "Roles", List.of(Map.of("Ref", logicalIdOfCodeBuildRole())))), 0);
  }

  private static String logicalIdOfCodeBuildRole() {
    var it = json.get("Resources").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()
          .equals("codebuild.amazonaws.com")) return e.getKey();
    }
    throw new AssertionError("no CodeBuild role");
  }

  @Test
  void rulesStartThePipelineOnTagAndInstanceStateChanges() {
    template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
        "EventPattern", Map.of(
            "source", List.of("aws.tag"),
            "detail-type", List.of("Tag Change on Resource"),
            "detail", Map.of("changed-tag-keys", List.of("Dashboard"))),
        "Targets", List.of(Match.objectLike(Map.of("Arn", Match.anyValue()))))));
    template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
        "EventPattern", Map.of(
            "source", List.of("aws.ec2"),
            "detail-type", List.of("EC2 Instance State-change Notification"),
            "detail", Map.of("state", List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated"))))));
    template.resourceCountIs("AWS::Events::Rule", 2);
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
  void snapshot() throws Exception {
    Snapshots.assertMatches("acme-dashboard-refresh", template.toJSON());
  }
}
