package io.fleetkit.stacks.capacity;

import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.constructs.ConnectTargetExports;
import io.fleetkit.constructs.HardenedLaunchTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CfnAutoScalingGroup;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnCapacityReservation;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.resourcegroups.CfnGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * On-Demand Capacity Reservations across zones (AWS blog "Reserving EC2 Capacity across Availability
 * Zones by utilizing On Demand Capacity Reservations"): one targeted reservation per zone, sized so
 * losing any one zone still leaves N reserved; a capacity-reservation resource group the launch
 * template targets; the Auto Scaling group across the zones; an alarm on reserved capacity left unused.
 */
public class CapacityReservationStack extends Stack {
  // AWS/EC2CapacityReservations metrics, dimension CapacityReservationId, published every 5 minutes
  // (EC2 User Guide, "Monitor Capacity Reservations using CloudWatch metrics").
  public static final String METRIC_NAMESPACE = "AWS/EC2CapacityReservations";
  public static final String AVAILABLE_METRIC = "AvailableInstanceCount";
  static final Duration METRIC_PERIOD = Duration.minutes(CapacityReservationPlan.METRIC_PERIOD_MINUTES);

  private final AutoScalingGroup group;
  private final CfnGroup reservationGroup;
  private final Map<String, CfnCapacityReservation> reservations = new LinkedHashMap<>();

  public CapacityReservationStack(Construct scope, String id, StackProps props, CapacityReservationPlan plan) {
    super(scope, id, props);
    CapacityReservationConfig c = plan.config();
    String groupName = getStackName() + "-asg";
    CapacityNetwork network = new CapacityNetwork(this, "Network", c.network(), c.availabilityZones());

    for (String zone : c.availabilityZones()) {
      var r = CfnCapacityReservation.Builder.create(this, "Reservation-" + zone)
          .availabilityZone(zone)
          .instanceType(c.instanceType())
          .instancePlatform(c.platform())
          .tenancy(c.tenancy())
          .instanceCount(plan.perAz())
          // Only launches that target the reservation (here: through the group) use it.
          .instanceMatchCriteria("targeted")
          .ebsOptimized(c.ebsOptimized())
          .endDateType(plan.endDateTime().isPresent() ? "limited" : "unlimited");
      plan.endDateTime().ifPresent(r::endDate);
      reservations.put(zone, r.build());
    }

    // The service-linked group launches can target (EC2 User Guide, "Create a Capacity Reservation group").
    reservationGroup = CfnGroup.Builder.create(this, "ReservationGroup")
        .name(getStackName() + "-odcr")
        .description("fleetkit capacity reservations of " + getStackName())
        .configuration(List.of(
            CfnGroup.ConfigurationItemProperty.builder().type("AWS::EC2::CapacityReservationPool").build(),
            CfnGroup.ConfigurationItemProperty.builder().type("AWS::ResourceGroups::Generic")
                .parameters(List.of(CfnGroup.ConfigurationParameterProperty.builder()
                    .name("allowed-resource-types")
                    .values(List.of("AWS::EC2::CapacityReservation"))
                    .build()))
                .build()))
        // CapacityReservationArn carries the partition, so aws-cn and aws-us-gov work unchanged.
        .resources(reservations.values().stream().map(CfnCapacityReservation::getAttrCapacityReservationArn).toList())
        .build();

    // No inbound rules: Session Manager needs none. Outbound reaches SSM and the Auto Scaling API.
    SecurityGroup instances = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
        .vpc(network.vpc())
        .description("fleetkit capacity-reservation instances: no inbound, outbound for SSM and AWS APIs")
        .allowAllOutbound(true)
        .build();
    UserData userData = UserData.forLinux();
    var template = new HardenedLaunchTemplate(this, "LaunchTemplate",
        HardenedLaunchTemplate.Props.of(plan.ami(), new InstanceType(c.instanceType()))
            .withRootVolumeGiB(c.rootVolumeGiB())
            .withSecurityGroup(instances)
            .withUserData(userData));
    template.cfn().addPropertyOverride(
        "LaunchTemplateData.CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn",
        reservationGroup.getAttrArn());

    group = AutoScalingGroup.Builder.create(this, "Group")
        .autoScalingGroupName(groupName)
        .vpc(network.vpc())
        .vpcSubnets(network.workload())
        .launchTemplate(template.template())
        .minCapacity(c.asg().min())
        .maxCapacity(c.asg().max())
        .desiredCapacity(c.asg().desired())
        .newInstancesProtectedFromScaleIn(c.healthCheckGate().enabled() && c.healthCheckGate().protectFromScaleIn())
        .build();
    CfnAutoScalingGroup cfnGroup = (CfnAutoScalingGroup) group.getNode().getDefaultChild();
    network.declareZones(cfnGroup);
    // The reservations must exist before the first launch targets the group.
    reservations.values().forEach(r -> cfnGroup.getNode().addDependency(r));
    cfnGroup.getNode().addDependency(reservationGroup);

    if (c.healthCheckGate().enabled()) {
      new HealthCheckGate(this, "HealthCheckGate", new HealthCheckGate.Props(c.healthCheckGate(), groupName, cfnGroup,
          template.cfn(), template.role(), userData));
    }

    plan.unusedAlarm().ifPresent(alarm -> unusedAlarm(c, alarm));

    CfnOutput.Builder.create(this, "AutoScalingGroupName").value(group.getAutoScalingGroupName())
        .description("The Auto Scaling group that launches into the reservations").build();
    CfnOutput.Builder.create(this, "CapacityReservationIds")
        .value(Fn.join(",", reservations.values().stream().map(CfnCapacityReservation::getRef).toList()))
        .description("Reservation IDs, in the order of availability_zones").build();
    CfnOutput.Builder.create(this, "CapacityReservationGroupArn").value(reservationGroup.getAttrArn())
        .description("The resource group the launch template targets").build();
    // No workload subnet only on the first pass of an existing-VPC lookup, before the context holds the subnets.
    network.workload().getSubnets().stream().findFirst().ifPresent(subnet ->
        ConnectTargetExports.publish(this, network.vpc().getVpcId(), subnet.getSubnetId(), instances.getSecurityGroupId()));
    for (Map.Entry<String, List<ISubnet>> lost : network.subnetsByZone().entrySet()) {
      List<String> keep = new ArrayList<>();
      network.subnetsByZone().forEach((zone, subnets) -> {
        if (!zone.equals(lost.getKey())) subnets.forEach(s -> keep.add(s.getSubnetId()));
      });
      // Empty only on the first pass of a VPC lookup, before the context holds the real subnets.
      if (keep.isEmpty()) continue;
      CfnOutput.Builder.create(this, "SubnetsWithout-" + lost.getKey())
          .value(Fn.join(",", keep))
          .description("Subnets to keep on the group when simulating the loss of " + lost.getKey()).build();
    }

    CapacityAcks.group(group);
  }

  /**
   * Alarms when more reserved capacity sits unused than the plan leaves idle (reserved minus desired)
   * for the configured time: an unused reservation is billed like a running instance.
   */
  private void unusedAlarm(CapacityReservationConfig c, CapacityReservationPlan.UnusedAlarm a) {
    Map<String, IMetric> metrics = new LinkedHashMap<>();
    int i = 0;
    for (CfnCapacityReservation r : reservations.values()) {
      metrics.put("r" + i++, Metric.Builder.create()
          .namespace(METRIC_NAMESPACE)
          .metricName(AVAILABLE_METRIC)
          .dimensionsMap(Map.of("CapacityReservationId", r.getRef()))
          .statistic("Average")
          .period(METRIC_PERIOD)
          .build());
    }
    var unused = MathExpression.Builder.create()
        // "r0 + r1" has no value in a period where any reservation lacks a datapoint, so the alarm could
        // never fire. FILL(m, 0) fills the gaps with 0 and SUM([...]) adds the series point by point
        // (CloudWatch user guide, "Using metric math": FILL and SUM functions).
        .expression("SUM([" + String.join(", ",
            metrics.keySet().stream().map(id -> "FILL(" + id + ", 0)").toList()) + "])")
        .usingMetrics(metrics)
        .label("Reserved instances available (unused)")
        .period(METRIC_PERIOD)
        .build();
    int plannedIdle = a.plannedIdle();
    int periods = a.periods();
    Alarm alarm = Alarm.Builder.create(this, "UnusedCapacityAlarm")
        .alarmDescription("More than " + plannedIdle + " reserved " + c.instanceType() + " instances (reserved "
            + c.totalReserved() + " minus desired " + c.asg().desired() + ") unused for " + c.unusedAlarmMinutes()
            + " minutes; unused capacity reservations are billed at the on-demand rate")
        .metric(unused)
        .threshold(plannedIdle)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(periods)
        .datapointsToAlarm(periods)
        // No data means no active reservation (expired or cancelled): nothing is being billed.
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    // The dashboard alarms' topic, created by <prefix>-alarm-topic in this account and Region, is named, not exported:
    // no cross-stack reference ties the two stacks' deploys together.
    a.topicArn().or(() -> a.topicName().map(name -> formatArn(ArnComponents.builder().service("sns").resource(name).build())))
        .ifPresent(arn -> alarm.addAlarmAction(new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", arn))));
  }

  public AutoScalingGroup group() {
    return group;
  }
}
