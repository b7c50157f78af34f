package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The default config.yaml turns the alarms on: its dashboard stack holds ConnectedStatus and capacity alarms
 * that notify the encrypted topic of {@code fleetkit-alarm-topic}, and the capacity reservation alarm notifies
 * it too.
 */
class AlarmTopicStackTest {
  static Template topic;
  static Template dashboard;
  static Template capacity;
  static Map<String, Object> topicAccount = Map.of("Ref", "AWS::AccountId");
  static Object topicArn = Map.of("Fn::Join", List.of("", List.of("arn:aws:sns:us-east-1:", topicAccount, ":fleetkit-alarms")));

  @BeforeAll
  static void synth() throws Exception {
    Map<String, Stack> stacks = TestApps.stacks(Files.readString(Path.of("config.yaml")));
    topic = Template.fromStack(stacks.get("fleetkit-alarm-topic"));
    dashboard = Template.fromStack(stacks.get("fleetkit-dashboard"));
    capacity = Template.fromStack(stacks.get("fleetkit-capacity-reservation"));
  }

  @Test
  void theDefaultDashboardStackHasServiceLinkAndCapacityAlarmsWithAnSnsAction() {
    for (String name : List.of("fleetkit-op-0a1b2c3d4e5f60001-service-link", "fleetkit-op-0a1b2c3d4e5f60002-service-link")) {
      dashboard.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", name, "MetricName", "ConnectedStatus",
          "TreatMissingData", "breaching", "AlarmActions", List.of(topicArn), "OKActions", List.of(topicArn)));
    }
    dashboard.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "fleetkit-op-0a1b2c3d4e5f60001-ec2-m5.xlarge",
        "MetricName", "InstanceTypeCapacityAvailability", "Threshold", 10, "AlarmActions", List.of(topicArn)));
    dashboard.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "fleetkit-op-0a1b2c3d4e5f60001-ebs-gp2",
        "Threshold", 85, "AlarmActions", List.of(topicArn)));
    dashboard.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "fleetkit-op-0a1b2c3d4e5f60001-s3",
        "Threshold", 85, "AlarmActions", List.of(topicArn)));
    // Every alarm acts: no alarm of the dashboard stacks is silent.
    dashboard.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("AlarmActions", Match.absent()), 0);
    dashboard.resourceCountIs("AWS::CloudWatch::Alarm", 12);
    // No topic, key or subscription in a stack that the refresh build deploys.
    for (String type : List.of("AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::KMS::Key")) {
      dashboard.resourceCountIs(type, 0);
    }
  }

  @Test
  void theCapacityReservationAlarmNotifiesTheSameTopic() {
    capacity.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(topicArn)));
  }

  @Test
  void theTopicIsEncryptedWithItsOwnKeyThatCloudWatchMayUse() {
    topic.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "fleetkit-alarms",
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key(), "Arn"))));
    topic.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
        "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Map.of("Sid", "CloudWatchAlarmsUseTheKey",
            "Effect", "Allow", "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
            "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"), "Resource", "*"))))));
    topic.hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void onlyThisAppsAlarmsPublishAndOnlyOverTls() {
    Map<String, Object> ref = Map.of("Ref", topicLogicalId());
    topic.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement", List.of(
        Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Principal", "*", "Action", "sns:Publish",
            "Resource", ref, "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))),
        Map.of("Sid", "CloudWatchAlarmsPublish", "Effect", "Allow", "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
            "Action", "sns:Publish", "Resource", ref, "Condition", Map.of(
                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of(
                    "arn:aws:cloudwatch:us-east-1:", topicAccount, ":alarm:fleetkit-*")))),
                "StringEquals", Map.of("aws:SourceAccount", topicAccount)))), "Version", "2012-10-17")));
    topic.resourceCountIs("AWS::SNS::Subscription", 0);
  }

  @Test
  void emailsBecomeSubscriptions() {
    Template t = TestApps.template("""
        project:
          prefix: acme
          region: us-east-1
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge, outposts-prod]
          snapshot: samples/outposts-inventory.json
          alarms:
            enabled: true
            emails: [oncall@example.com, platform@example.com]
        """, "acme-alarm-topic");
    t.resourceCountIs("AWS::SNS::Subscription", 2);
    t.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
    t.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "platform@example.com"));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-alarm-topic", topic.toJSON());
  }

  static String key() {
    return logicalId("AWS::KMS::Key");
  }

  static String topicLogicalId() {
    return logicalId("AWS::SNS::Topic");
  }

  static String logicalId(String type) {
    var found = topic.findResources(type);
    assertEquals(1, found.size(), type);
    String id = found.keySet().iterator().next();
    assertTrue(id.startsWith("Topic"), id);
    return id;
  }
}
