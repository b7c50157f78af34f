package io.fleetkit.stacks.capacity;

import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.constructs.IConstruct;

/** The cdk-nag and annotation findings both capacity stacks accept, each with its reason. */
final class CapacityAcks {
  private CapacityAcks() {}

  /** The metadata key Validations.acknowledge writes and synthesis reads (aws-cdk-lib 2.263 core/lib/validation). */
  static final String ACKNOWLEDGED_RULES = "aws:cdk:acknowledged-rules";

  static void instanceRole(IConstruct launchTemplate) {
    // The finding's rule name holds "::" three times (Policy::arn:<AWS::Partition>:iam::aws...), and
    // Validations.acknowledge rejects any ID with more than one "::"; synthesis matches violations with
    // such names against the raw name, so record that exact ID as acknowledge itself would.
    rawAck(launchTemplate, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
        "AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager, which replaces SSH on these instances");
  }

  /** Acknowledges a finding whose rule name holds "::" more than once, which acknowledge() rejects. */
  static void rawAck(IConstruct scope, String ruleName, String reason) {
    scope.getNode().addMetadata(ACKNOWLEDGED_RULES, Map.of(ruleName, reason));
  }

  static void group(AutoScalingGroup group) {
    ack(group, "AwsSolutions::AwsSolutions-AS3",
        "Scaling events already reach EventBridge (source aws.autoscaling); an SNS topic without a subscriber would add nothing");
    ack(group, "Annotation::@aws-cdk/aws-autoscaling:desiredCapacitySet",
        "The group has no scaling policy: the configured desired capacity is meant to apply on every deployment");
  }

  static void ack(IConstruct scope, String id, String reason) {
    Validations.of(scope).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
  }
}
