package io.fleetkit.stacks.queueworkers;

import java.util.List;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy.MetricDimensionProperty;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy.MetricProperty;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy.TargetTrackingMetricStatProperty;
import software.constructs.Construct;

/**
 * A target tracking scaling policy ({@code Policy}) on {@link BacklogMetric}: m1, m2 and m3 are read but not
 * returned, e1 is the one returned expression, and the target value is the acceptable latency in seconds.
 * It is the L1 resource because the L2 TargetTrackingScalingPolicy accepts only a single metric ("Only
 * direct metrics are supported", aws/aws-cdk#20659). The policy is CloudFormation's alone: nothing edits it
 * after deploy, so a deploy never resets a target someone else set.
 */
public class BacklogScalingPolicy extends Construct {
  private final CfnScalingPolicy policy;

  /**
   * @param groupName the Auto Scaling group (a token), which must collect GroupInServiceInstances
   * @param queueName the work queue's name (a token)
   */
  public BacklogScalingPolicy(Construct scope, String id, BacklogMetric metric, String groupName, String queueName) {
    super(scope, id);
    policy = CfnScalingPolicy.Builder.create(this, "Policy")
        .autoScalingGroupName(groupName)
        .policyType("TargetTrackingScaling")
        .targetTrackingConfiguration(CfnScalingPolicy.TargetTrackingConfigurationProperty.builder()
            .targetValue(metric.targetSeconds())
            .customizedMetricSpecification(CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                .metrics(List.of(
                    stat("m1", "Visible messages", BacklogMetric.SQS_NAMESPACE, BacklogMetric.VISIBLE,
                        BacklogMetric.QUEUE_NAME, queueName, "Sum"),
                    stat("m2", "In-service instances", BacklogMetric.AUTOSCALING_NAMESPACE, BacklogMetric.IN_SERVICE,
                        BacklogMetric.GROUP_NAME, groupName, "Average"),
                    stat("m3", "Seconds per message", metric.namespace(), BacklogMetric.PROCESSING_SECONDS,
                        BacklogMetric.QUEUE_NAME, queueName, "Average"),
                    TargetTrackingMetricDataQueryProperty.builder()
                        .id("e1")
                        .label("Seconds for one instance to drain its share of the backlog")
                        .expression(metric.expression())
                        .returnData(true)
                        .build()))
                .build())
            .build())
        .build();
  }

  private static TargetTrackingMetricDataQueryProperty stat(String id, String label, String namespace, String name,
      String dimension, String value, String statistic) {
    return TargetTrackingMetricDataQueryProperty.builder()
        .id(id)
        .label(label)
        .metricStat(TargetTrackingMetricStatProperty.builder()
            .metric(MetricProperty.builder()
                .namespace(namespace)
                .metricName(name)
                .dimensions(List.of(MetricDimensionProperty.builder().name(dimension).value(value).build()))
                .build())
            .stat(statistic)
            .build())
        .returnData(false)
        .build();
  }

  public CfnScalingPolicy cfn() {
    return policy;
  }
}
