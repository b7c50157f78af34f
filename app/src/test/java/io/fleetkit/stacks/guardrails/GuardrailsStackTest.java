package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class GuardrailsStackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The break-glass role, then fleetkit's deploy roles, which guardrails.deploy_roles exempts by default. */
  private static final String EXEMPT = "\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:role/BreakGlass\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*\",\"arn:aws:iam::*:role/cdk-hnb659fds-file-publishing-role-*\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-image-publishing-role-*\",\"arn:aws:iam::*:role/cdk-hnb659fds-lookup-role-*\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*\",\"arn:aws:iam::*:role/fleetkit/pipelines/*\"]}";
  private static Template template;

  @BeforeAll
  static void synth() {
    template = TestApps.template(TestApps.resource("config/guardrails/base.yaml"), "fleetkit-guardrails");
  }

  /** The Content of the policy named {@code name}, parsed, after checking its type and targets. */
  private static JsonNode content(String name, List<String> targets) {
    Capture content = new Capture();
    template.hasResourceProperties("AWS::Organizations::Policy", Map.of(
        "Name", name,
        "Type", "SERVICE_CONTROL_POLICY",
        "TargetIds", targets,
        "Content", content));
    return JSON.valueToTree(content.asObject());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void createsFivePoliciesAndNothingElse() {
    template.resourceCountIs("AWS::Organizations::Policy", 5);
    assertEquals(5, template.toJSON().get("Resources") instanceof Map<?, ?> r ? r.size() : -1);
  }

  @Test
  void outpostsPolicyOneDeniesCopiesDirectTransfersAndRegionalPuts() throws Exception {
    JsonNode doc = content("fleetkit-outposts-residency-1", List.of("ou-ab12-outposts1", "111122223333"));
    assertEquals(json("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"DenyCopyToRegion","Effect":"Deny","Action":["ec2:ModifyImageAttribute","ec2:CopyImage",
          "ec2:CreateImage","ec2:CreateInstanceExportTask","ec2:ExportImage","ec2:ImportImage","ec2:ImportInstance",
          "ec2:ImportSnapshot","ec2:ImportVolume","rds:CreateDBSnapshot","rds:CreateDBClusterSnapshot",
          "rds:ModifyDBSnapshotAttribute","elasticache:CreateSnapshot","elasticache:CopySnapshot","datasync:Create*",
          "datasync:Update*"],"Resource":"*","Condition":{%1$s}},
         {"Sid":"DenyDirectTransferToRegion","Effect":"Deny","Action":["dynamodb:PutItem","dynamodb:CreateTable",
          "ec2:CreateTrafficMirrorTarget","ec2:CreateTrafficMirrorSession","rds:CreateGlobalCluster","es:Create*",
          "elasticfilesystem:C*","elasticfilesystem:Put*","storagegateway:Create*","neptune-db:connect",
          "glue:CreateDevEndpoint","glue:UpdateDevEndpoint","datapipeline:CreatePipeline",
          "datapipeline:PutPipelineDefinition","sagemaker:CreateAutoMLJob","sagemaker:CreateData*",
          "sagemaker:CreateCode*","sagemaker:CreateEndpoint","sagemaker:CreateDomain",
          "sagemaker:CreateEdgePackagingJob","sagemaker:CreateNotebookInstance","sagemaker:CreateProcessingJob",
          "sagemaker:CreateModel*","sagemaker:CreateTra*","sagemaker:Update*","redshift:CreateCluster*","ses:Send*",
          "ses:Create*","sqs:Create*","sqs:Send*","mq:Create*","cloudfront:Create*","cloudfront:Update*","ecr:Put*",
          "ecr:Create*","ecr:Upload*","ram:AcceptResourceShareInvitation"],"Resource":"*","Condition":{%1$s}},
         {"Sid":"DenyPutObjectToRegionalBuckets","Effect":"Deny","Action":["s3:PutObject"],
          "Resource":"arn:aws:s3:::*","Condition":{%1$s}}]}
        """.formatted(EXEMPT)), doc);
  }

  @Test
  void outpostsPolicyTwoKeepsOutpostSnapshotsOnTheOutpost() throws Exception {
    JsonNode doc = content("fleetkit-outposts-residency-2", List.of("ou-ab12-outposts1", "111122223333"));
    assertEquals(json("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"DenySnapshotsToRegion","Effect":"Deny","Action":["ec2:CreateSnapshot","ec2:CreateSnapshots"],
          "Resource":"arn:aws:ec2:*::snapshot/*","Condition":{
           "ArnLike":{"ec2:SourceOutpostArn":"arn:aws:outposts:*:*:outpost/*"},
           "Null":{"ec2:OutpostArn":"true"},%1$s}},
         {"Sid":"DenySnapshotsNotOutposts","Effect":"Deny","Action":["ec2:CopySnapshot","ec2:ModifySnapshotAttribute"],
          "Resource":"arn:aws:ec2:*::snapshot/*","Condition":{
           "ArnLike":{"ec2:OutpostArn":"arn:aws:outposts:*:*:outpost/*"},%1$s}}]}
        """.formatted(EXEMPT)), doc);
  }

  @Test
  void outpostsPolicyThreeAllowsOnlyOutpostSubnets() throws Exception {
    JsonNode doc = content("fleetkit-outposts-residency-3", List.of("ou-ab12-outposts1", "111122223333"));
    assertEquals(json("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"DenyNotOutpostSubnet","Effect":"Deny","Action":["ec2:RunInstances","ec2:CreateNetworkInterface"],
          "Resource":"arn:aws:ec2:*:*:subnet/*","Condition":{
           "StringNotEquals":{"ec2:SubnetID":["subnet-0a1b2c3d4e5f60001"]},
           %1$s}}]}
        """.formatted(EXEMPT)), doc);
  }

  @Test
  void localZonesReusePolicyOneAndDenySnapshotsAndOtherSubnets() throws Exception {
    JsonNode one = content("fleetkit-localzones-residency-1", List.of("ou-ab12-localzone"));
    assertEquals(content("fleetkit-outposts-residency-1", List.of("ou-ab12-outposts1", "111122223333")), one);
    JsonNode two = content("fleetkit-localzones-residency-2", List.of("ou-ab12-localzone"));
    assertEquals(json("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"DenyAllSnapshots","Effect":"Deny","Action":["ec2:CreateSnapshot","ec2:CreateSnapshots"],
          "Resource":"arn:aws:ec2:*::snapshot/*","Condition":{%1$s}},
         {"Sid":"DenyNotLocalZonesSubnet","Effect":"Deny","Action":["ec2:RunInstances","ec2:CreateNetworkInterface"],
          "Resource":"arn:aws:ec2:*:*:subnet/*","Condition":{
           "StringNotEquals":{"ec2:SubnetID":["subnet-0a1b2c3d4e5f60002"]},
           %1$s}}]}
        """.formatted(EXEMPT)), two);
  }

  @Test
  void everyPolicyFitsTheDefaultSizeLimitWhenMinified() throws Exception {
    var policies = template.findResources("AWS::Organizations::Policy");
    for (var entry : policies.entrySet()) {
      @SuppressWarnings("unchecked")
      var props = (Map<String, Object>) ((Map<String, Object>) entry.getValue()).get("Properties");
      String minified = JSON.writeValueAsString(props.get("Content"));
      assertEquals(true, minified.length() <= 5_120, entry.getKey() + " is " + minified.length() + " characters");
    }
  }

  @Test
  void stackCarriesTheCommonTags() {
    template.hasResourceProperties("AWS::Organizations::Policy", Match.objectLike(Map.of(
        "Tags", Match.arrayWith(List.of(Map.of("Key", "Project", "Value", "fleetkit"))))));
  }

  @Test
  void matchesTheApprovedSnapshot() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-guardrails", template.toJSON());
  }
}
