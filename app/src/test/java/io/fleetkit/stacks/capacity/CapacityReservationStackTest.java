package io.fleetkit.stacks.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CapacityReservationStackTest {
  static final String STACK = "fk-capacity-reservation";
  static final String YAML = """
      project:
        prefix: fk
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 4
        availability_zones: [us-east-1a, us-east-1b, us-east-1c]
        end_date: 2099-12-31
        unused_alarm:
          minutes: 60
          topic_arn: arn:aws:sns:us-east-1:111122223333:capacity-alerts
        health_check_gate:
          enabled: true
          heartbeat_timeout_seconds: 600
          protect_from_scale_in: true
      """;
  static Template template;

  @BeforeAll
  static void build() {
    template = TestApps.template(YAML, STACK);
  }

  @Test
  void oneTargetedReservationPerZoneSizedForTheLossOfOne() {
    template.resourceCountIs("AWS::EC2::CapacityReservation", 3);
    for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
      template.hasResourceProperties("AWS::EC2::CapacityReservation", Match.objectEquals(Map.of(
          "AvailabilityZone", zone,
          "InstanceType", "m5.large",
          "InstancePlatform", "Linux/UNIX",
          "Tenancy", "default",
          // ceil(4 / (3 - 1)) = 2 per zone: any two zones still hold 4.
          "InstanceCount", 2,
          "InstanceMatchCriteria", "targeted",
          "EbsOptimized", true,
          "EndDateType", "limited",
          "EndDate", "2099-12-31T23:59:59Z")));
    }
  }

  @Test
  void groupIsTheCapacityReservationPoolWithEveryReservationArn() {
    template.resourceCountIs("AWS::ResourceGroups::Group", 1);
    template.hasResourceProperties("AWS::ResourceGroups::Group", Match.objectLike(Map.of(
        "Name", "fk-capacity-reservation-odcr",
        "Description", "fleetkit capacity reservations of fk-capacity-reservation",
        "Configuration", Match.exact(List.of(
            Map.of("Type", "AWS::EC2::CapacityReservationPool"),
            Map.of("Type", "AWS::ResourceGroups::Generic", "Parameters", List.of(
                Map.of("Name", "allowed-resource-types", "Values", List.of("AWS::EC2::CapacityReservation")))))),
        "Resources", Match.exact(List.of(
            Map.of("Fn::GetAtt", List.of("Reservationuseast1a", "CapacityReservationArn")),
            Map.of("Fn::GetAtt", List.of("Reservationuseast1b", "CapacityReservationArn")),
            Map.of("Fn::GetAtt", List.of("Reservationuseast1c", "CapacityReservationArn")))))));
  }

  @Test
  void launchTemplateTargetsTheGroupWithHardenedDefaults() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
        "LaunchTemplateData", Match.objectLike(Map.of(
            "InstanceType", "m5.large",
            "CapacityReservationSpecification", Match.objectEquals(Map.of(
                "CapacityReservationTarget", Map.of(
                    "CapacityReservationResourceGroupArn", Map.of("Fn::GetAtt", List.of("ReservationGroup", "Arn"))))),
            "MetadataOptions", Match.objectEquals(Map.of(
                "HttpTokens", "required",
                "HttpPutResponseHopLimit", 1,
                "InstanceMetadataTags", "enabled")),
            "BlockDeviceMappings", List.of(Map.of(
                "DeviceName", "/dev/xvda",
                "Ebs", Map.of("DeleteOnTermination", true, "Encrypted", true, "VolumeSize", 20, "VolumeType", "gp3"))),
            "NetworkInterfaces", List.of(Match.objectEquals(Map.of("AssociatePublicIpAddress", false, "DeviceIndex", 0,
                "Groups", List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceSecurityGroup.*"), "GroupId")))))))))));
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
        "GroupDescription", "fleetkit capacity-reservation instances: no inbound, outbound for SSM and AWS APIs",
        "SecurityGroupIngress", Match.absent())));
  }

  @Test
  void groupSpansTheZonesWithTheGateHookDeclaredOnIt() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "AutoScalingGroupName", "fk-capacity-reservation-asg",
        "MinSize", "4",
        "MaxSize", "6",
        "DesiredCapacity", "4",
        "NewInstancesProtectedFromScaleIn", true,
        "VPCZoneIdentifier", List.of(
            Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet1.*")),
            Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet2.*")),
            Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet3.*"))),
        "LifecycleHookSpecificationList", List.of(Map.of(
            "LifecycleHookName", "fk-capacity-reservation-asg-launch-gate",
            "LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING",
            "HeartbeatTimeout", 600,
            "DefaultResult", "ABANDON")))));
    // The reservations exist before the first instance launches.
    var deps = template.findResources("AWS::AutoScaling::AutoScalingGroup").values().iterator().next();
    @SuppressWarnings("unchecked")
    List<String> dependsOn = (List<String>) ((Map<String, Object>) deps).get("DependsOn");
    assertTrue(dependsOn.containsAll(List.of("ReservationGroup", "Reservationuseast1a", "Reservationuseast1b",
        "Reservationuseast1c")), dependsOn.toString());
    template.resourceCountIs("AWS::EC2::Subnet", 6);
    template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.40.0.0/16"));
  }

  @Test
  void gatePolicyAllowsOnlyTheLifecycleActionsOnThisGroup() {
    template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
        "PolicyDocument", Match.objectEquals(Map.of(
            "Version", "2012-10-17",
            "Statement", List.of(Map.of(
                "Sid", "HealthCheckGateOwnGroupOnly",
                "Effect", "Allow",
                "Action", List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat",
                    "autoscaling:SetInstanceHealth"),
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                    ":autoscaling:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                    ":autoScalingGroup:*:autoScalingGroupName/fk-capacity-reservation-asg"))))))),
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("LaunchTemplateInstanceRole.*"))))));
    template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
        "ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
            ":iam::aws:policy/AmazonSSMManagedInstanceCore")))))));
  }

  @Test
  void userDataRunsTheGateWithoutTracing() {
    Capture userData = new Capture();
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
        "LaunchTemplateData", Match.objectLike(Map.of("UserData", Map.of("Fn::Base64", userData))))));
    String script = userData.asString();
    assertTrue(script.contains("GROUP='fk-capacity-reservation-asg'\nHOOK='fk-capacity-reservation-asg-launch-gate'\n"
        + "TAG_KEY='Compliance-Check'\nEXPECTED='Successful'\nPOLL=15\nHEARTBEAT_EVERY=300\nMAX_WAIT=1800\n"
        + "ON_TIMEOUT='ABANDON'\n"), script);
    assertTrue(script.contains("meta-data/tags/instance/${TAG_KEY}"), script);
    assertTrue(script.contains("aws autoscaling record-lifecycle-action-heartbeat"), script);
    assertTrue(script.contains("--lifecycle-action-result \"$1\""), script);
    assertTrue(script.contains("--health-status Healthy"), script);
    assertTrue(script.contains("systemd-run --unit fleetkit-health-check-gate"), script);
    assertFalse(script.contains("set -x"), script);
    assertFalse(script.matches("(?s).*echo[^\\n]*token.*"), "the token is never printed");
  }

  @Test
  void unusedCapacityAlarmSumsAvailableInstancesAbovePlannedIdle() {
    Capture metrics = new Capture();
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
        "ComparisonOperator", "GreaterThanThreshold",
        // 6 reserved - 4 desired = 2 idle by design.
        "Threshold", 2,
        "EvaluationPeriods", 12,
        "DatapointsToAlarm", 12,
        "TreatMissingData", "notBreaching",
        "AlarmActions", List.of("arn:aws:sns:us-east-1:111122223333:capacity-alerts"),
        "Metrics", metrics)));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> m = (List<Map<String, Object>>) (Object) metrics.asArray();
    assertEquals(4, m.size());
    // A reservation without a datapoint counts as 0 instead of leaving the sum without a value.
    assertEquals(Map.of("Expression", "SUM([FILL(r0, 0), FILL(r1, 0), FILL(r2, 0)])", "Id", "expr_1",
        "Label", "Reserved instances available (unused)",
        "ReturnData", true),
        m.get(0));
    for (int i = 0; i < 3; i++) {
      assertEquals(Map.of("Id", "r" + i, "ReturnData", false, "MetricStat", Map.of(
          "Metric", Map.of("Namespace", "AWS/EC2CapacityReservations", "MetricName", "AvailableInstanceCount",
              "Dimensions", List.of(Map.of("Name", "CapacityReservationId",
                  "Value", Map.of("Ref", "Reservationuseast1" + "abc".charAt(i))))),
          "Period", 300, "Stat", "Average")), m.get(i + 1));
    }
  }

  @Test
  void outputsNameTheGroupReservationsAndSubnetsToKeep() {
    template.hasOutput("AutoScalingGroupName", Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("GroupASG.*"))));
    template.hasOutput("CapacityReservationIds", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of(",", List.of(
        Map.of("Ref", "Reservationuseast1a"), Map.of("Ref", "Reservationuseast1b"), Map.of("Ref", "Reservationuseast1c")))))));
    template.hasOutput("CapacityReservationGroupArn", Match.objectLike(Map.of(
        "Value", Map.of("Fn::GetAtt", List.of("ReservationGroup", "Arn")))));
    template.hasOutput("SubnetsWithoutuseast1b", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of(",", List.of(
        Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet1.*")),
        Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet3.*"))))))));
  }

  @Test
  void groupDeclaresTheReservedZones() {
    // AWS Control Tower CT.AUTOSCALING.PR.1; the workload subnets are in exactly these zones.
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "AvailabilityZones", List.of("us-east-1a", "us-east-1b", "us-east-1c"))));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches(STACK, template.toJSON());
  }
}
