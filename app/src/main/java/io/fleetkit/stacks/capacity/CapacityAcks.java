package io.fleetkit.stacks.capacity;

import io.fleetkit.constructs.NagAcks;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;

/** The cdk-nag and annotation findings both capacity groups accept, each with its reason (through NagAcks). */
final class CapacityAcks {
  private CapacityAcks() {}

  static void group(AutoScalingGroup group) {
    NagAcks.acknowledge(group, "AwsSolutions-AS3",
        "Scaling events already reach EventBridge (source aws.autoscaling); an SNS topic without a subscriber would add nothing");
    NagAcks.acknowledgeWarning(group, "@aws-cdk/aws-autoscaling:desiredCapacitySet",
        "The group has no scaling policy: the configured desired capacity is meant to apply on every deployment");
  }
}
