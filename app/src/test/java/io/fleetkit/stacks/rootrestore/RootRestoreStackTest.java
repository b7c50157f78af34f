package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.ConfigException;

import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.constructs.JavaFunction;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.FileSystem;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code <prefix>-root-restore} with every option on (allowed AMIs, a pinned restore point, a protected instance,
 * scheduled restore points) and with every option off (defaults, no janitor, no DLM policy): the two Automation
 * runbooks, the exact IAM statements of the three roles, the janitor and its schedule, the DLM policy.
 */
class RootRestoreStackTest {
  static final String FULL = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: eu-west-1
      root_volume_restore:
        enabled: true
        restorable_tag: {key: Restorable, value: "yes"}
        keep_restore_points: 5
        scheduled_restore_points: cron(0 5 * * ? *)
        replace_timeout_minutes: 45
        restore_point_timeout_minutes: 90
        allowed_images: [ami-0a1b2c3d4e5f60001, ami-0a1b2c3d4e5f60002]
        pinned_restore_points: [snap-0a1b2c3d4e5f60001]
        protected_instances: [i-0a1b2c3d4e5f60001]
        encryption_key_arns: [arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666]
      """;
  static final String BARE = """
      project: {prefix: bare, account: "111122223333", region: eu-west-1}
      root_volume_restore: {enabled: true, janitor_schedule: "off", delete_replaced_volume: false}
      """;
  static final ObjectMapper JSON = new ObjectMapper();
  static Template full;
  static Template bare;

  @BeforeAll
  static void synth() {
    full = TestApps.template(FULL, "fleetkit-root-restore");
    bare = TestApps.template(BARE, "bare-root-restore");
  }

  @Test
  void aPrefixThatWouldNameReservedRunbooksIsAConfigError() {
    var e = assertThrows(ConfigException.class, () -> RootRestorePlan.of(TestApps.config(BARE.replace("prefix: bare",
        "prefix: aws-edge"))));
    assertEquals(List.of("test.yaml:1:19: project.prefix: \"aws-edge\" would name the SSM document"
        + " aws-edge-ReplaceRootVolume, and SSM reserves names starting with aws, amazon or amzn (expected another"
        + " prefix when root_volume_restore is enabled)"), e.lines());
  }

  static JsonNode tree(Object o) {
    return JSON.valueToTree(o);
  }

  static JsonNode resource(Template t, String type, String logicalIdStart) {
    var found = t.findResources(type);
    var ids = found.keySet().stream().filter(id -> id.startsWith(logicalIdStart)).toList();
    assertEquals(1, ids.size(), type + " " + logicalIdStart + ": " + found.keySet());
    return tree(found.get(ids.get(0))).get("Properties");
  }

  static JsonNode content(Template t, String logicalIdStart) {
    return resource(t, "AWS::SSM::Document", logicalIdStart).get("Content");
  }

  static List<String> stepNames(JsonNode content) {
    List<String> out = new ArrayList<>();
    content.get("mainSteps").forEach(s -> out.add(s.get("name").asText() + " " + s.get("action").asText()));
    return out;
  }

  static JsonNode step(JsonNode content, String name) {
    for (JsonNode s : content.get("mainSteps")) {
      if (s.get("name").asText().equals(name)) return s;
    }
    throw new AssertionError("no step " + name);
  }

  @Test
  void twoNamedAutomationDocumentsOfSchemaZeroThreeThatUpdateInPlace() {
    var documents = full.findResources("AWS::SSM::Document");
    assertEquals(2, documents.size());
    for (String name : List.of("fleetkit-ReplaceRootVolume", "fleetkit-CreateRestorePoint")) {
      full.hasResourceProperties("AWS::SSM::Document", Map.of("Name", name, "DocumentType", "Automation",
          "DocumentFormat", "JSON", "TargetType", "/AWS::EC2::Instance", "UpdateMethod", "NewVersion",
          "Content", Match.objectLike(Map.of("schemaVersion", "0.3", "assumeRole", "{{AutomationAssumeRole}}"))));
    }
  }

  @Test
  void theReplaceRunbookFindsTheRootDeviceReplacesWaitsChecksAndSnapshots() {
    JsonNode c = content(full, "ReplaceRootVolume");
    assertEquals(List.of(
        "checkInstance aws:assertAwsResourceProperty", "checkRunning aws:assertAwsResourceProperty",
        "findRootDevice aws:executeAwsApi", "chooseSource aws:branch",
        "replaceFromLaunchState aws:executeAwsApi", "waitForLaunchStateTask aws:waitForAwsResourceProperty",
        "checkLaunchStateTask aws:assertAwsResourceProperty",
        "replaceFromSnapshot aws:executeAwsApi", "waitForSnapshotTask aws:waitForAwsResourceProperty",
        "checkSnapshotTask aws:assertAwsResourceProperty",
        "replaceFromImage aws:executeAwsApi", "waitForImageTask aws:waitForAwsResourceProperty",
        "checkImageTask aws:assertAwsResourceProperty",
        "findNewRootVolume aws:executeAwsApi", "createRestorePoint aws:executeAwsApi",
        "waitForRestorePoint aws:waitForAwsResourceProperty", "checkRestorePoint aws:assertAwsResourceProperty"),
        stepNames(c));
    assertEquals(tree(Map.of("InstanceIds", List.of("{{InstanceId}}"), "Filters", List.of(Map.of("Name", "tag:Restorable",
        "Values", List.of("yes"))), "Service", "ec2", "Api", "DescribeInstances",
        "PropertySelector", "$.Reservations[0].Instances[0].RootDeviceType", "DesiredValues", List.of("ebs"))),
        step(c, "checkInstance").get("inputs"));
    assertEquals(tree(Map.of("Choices", List.of(
        Map.of("NextStep", "replaceFromSnapshot", "Variable", "{{RestoreFrom}}", "StartsWith", "snap-"),
        Map.of("NextStep", "replaceFromImage", "Variable", "{{RestoreFrom}}", "StartsWith", "ami-")),
        "Default", "replaceFromLaunchState")), step(c, "chooseSource").get("inputs"));
    assertEquals(tree(Map.of("Service", "ec2", "Api", "CreateReplaceRootVolumeTask", "InstanceId", "{{InstanceId}}",
        "SnapshotId", "{{RestoreFrom}}", "DeleteReplacedRootVolume", "{{DeleteReplacedRootVolume}}",
        "ClientToken", "{{automation:EXECUTION_ID}}", "TagSpecifications", List.of(Map.of(
            "ResourceType", "replace-root-volume-task",
            "Tags", List.of(Map.of("Key", "fleetkit:automation-execution", "Value", "{{automation:EXECUTION_ID}}")))))),
        step(c, "replaceFromSnapshot").get("inputs"));
    assertEquals("{{RestoreFrom}}", step(c, "replaceFromImage").get("inputs").get("ImageId").asText());
    assertTrue(step(c, "replaceFromLaunchState").get("inputs").path("SnapshotId").isMissingNode());
    assertTrue(step(c, "replaceFromLaunchState").get("inputs").path("ImageId").isMissingNode());
    for (String source : List.of("LaunchState", "Snapshot", "Image")) {
      JsonNode wait = step(c, "waitFor" + source + "Task");
      assertEquals(45 * 60, wait.get("timeoutSeconds").asInt());
      assertEquals(tree(List.of("succeeded", "failed", "failed-detached")), wait.get("inputs").get("DesiredValues"));
      assertEquals("check" + source + "Task", wait.get("nextStep").asText());
      JsonNode check = step(c, "check" + source + "Task");
      assertEquals(tree(List.of("succeeded")), check.get("inputs").get("DesiredValues"));
      assertEquals("findNewRootVolume", check.get("nextStep").asText());
    }
    assertEquals(tree(List.of(
        Map.of("Name", "attachment.instance-id", "Values", List.of("{{InstanceId}}")),
        Map.of("Name", "attachment.device", "Values", List.of("{{findRootDevice.RootDeviceName}}")),
        Map.of("Name", "attachment.status", "Values", List.of("attached")))),
        step(c, "findNewRootVolume").get("inputs").get("Filters"));
    assertEquals(tree(List.of(Map.of("ResourceType", "snapshot", "Tags", List.of(
        Map.of("Key", "fleetkit:restore-point", "Value", "{{InstanceId}}"),
        Map.of("Key", "fleetkit:automation-execution", "Value", "{{automation:EXECUTION_ID}}"),
        Map.of("Key", "Name", "Value", "fleetkit restore point {{InstanceId}}"))))),
        step(c, "createRestorePoint").get("inputs").get("TagSpecifications"));
    assertEquals(90 * 60, step(c, "waitForRestorePoint").get("timeoutSeconds").asInt());
    assertTrue(step(c, "checkRestorePoint").get("isEnd").asBoolean());
    assertEquals(tree(List.of("findNewRootVolume.VolumeId", "createRestorePoint.SnapshotId")), c.get("outputs"));
  }

  @Test
  void parametersAcceptOnlyWellFormedIdsAndTheAllowedImages() {
    JsonNode p = content(full, "ReplaceRootVolume").get("parameters");
    assertEquals("^i-([0-9a-f]{8}|[0-9a-f]{17})$", p.get("InstanceId").get("allowedPattern").asText());
    assertEquals("^(launch|snap-([0-9a-f]{8}|[0-9a-f]{17})|ami-0a1b2c3d4e5f60001|ami-0a1b2c3d4e5f60002)$",
        p.get("RestoreFrom").get("allowedPattern").asText());
    assertEquals("launch", p.get("RestoreFrom").get("default").asText());
    assertEquals(tree(Map.of("type", "Boolean", "description", "Whether EC2 deletes the replaced root volume once the task"
        + " succeeds; false keeps it, detached, until you delete it.", "default", true)), p.get("DeleteReplacedRootVolume"));
    assertEquals(tree(Map.of("Fn::GetAtt", List.of(roleId(full), "Arn"))), p.get("AutomationAssumeRole").get("default"));
    JsonNode bareParameters = content(bare, "ReplaceRootVolume").get("parameters");
    assertEquals("^(launch|snap-([0-9a-f]{8}|[0-9a-f]{17})|ami-([0-9a-f]{8}|[0-9a-f]{17}))$",
        bareParameters.get("RestoreFrom").get("allowedPattern").asText());
    assertEquals(false, bareParameters.get("DeleteReplacedRootVolume").get("default").asBoolean());
  }

  @Test
  void theRestorePointRunbookChecksTheTagThenSnapshotsTheRootVolume() {
    JsonNode c = content(full, "CreateRestorePoint");
    assertEquals(List.of("checkInstance aws:assertAwsResourceProperty", "findRootDevice aws:executeAwsApi",
        "findRootVolume aws:executeAwsApi", "createRestorePoint aws:executeAwsApi",
        "waitForRestorePoint aws:waitForAwsResourceProperty", "checkRestorePoint aws:assertAwsResourceProperty"),
        stepNames(c));
    assertEquals(tree(List.of("InstanceId", "AutomationAssumeRole")), tree(iterable(c.get("parameters").fieldNames())));
    assertEquals("{{findRootVolume.VolumeId}}", step(c, "createRestorePoint").get("inputs").get("VolumeId").asText());
  }

  static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  static String roleId(Template t) {
    var roles = t.findResources("AWS::IAM::Role", Map.of("Properties", Map.of("AssumeRolePolicyDocument",
        Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of("Principal",
            Map.of("Service", "ssm.amazonaws.com"))))))))).keySet();
    assertEquals(1, roles.size());
    return roles.iterator().next();
  }

  @Test
  void onlySystemsManagerAutomationOfThisAccountMayAssumeTheRunbookRole() {
    assertEquals(tree(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Action", "sts:AssumeRole",
        "Effect", "Allow", "Principal", Map.of("Service", "ssm.amazonaws.com"), "Condition", Map.of(
            "StringEquals", Map.of("aws:SourceAccount", "111122223333"),
            "ArnLike", Map.of("aws:SourceArn", "arn:aws:ssm:*:111122223333:automation-execution/*")))))),
        resource(full, "AWS::IAM::Role", "RunbookRole").get("AssumeRolePolicyDocument"));
  }

  static final String RUNBOOK_STATEMENTS = """
      [{"Sid": "ReadInstancesVolumesSnapshotsAndTasks", "Effect": "Allow", "Resource": "*",
        "Action": ["ec2:DescribeInstances", "ec2:DescribeReplaceRootVolumeTasks", "ec2:DescribeSnapshots",
                   "ec2:DescribeVolumes"]},
       {"Sid": "ReplaceRootVolumeOfRestorableInstances", "Effect": "Allow", "Action": "ec2:CreateReplaceRootVolumeTask",
        "Resource": "arn:aws:ec2:eu-west-1:111122223333:instance/*",
        "Condition": {"StringEquals": {"aws:ResourceTag/Restorable": "yes"}}},
       {"Sid": "CreateTheTaskAndItsNewVolume", "Effect": "Allow", "Action": "ec2:CreateReplaceRootVolumeTask",
        "Resource": ["arn:aws:ec2:eu-west-1:111122223333:replace-root-volume-task/*",
                     "arn:aws:ec2:eu-west-1:111122223333:volume/*"]},
       {"Sid": "RestoreFromSnapshotsAndAllowedImages", "Effect": "Allow", "Action": "ec2:CreateReplaceRootVolumeTask",
        "Resource": ["arn:aws:ec2:eu-west-1::image/ami-0a1b2c3d4e5f60001", "arn:aws:ec2:eu-west-1::image/ami-0a1b2c3d4e5f60002",
                     "arn:aws:ec2:eu-west-1::snapshot/*"]},
       {"Sid": "CreateTaggedRestorePoints", "Effect": "Allow", "Action": "ec2:CreateSnapshot",
        "Resource": "arn:aws:ec2:eu-west-1::snapshot/*",
        "Condition": {"StringLike": {"aws:RequestTag/fleetkit:restore-point": "i-*"}}},
       {"Sid": "SnapshotVolumes", "Effect": "Allow", "Action": "ec2:CreateSnapshot",
        "Resource": "arn:aws:ec2:eu-west-1:111122223333:volume/*"},
       {"Sid": "TagOnlyWhenCreating", "Effect": "Allow", "Action": "ec2:CreateTags",
        "Resource": ["arn:aws:ec2:eu-west-1:111122223333:replace-root-volume-task/*", "arn:aws:ec2:eu-west-1::snapshot/*"],
        "Condition": {"StringEquals": {"ec2:CreateAction": ["CreateSnapshot", "CreateReplaceRootVolumeTask"]}}},
       {"Sid": "UseRootVolumeKeysThroughEbs", "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
                   "kms:ReEncryptTo"],
        "Resource": "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666",
        "Condition": {"StringEquals": {"kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}},
       {"Sid": "GrantRootVolumeKeysToEbs", "Effect": "Allow", "Action": "kms:CreateGrant",
        "Resource": "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666",
        "Condition": {"StringEquals": {"kms:ViaService": "ec2.eu-west-1.amazonaws.com"},
                      "Bool": {"kms:GrantIsForAWSResource": "true"}}},
       {"Sid": "NeverReplaceProtectedInstances", "Effect": "Deny", "Action": "ec2:CreateReplaceRootVolumeTask",
        "Resource": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60001"}]
      """;

  @Test
  void theRunbookRoleReplacesOnlyTaggedInstancesTagsOnlyAtCreationAndDeletesNothing() throws Exception {
    JsonNode policy = resource(full, "AWS::IAM::Policy", "RunbookRole");
    assertEquals(JSON.readTree(RUNBOOK_STATEMENTS), policy.get("PolicyDocument").get("Statement"));
    assertEquals(tree(List.of(Map.of("Ref", roleId(full)))), policy.get("Roles"));
    JsonNode barePolicy = resource(bare, "AWS::IAM::Policy", "RunbookRole").get("PolicyDocument").get("Statement");
    assertEquals(7, barePolicy.size(), "no Deny without protected instances, no KMS without keys");
    assertEquals(tree(List.of("arn:aws:ec2:eu-west-1::image/*", "arn:aws:ec2:eu-west-1::snapshot/*")),
        barePolicy.get(3).get("Resource"));
  }

  @Test
  void theJanitorDeletesOnlyTaggedRestorePointsAndNeverAPinnedOne() throws Exception {
    JsonNode statements = resource(full, "AWS::IAM::Policy", "JanitorFunctionRole").get("PolicyDocument").get("Statement");
    assertEquals(JSON.readTree("""
        [{"Sid": "ListSnapshots", "Effect": "Allow", "Action": "ec2:DescribeSnapshots", "Resource": "*"},
         {"Sid": "DeleteOnlyRestorePoints", "Effect": "Allow", "Action": "ec2:DeleteSnapshot",
          "Resource": "arn:aws:ec2:eu-west-1::snapshot/*",
          "Condition": {"StringLike": {"aws:ResourceTag/fleetkit:restore-point": "i-*"}}},
         {"Sid": "NeverDeletePinnedRestorePoints", "Effect": "Deny", "Action": "ec2:DeleteSnapshot",
          "Resource": "arn:aws:ec2:eu-west-1::snapshot/snap-0a1b2c3d4e5f60001"}]
        """), tree(List.of(statements.get(1), statements.get(2), statements.get(3))));
    assertEquals("WriteOwnLogs", statements.get(0).get("Sid").asText());
    assertEquals(4, statements.size());
    JsonNode function = resource(full, "AWS::Lambda::Function", "JanitorFunction");
    assertEquals("io.fleetkit.functions.restorepoints.RestorePointsHandler::handleRequest", function.get("Handler").asText());
    assertEquals("java25", function.get("Runtime").asText());
    assertEquals(tree(List.of("arm64")), function.get("Architectures"));
    assertEquals(300, function.get("Timeout").asInt());
    assertEquals("{\"tag_key\":\"fleetkit:restore-point\",\"keep\":5,\"dry_run\":false,\"pinned\":[\"snap-0a1b2c3d4e5f60001\"]}",
        function.get("Environment").get("Variables").get("FLEETKIT_RESTORE_POINTS_CONFIG").asText());
    full.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "cron(30 4 * * ? *)", "State", "ENABLED",
        "Targets", List.of(Map.of("Arn", Map.of("Fn::GetAtt", List.of(functionId(full), "Arn")), "Id", "Target0",
            "RetryPolicy", Map.of("MaximumRetryAttempts", 0)))));
    full.hasResourceProperties("AWS::Lambda::Permission", Map.of("Action", "lambda:InvokeFunction",
        "Principal", "events.amazonaws.com", "SourceArn", Match.objectLike(Map.of("Fn::GetAtt",
            List.of(full.findResources("AWS::Events::Rule").keySet().iterator().next(), "Arn")))));
  }

  static String functionId(Template t) {
    return t.findResources("AWS::Lambda::Function").keySet().iterator().next();
  }

  @Test
  void scheduledRestorePointsAreADlmPolicyOnTaggedInstancesWithTheirOwnTag() throws Exception {
    JsonNode policy = resource(full, "AWS::DLM::LifecyclePolicy", "ScheduledRestorePoints");
    assertEquals(JSON.readTree("""
        {"PolicyType": "EBS_SNAPSHOT_MANAGEMENT", "ResourceTypes": ["INSTANCE"],
         "TargetTags": [{"Key": "Restorable", "Value": "yes"}],
         "Schedules": [{"Name": "fleetkit restore points", "CreateRule": {"CronExpression": "cron(0 5 * * ? *)"},
                        "RetainRule": {"Count": 5}, "CopyTags": false,
                        "VariableTags": [{"Key": "fleetkit:restore-point:scheduled", "Value": "$(instance-id)"}]}]}
        """), policy.get("PolicyDetails"));
    assertEquals("ENABLED", policy.get("State").asText());
    JsonNode statements = resource(full, "AWS::IAM::Policy", "ScheduledRestorePointsRole").get("PolicyDocument")
        .get("Statement");
    assertEquals(JSON.readTree("""
        {"Sid": "DeleteOnlyScheduledRestorePoints", "Effect": "Allow", "Action": "ec2:DeleteSnapshot",
         "Resource": "arn:aws:ec2:eu-west-1::snapshot/*",
         "Condition": {"StringLike": {"aws:ResourceTag/fleetkit:restore-point:scheduled": "i-*"}}}
        """), statements.get(statements.size() - 1));
    assertEquals(JSON.readTree("""
        {"Sid": "SnapshotSetsOfRestorableInstances", "Effect": "Allow", "Action": "ec2:CreateSnapshots",
         "Resource": "arn:aws:ec2:eu-west-1:111122223333:instance/*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Restorable": "yes"}}}
        """), statements.get(1));
    full.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Match.objectLike(Map.of(
        "Statement", List.of(Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
            "Principal", Map.of("Service", "dlm.amazonaws.com")))))));
  }

  @Test
  void withEverythingOffThereIsNoJanitorNoDlmPolicyAndNoDeny() {
    bare.resourceCountIs("AWS::SSM::Document", 2);
    bare.resourceCountIs("AWS::Lambda::Function", 0);
    bare.resourceCountIs("AWS::Events::Rule", 0);
    bare.resourceCountIs("AWS::DLM::LifecyclePolicy", 0);
    bare.resourceCountIs("AWS::IAM::Role", 1);
    bare.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
        Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny"))))))));
  }

  @Test
  void noRoleOfTheStackTagsOrDeletesWithoutACondition() {
    for (Template t : List.of(full, bare)) {
      t.findResources("AWS::IAM::Policy").forEach((id, r) -> tree(r).at("/Properties/PolicyDocument/Statement").forEach(s -> {
        String action = s.get("Action").toString();
        if (id.startsWith("RunbookRole") || id.startsWith("Janitor")) {
          assertTrue(!action.contains("CreateTags") || s.has("Condition"), id + ": " + s);
        }
        if (action.contains("DeleteSnapshot") && s.get("Effect").asText().equals("Allow")) {
          assertTrue(s.has("Condition"), id + ": " + s);
        }
        assertTrue(!action.contains("DeleteVolume") && !action.contains("ssm:"), id + ": " + s);
      }));
    }
  }

  @Test
  void outputsNameTheRunbooksAndTheRole() {
    full.hasOutput("ReplaceRunbook", Map.of("Value", Map.of("Ref", documentId(full, "ReplaceRootVolume"))));
    full.hasOutput("RestorePointRunbook", Map.of("Value", Map.of("Ref", documentId(full, "CreateRestorePoint"))));
    full.hasOutput("RunbookRoleArn", Map.of("Value", Map.of("Fn::GetAtt", List.of(roleId(full), "Arn"))));
  }

  static String documentId(Template t, String start) {
    return t.findResources("AWS::SSM::Document").keySet().stream().filter(id -> id.startsWith(start)).findFirst().orElseThrow();
  }

  /**
   * The janitor's code key is CDK's fingerprint of the staged functions directory, the key JavaFunctionTest prints
   * and .ci/run compares across two clean builds: this stack ships that asset and nothing else.
   */
  @Test
  void theJanitorCodeIsTheStagedFunctionsAsset() {
    String key = FileSystem.fingerprint(JavaFunction.ASSET_DIRECTORY.toAbsolutePath().toString()) + ".zip";
    System.out.println("fleetkit-function-asset-s3key " + key);
    full.resourceCountIs("AWS::Lambda::Function", 1);
    full.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Code", Map.of(
        "S3Bucket", "cdk-hnb659fds-assets-111122223333-eu-west-1", "S3Key", key))));
  }

  /** The approved template, with the functions module's asset key in a stable form: it changes with any handler's code. */
  @Test
  void matchesTheApprovedTemplate() throws Exception {
    ObjectNode template = JSON.valueToTree(full.toJSON());
    ObjectNode code = (ObjectNode) template.at("/Resources/" + functionId(full) + "/Properties/Code");
    assertTrue(code.get("S3Key").asText().matches("[0-9a-f]{64}\\.zip"), code.toString());
    code.put("S3Key", "<functions/target/lambda>.zip");
    ApprovedTemplates.assertMatches("fleetkit-root-restore", JSON.convertValue(template, Map.class));
  }
}
