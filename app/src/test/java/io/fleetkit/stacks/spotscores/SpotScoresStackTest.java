package io.fleetkit.stacks.spotscores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.constructs.JavaFunction;
import io.fleetkit.functions.spotscores.SpotScoresConfig;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.FileSystem;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Spot placement score stack of issue 12: one java25 arm64 function with reserved concurrency 1, an
 * EventBridge rule that runs it, exactly the two statements the collector needs, the dashboard and the alarms.
 * Built once with a created alarm topic, once with an existing one; cdk-nag and the strict validator run on both.
 */
class SpotScoresStackTest {
  static final String STACK = "fk-spot-scores";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String YAML = """
      project:
        prefix: fk
        account: "111122223333"
        region: us-east-1
      spot_placement_scores:
        enabled: true
        schedule_minutes: 10
        regions: [us-east-1, us-west-2]
        target_capacities: [10, 100]
        configurations:
          - name: web
            instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
          - name: arm
            instance_requirements: {vcpu: {min: 2, max: 8}, memory_mib: {min: 4096}, cpu_manufacturers: [amazon-web-services]}
            single_az: true
        alarm: {enabled: true, below: 4, minutes: 30}
      """;
  static Template template;
  static Template existingTopic;

  @BeforeAll
  static void build() {
    Map<String, Stack> stacks = TestApps.stacks(YAML);
    template = Template.fromStack(stacks.get(STACK));
    existingTopic = TestApps.template(YAML.replace("alarm: {enabled: true, below: 4, minutes: 30}",
        "alarm: {enabled: true, topic_arn: \"arn:aws:sns:us-east-1:111122223333:spot-alerts\"}"), STACK);
  }

  @Test
  void oneJava25Arm64FunctionWithReservedConcurrencyOneAndTheCollectorsConfiguration() {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    Capture config = new Capture();
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Runtime", "java25",
        "Architectures", List.of("arm64"),
        "Handler", "io.fleetkit.functions.spotscores.SpotScoresHandler::handleRequest",
        "ReservedConcurrentExecutions", 1,
        // 8 minutes: two below the 10-minute schedule.
        "Timeout", 480,
        "Environment", Map.of("Variables", Map.of(
            "FLEETKIT_SPOT_SCORES_CONFIG", config,
            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
    SpotScoresConfig parsed = SpotScoresConfig.parse(config.asString());
    assertEquals(List.of("web", "arm"), parsed.configurations().stream().map(SpotScoresConfig.Configuration::name).toList());
    assertEquals(4, parsed.queries().size());
  }

  /**
   * The code's key is CDK's fingerprint of the staged functions directory, the same key JavaFunctionTest prints and
   * .ci/run compares across two clean builds: this stack ships that asset and nothing else.
   */
  @Test
  void theCodeIsTheStagedFunctionsAsset() {
    String key = FileSystem.fingerprint(JavaFunction.ASSET_DIRECTORY.toAbsolutePath().toString()) + ".zip";
    System.out.println("fleetkit-function-asset-s3key " + key);
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Code", Map.of(
        "S3Bucket", "cdk-hnb659fds-assets-111122223333-us-east-1", "S3Key", key))));
  }

  @Test
  void anEventBridgeRuleRunsItOnTheScheduleThroughAPermissionScopedToTheRule() {
    template.resourceCountIs("AWS::Events::Rule", 1);
    Capture rule = new Capture();
    template.hasResource("AWS::Events::Rule", Map.of("Properties", Match.objectLike(Map.of(
        "ScheduleExpression", "rate(10 minutes)",
        "State", "ENABLED",
        "Targets", List.of(Map.of(
            "Arn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorFunction.*"), "Arn")),
            "Id", "Target0",
            "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 600, "MaximumRetryAttempts", 2)))))));
    template.hasResourceProperties("AWS::Lambda::Permission", Match.objectEquals(Map.of(
        "Action", "lambda:InvokeFunction",
        "FunctionName", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorFunction.*"), "Arn")),
        "Principal", "events.amazonaws.com",
        "SourceArn", Map.of("Fn::GetAtt", List.of(rule, "Arn")))));
    assertTrue(rule.asString().startsWith("Schedule"), rule.asString());
  }

  @Test
  void theRoleMayScoreAndPublishToItsNamespaceAndWriteItsLogsNothingElse() {
    template.resourceCountIs("AWS::IAM::Policy", 1);
    template.resourceCountIs("AWS::IAM::Role", 1);
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectEquals(Map.of(
        "Version", "2012-10-17",
        "Statement", List.of(
            Map.of("Sid", "WriteOwnLogs", "Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorLogs.*"), "Arn"))),
            Map.of("Sid", "ScoreSpotPlacement", "Effect", "Allow", "Action", "ec2:GetSpotPlacementScores", "Resource", "*"),
            Map.of("Sid", "PublishScoresToOwnNamespace", "Effect", "Allow", "Action", "cloudwatch:PutMetricData",
                "Resource", "*", "Condition", Map.of("StringEquals",
                    Map.of("cloudwatch:namespace", "Fleetkit/SpotPlacementScores"))))))));
    template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns", Match.absent())));
  }

  @Test
  void theDashboardHasAGraphPerConfigurationAndCapacityOnAZeroToTenAxis() throws Exception {
    Map<String, Map<String, Object>> dashboards = template.findResources("AWS::CloudWatch::Dashboard");
    assertEquals(1, dashboards.size());
    Map<?, ?> props = (Map<?, ?>) dashboards.values().iterator().next().get("Properties");
    assertEquals("fk-spot-scores", props.get("DashboardName"));
    JsonNode body = JSON.readTree((String) props.get("DashboardBody"));
    assertEquals("-P7D", body.get("start").asText());
    List<String> titles = new ArrayList<>();
    Map<String, JsonNode> graphs = new LinkedHashMap<>();
    for (JsonNode w : body.get("widgets")) {
      assertTrue(w.get("x").asInt() + w.get("width").asInt() <= 24, w.toString());
      if (!w.get("type").asText().equals("metric")) continue;
      titles.add(w.at("/properties/title").asText());
      graphs.put(w.at("/properties/title").asText(), w.get("properties"));
    }
    assertEquals(List.of("Queries not scored (Refused, RegionNotEnabled, Error)", "web: 10 units", "web: 100 units",
        "arm: 10 units by zone", "arm: 100 units by zone"), titles);
    // Regional: one named series per configured Region, exact dimensions of the collector's Score.
    JsonNode web = graphs.get("web: 100 units");
    assertEquals("[[\"Fleetkit/SpotPlacementScores\",\"Score\",\"Configuration\",\"web\",\"Region\",\"us-east-1\","
        + "\"TargetCapacity\",\"100\",\"TargetCapacityUnit\",\"units\",{\"label\":\"us-east-1\",\"color\":\"#1f77b4\"}],"
        + "[\"Fleetkit/SpotPlacementScores\",\"Score\",\"Configuration\",\"web\",\"Region\",\"us-west-2\",\"TargetCapacity\","
        + "\"100\",\"TargetCapacityUnit\",\"units\",{\"label\":\"us-west-2\",\"color\":\"#7f7f7f\"}]]",
        web.get("metrics").toString());
    assertEquals("{\"left\":{\"min\":0,\"max\":10,\"showUnits\":false}}", web.get("yAxis").toString());
    assertEquals(600, web.get("period").asInt());
    assertEquals("us-east-1", web.get("region").asText());
    // Single-AZ: zone IDs are known only after the first run, so SEARCH finds them.
    JsonNode arm = graphs.get("arm: 10 units by zone");
    assertEquals("[[{\"expression\":\"SEARCH('{\\\"Fleetkit/SpotPlacementScores\\\",AvailabilityZoneId,Configuration,"
        + "Region,TargetCapacity,TargetCapacityUnit} MetricName=\\\"Score\\\" Configuration=\\\"arm\\\""
        + " TargetCapacity=\\\"10\\\" TargetCapacityUnit=\\\"units\\\"', 'Maximum', 600)\",\"id\":\"e1\",\"label\":"
        + "\"${PROP('Dim.Region')} ${PROP('Dim.AvailabilityZoneId')}\"}]]", arm.get("metrics").toString());
    assertEquals("{\"left\":{\"min\":0,\"max\":10,\"showUnits\":false}}", arm.get("yAxis").toString());
  }

  @Test
  void anAlarmPerRegionalConfigurationCapacityAndRegionToAnEncryptedTopic() {
    // web x 2 capacities x 2 Regions; arm is single-AZ and has none.
    template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
    Capture topic = new Capture();
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.ofEntries(
        Map.entry("Namespace", "Fleetkit/SpotPlacementScores"),
        Map.entry("MetricName", "Score"),
        Map.entry("Dimensions", List.of(
            Map.of("Name", "Configuration", "Value", "web"),
            Map.of("Name", "Region", "Value", "us-west-2"),
            Map.of("Name", "TargetCapacity", "Value", "100"),
            Map.of("Name", "TargetCapacityUnit", "Value", "units"))),
        Map.entry("Statistic", "Minimum"),
        Map.entry("Period", 600),
        Map.entry("Threshold", 4),
        Map.entry("ComparisonOperator", "LessThanThreshold"),
        Map.entry("EvaluationPeriods", 3),
        Map.entry("DatapointsToAlarm", 3),
        Map.entry("TreatMissingData", "missing"),
        Map.entry("AlarmActions", List.of(Map.of("Ref", topic))),
        Map.entry("InsufficientDataActions", List.of(Map.of("Ref", topic))))));
    template.hasResource("AWS::SNS::Topic", Map.of("Properties", Match.objectLike(Map.of(
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AlarmsTopicKey.*"), "Arn"))))));
    assertTrue(topic.asString().startsWith("AlarmsTopic"), topic.asString());
    template.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of("PolicyDocument", Map.of(
        "Version", "2012-10-17",
        "Statement", List.of(
            Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Principal", "*", "Action", "sns:Publish",
                "Resource", Map.of("Ref", topic.asString()),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))),
            Map.of("Sid", "CloudWatchAlarmsOfThisAccount", "Effect", "Allow",
                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"), "Action", "sns:Publish",
                "Resource", Map.of("Ref", topic.asString()),
                "Condition", Map.of(
                    "ArnLike", Map.of("aws:SourceArn", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:*"),
                    "StringEquals", Map.of("aws:SourceAccount", "111122223333"))))))));
    template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true,
        "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Sid", "CloudWatchAlarmsPublish",
            "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
            "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*")))))))));
  }

  @Test
  void anExistingTopicIsUsedAsItIs() {
    existingTopic.resourceCountIs("AWS::SNS::Topic", 0);
    existingTopic.resourceCountIs("AWS::KMS::Key", 1);
    existingTopic.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
        "AlarmActions", List.of("arn:aws:sns:us-east-1:111122223333:spot-alerts"),
        "InsufficientDataActions", List.of("arn:aws:sns:us-east-1:111122223333:spot-alerts"), "Threshold", 5,
        "EvaluationPeriods", 6)));
  }

  @Test
  void approvedTemplate() throws Exception {
    ApprovedTemplates.assertMatches(STACK, withoutAssetKey(template.toJSON()));
  }

  /** The approved copy leaves out the code's key, which changes with every change to the functions module. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutAssetKey(Map<String, Object> t) throws Exception {
    Map<String, Object> copy = JSON.readValue(JSON.writeValueAsString(t), Map.class);
    for (Object r : ((Map<String, Object>) copy.get("Resources")).values()) {
      Map<String, Object> resource = (Map<String, Object>) r;
      if ("AWS::Lambda::Function".equals(resource.get("Type"))) {
        ((Map<String, Object>) ((Map<String, Object>) resource.get("Properties")).get("Code"))
            .put("S3Key", "<fingerprint of functions/target/lambda, see theCodeIsTheStagedFunctionsAsset>");
      }
    }
    return copy;
  }
}
