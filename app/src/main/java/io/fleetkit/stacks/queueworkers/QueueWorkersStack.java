package io.fleetkit.stacks.queueworkers;

import io.fleetkit.config.QueueWorkersConfig;
import io.fleetkit.constructs.HardenedLaunchTemplate;
import io.fleetkit.constructs.MixedInstancesGroup;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.stacks.capacity.CapacityNetwork;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.GroupMetric;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Queue workers scaled on backlog per instance with a dynamic target (AWS Compute Blog "Scaling an ASG
 * using target tracking with a dynamic SQS target"), without the blog's two Lambda functions: the work
 * queue and its dead-letter queue, a mixed instances group of workers in the {@code spot_fleet} schema
 * that collects GroupInServiceInstances, a target tracking policy on {@link BacklogMetric}, an optional
 * demo worker, and a dashboard.
 */
public class QueueWorkersStack extends Stack {

  public QueueWorkersStack(Construct scope, String id, StackProps props, QueueWorkersPlan plan) {
    super(scope, id, props);
    QueueWorkersConfig c = plan.config();
    var i = c.instances();
    // No Lambda anywhere in this stack (the point of the design): the created VPC's default security group
    // keeps AWS's default rules instead of CDK's Lambda-backed custom resource that empties it. Nothing here
    // attaches it; docs/queue-workers.md says how to empty it once where Security Hub EC2.2 asks.
    CapacityNetwork network = new CapacityNetwork(this, "Network", c.network(), c.availabilityZones(), false);
    WorkQueue queue = new WorkQueue(this, "Work", c.queue());

    SecurityGroup instances = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
        .vpc(network.vpc())
        .description("fleetkit queue workers: outbound only, to SQS, CloudWatch and SSM")
        .allowAllOutbound(true)
        .build();
    UserData userData = null;
    if (c.demoWorker()) {
      userData = UserData.forLinux();
      userData.addCommands(DemoWorker.script(queue.queue().getQueueUrl(), getRegion(), queue.queue().getQueueName(),
          c.metricsNamespace(), c.estimatedProcessingSeconds()).split("\n"));
    }
    var template = new HardenedLaunchTemplate(this, "LaunchTemplate",
        HardenedLaunchTemplate.Props.of(plan.ami(), null)
            .withRootVolumeGiB(i.rootVolumeGiB())
            .withSecurityGroup(instances)
            .withUserData(userData));
    // Receive, delete and extend messages of this queue only (grantConsumeMessages names its ARN).
    queue.queue().grantConsumeMessages(template.role());
    // PutMetricData has no resource type (Service Authorization Reference: Amazon CloudWatch); the
    // cloudwatch:namespace condition keeps the workers to their own namespace.
    template.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("PublishProcessingTimeToOwnNamespace")
        .actions(List.of("cloudwatch:PutMetricData"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", c.metricsNamespace())))
        .build());
    NagAcks.acknowledge(template.role(), "AwsSolutions-IAM5[Resource::*]", "cloudwatch:PutMetricData has no resource"
        + " type, so * is its only resource; the cloudwatch:namespace condition limits it to the workers' namespace");

    // No desired capacity: the scaling policy owns it, and a deploy must not reset it.
    MixedInstancesGroup group = new MixedInstancesGroup(this, "Group", MixedInstancesGroup.Props.of(network.vpc(),
            network.workload(), template, i.instanceTypes(), i.instanceRequirements(), plan.distribution(),
            c.capacity().min(), c.capacity().max(), Optional.empty())
        .withCapacityRebalance(true)
        .withGroupMetrics(List.of(GroupMetric.IN_SERVICE_INSTANCES, GroupMetric.DESIRED_CAPACITY)));
    // New instances count in the scaling metric only after the warmup (EC2 Auto Scaling user guide, "Set the
    // default instance warmup for an Auto Scaling group"); the policy uses the group's value.
    group.cfn().setDefaultInstanceWarmup(c.warmupSeconds());
    // The zones stated on the group too, beside its subnets (Control Tower CT.AUTOSCALING.PR.1, multiple zones).
    // "If you specify VPCZoneIdentifier with AvailabilityZones, the subnets that you specify must reside in those
    // Availability Zones" (Auto Scaling API, CreateAutoScalingGroup): the network has one subnet per configured zone.
    group.cfn().setAvailabilityZones(c.availabilityZones());
    NagAcks.acknowledge(group, "AwsSolutions-AS3", "Scaling events already reach EventBridge (source aws.autoscaling)"
        + " and the dashboard charts in-service and desired instances; a topic without a subscriber would add nothing");

    new BacklogScalingPolicy(this, "Scaling", plan.metric(), group.getAutoScalingGroupName(),
        queue.queue().getQueueName());

    String dashboardName = plan.dashboardName();
    for (Dashboard d : QueueWorkersDashboard.of(dashboardName, getRegion(), plan.metric(), queue.queue().getQueueName(),
        queue.deadLetters().getQueueName(), group.getAutoScalingGroupName(), plan.dashboardLimits())) {
      CfnDashboard.Builder.create(this, "Dashboard" + d.name().substring(dashboardName.length()))
          .dashboardName(d.name())
          .dashboardBody(d.body())
          .build();
    }

    CfnOutput.Builder.create(this, "QueueUrl").value(queue.queue().getQueueUrl())
        .description("Send work here; the workers scale on its backlog").build();
    CfnOutput.Builder.create(this, "DeadLetterQueueUrl").value(queue.deadLetters().getQueueUrl())
        .description("Messages received " + c.queue().maxReceives() + " times without being deleted").build();
    CfnOutput.Builder.create(this, "AutoScalingGroupName").value(group.getAutoScalingGroupName()).build();
  }
}
