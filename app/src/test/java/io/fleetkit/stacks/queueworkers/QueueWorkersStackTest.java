package io.fleetkit.stacks.queueworkers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The queue workers stack of issue 12: a target tracking policy on metric math (m1, m2, m3 read, e1 returned), a
 * group that collects GroupInServiceInstances, a queue with a dead-letter queue, SSE and TLS only, rights scoped
 * to the queue and the namespace, the demo worker, and no Lambda function at all.
 */
class QueueWorkersStackTest {
  static final String STACK = "fk-queue-workers";
  static final String YAML = """
      project:
        prefix: fk
        region: us-east-1
      queue_workers:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
        queue: {visibility_timeout_seconds: 90, max_receives: 4}
        acceptable_latency_seconds: 300
        estimated_processing_seconds: 30
        capacity: {min: 0, max: 12}
        warmup_seconds: 90
        instances:
          instance_types: [{type: m7g.medium}, {type: c7g.medium}, {type: m6g.medium}]
          on_demand_base_capacity: 1
        demo_worker: true
      """;
  static Template template;
  static Template fifo;

  @BeforeAll
  static void build() {
    template = TestApps.template(YAML, STACK);
    fifo = TestApps.template(YAML.replace("queue: {visibility_timeout_seconds: 90, max_receives: 4}",
        "queue: {name: jobs.fifo, fifo: true, visibility_timeout_seconds: 90}").replace("demo_worker: true",
        "demo_worker: false"), STACK);
  }

  @Test
  void noLambdaFunction() {
    template.resourceCountIs("AWS::Lambda::Function", 0);
    template.resourceCountIs("Custom::VpcRestrictDefaultSG", 0);
    fifo.resourceCountIs("AWS::Lambda::Function", 0);
  }

  @Test
  void targetTrackingOnMetricMathWithThreeInputsAndOneReturnedExpression() {
    template.resourceCountIs("AWS::AutoScaling::ScalingPolicy", 1);
    // The stateful resources' pinned logical IDs (the queue holds messages; the group its instances).
    String queue = "WorkQueue1CAC4D2F";
    String group = "GroupASG3C6DFE3B";
    template.hasResourceProperties("AWS::AutoScaling::ScalingPolicy", Match.objectEquals(Map.of(
        "AutoScalingGroupName", Map.of("Ref", group),
        "PolicyType", "TargetTrackingScaling",
        "TargetTrackingConfiguration", Map.of(
            "TargetValue", 300,
            "CustomizedMetricSpecification", Map.of("Metrics", List.of(
                Map.of("Id", "m1", "Label", "Visible messages", "ReturnData", false, "MetricStat", Map.of(
                    "Stat", "Sum", "Metric", Map.of("Namespace", "AWS/SQS", "MetricName",
                        "ApproximateNumberOfMessagesVisible", "Dimensions", List.of(Map.of("Name", "QueueName",
                            "Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName"))))))),
                Map.of("Id", "m2", "Label", "In-service instances", "ReturnData", false, "MetricStat", Map.of(
                    "Stat", "Average", "Metric", Map.of("Namespace", "AWS/AutoScaling", "MetricName",
                        "GroupInServiceInstances", "Dimensions", List.of(Map.of("Name", "AutoScalingGroupName",
                            "Value", Map.of("Ref", group)))))),
                Map.of("Id", "m3", "Label", "Seconds per message", "ReturnData", false, "MetricStat", Map.of(
                    "Stat", "Average", "Metric", Map.of("Namespace", "Fleetkit/QueueWorkers", "MetricName",
                        "MessageProcessingSeconds", "Dimensions", List.of(Map.of("Name", "QueueName",
                            "Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName"))))))),
                Map.of("Id", "e1", "Label", "Seconds for one instance to drain its share of the backlog",
                    "Expression", "IF(m2 > 0, m1 / m2, m1) * FILL(m3, 30)", "ReturnData", true)))))));
  }

  @Test
  void theGroupCollectsInServiceInstancesDeclaresItsZonesAndLeavesTheSizeToThePolicy() {
    template.hasResource("AWS::AutoScaling::AutoScalingGroup", Map.of("Properties", Match.objectLike(Map.of(
        "MinSize", "0",
        "MaxSize", "12",
        "DesiredCapacity", Match.absent(),
        "DefaultInstanceWarmup", 90,
        "CapacityRebalance", true,
        "AvailabilityZones", List.of("us-east-1a", "us-east-1b"),
        "MetricsCollection", List.of(Map.of("Granularity", "1Minute",
            "Metrics", List.of("GroupInServiceInstances", "GroupDesiredCapacity"))),
        "MixedInstancesPolicy", Match.objectLike(Map.of(
            "InstancesDistribution", Map.of("OnDemandBaseCapacity", 1, "OnDemandPercentageAboveBaseCapacity", 0,
                "SpotAllocationStrategy", "price-capacity-optimized")))))));
    // Graviton types: the arm64 Amazon Linux 2023 image.
    template.hasParameter("*", Map.of("Default", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64"));
  }

  @Test
  void theQueueHasADeadLetterQueueSseAndRefusesPlainHttp() {
    template.resourceCountIs("AWS::SQS::Queue", 2);
    template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
        "SqsManagedSseEnabled", true,
        "VisibilityTimeout", 90,
        "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of("WorkDeadLetterQueue304A9441", "Arn")),
            "maxReceiveCount", 4))));
    template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
        "SqsManagedSseEnabled", true,
        "MessageRetentionPeriod", 1_209_600,
        "RedriveAllowPolicy", Map.of("redrivePermission", "allowAll"))));
    for (String queue : List.of("WorkQueue1CAC4D2F", "WorkDeadLetterQueue304A9441")) {
      template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
          "Queues", List.of(Map.of("Ref", queue)),
          "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
              "Action", "sqs:*", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
              "Resource", Map.of("Fn::GetAtt", List.of(queue, "Arn")),
              "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))));
    }
    // Stateful: a new logical ID would replace the queues and lose their messages.
    assertEquals(List.of("WorkDeadLetterQueue304A9441", "WorkQueue1CAC4D2F"),
        template.findResources("AWS::SQS::Queue").keySet().stream().sorted().toList());
  }

  @Test
  void theWorkersMayConsumeThisQueueAndPublishToTheirNamespaceOnly() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectEquals(Map.of(
        "Version", "2012-10-17",
        "Statement", List.of(
            Map.of("Effect", "Allow", "Action", List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"),
                "Resource", Map.of("Fn::GetAtt", List.of("WorkQueue1CAC4D2F", "Arn"))),
            Map.of("Sid", "PublishProcessingTimeToOwnNamespace", "Effect", "Allow", "Action", "cloudwatch:PutMetricData",
                "Resource", "*", "Condition", Map.of("StringEquals",
                    Map.of("cloudwatch:namespace", "Fleetkit/QueueWorkers"))))))));
  }

  @Test
  void theDemoWorkerRunsAsAServiceWithTheQueueAndDownloadsNothing() throws Exception {
    Capture userData = new Capture();
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateData",
        Match.objectLike(Map.of("UserData", Map.of("Fn::Base64", userData))))));
    String joined = new ObjectMapper().writeValueAsString(userData.asObject());
    assertTrue(joined.contains("systemctl enable --now fleetkit-demo-worker.service"), joined);
    assertTrue(joined.contains("--metric-name MessageProcessingSeconds"), joined);
    assertTrue(joined.contains("{\"Ref\":\"WorkQueue1CAC4D2F\"}"), "the queue URL reaches the unit: " + joined);
    assertTrue(!joined.contains("curl") && !joined.contains("wget") && !joined.contains("dnf install"), joined);
    // Without the demo worker the image's own user data (an empty script) is all there is.
    fifo.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateData",
        Match.objectLike(Map.of("UserData", Map.of("Fn::Base64", "#!/bin/bash"))))));
  }

  @Test
  void aFifoQueueAndItsDeadLetterQueueKeepTheirNames() {
    fifo.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("QueueName", "jobs.fifo", "FifoQueue", true)));
    fifo.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("QueueName", "jobs-dlq.fifo", "FifoQueue", true)));
  }

  @Test
  void theDashboardChartsBacklogItsTargetProcessingTimeInstancesAndAge() throws Exception {
    var dashboards = template.findResources("AWS::CloudWatch::Dashboard");
    assertEquals(1, dashboards.size());
    Map<?, ?> props = (Map<?, ?>) dashboards.values().iterator().next().get("Properties");
    assertEquals("fk-queue-workers", props.get("DashboardName"));
    String body = new ObjectMapper().writeValueAsString(props.get("DashboardBody"));
    for (String s : List.of("Backlog per instance and its target", "IF(m1 > 0, m0 / m1, m0)", "300 / FILL(m2, 30)",
        "Processing time per message (s)", "Instances", "GroupInServiceInstances", "GroupDesiredCapacity",
        "ApproximateAgeOfOldestMessage", "Dead-letter queue messages")) {
      assertTrue(body.contains(s), s + " in " + body);
    }
  }

  @Test
  void approvedTemplate() throws Exception {
    ApprovedTemplates.assertMatches(STACK, template.toJSON());
  }
}
