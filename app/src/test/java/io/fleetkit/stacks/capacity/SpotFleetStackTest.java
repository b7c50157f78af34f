package io.fleetkit.stacks.capacity;

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

class SpotFleetStackTest {
  static final String STACK = "fk-spot-fleet";
  static final String YAML = """
      project:
        prefix: fk
        region: us-east-1
      spot_fleet:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
        capacity: {min: 2, max: 20, desired: 6}
        on_demand_base_capacity: 2
        on_demand_percentage_above_base: 25
        spot_allocation_strategy: capacity-optimized-prioritized
        instance_types:
          - {type: t3.large, weight: 1}
          - {type: t3a.large, weight: 1}
          - {type: m5.xlarge, weight: 2}
        burstable_credits: standard
        load_balancer:
          enabled: true
          allowed_cidrs: [203.0.113.0/24]
          deregistration_delay_seconds: 45
          health_check_path: /
        health_check_gate:
          enabled: true
          heartbeat_timeout_seconds: 120
          tag_key: Security-Scan
          tag_value: Passed
      """;
  static Template template;

  @BeforeAll
  static void build() {
    template = TestApps.template(YAML, STACK);
  }

  @Test
  void mixedInstancesPolicyWithCapacityRebalance() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "AutoScalingGroupName", "fk-spot-fleet-asg",
        "CapacityRebalance", true,
        "MinSize", "2",
        "MaxSize", "20",
        "DesiredCapacity", "6",
        "HealthCheckType", "ELB",
        "MixedInstancesPolicy", Match.objectEquals(Map.of(
            "InstancesDistribution", Map.of(
                "OnDemandBaseCapacity", 2,
                "OnDemandPercentageAboveBaseCapacity", 25,
                "SpotAllocationStrategy", "capacity-optimized-prioritized"),
            "LaunchTemplate", Map.of(
                "LaunchTemplateSpecification", Map.of(
                    "LaunchTemplateId", Map.of("Ref", Match.stringLikeRegexp("LaunchTemplate.*")),
                    "Version", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LaunchTemplate.*"), "LatestVersionNumber"))),
                "Overrides", List.of(
                    Map.of("InstanceType", "t3.large", "WeightedCapacity", "1"),
                    Map.of("InstanceType", "t3a.large", "WeightedCapacity", "1"),
                    Map.of("InstanceType", "m5.xlarge", "WeightedCapacity", "2"))))),
        "VPCZoneIdentifier", Match.exact(List.of(
            Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet1.*")),
            Map.of("Ref", Match.stringLikeRegexp("NetworkVpcWorkloadSubnet2.*")))))));
  }

  @Test
  void launchTemplateHasNoTypeAndTheCreditOption() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
        "LaunchTemplateData", Match.objectLike(Map.of(
            "InstanceType", Match.absent(),
            "CreditSpecification", Match.objectEquals(Map.of("CpuCredits", "standard")),
            "MetadataOptions", Match.objectEquals(Map.of(
                "HttpTokens", "required", "HttpPutResponseHopLimit", 1, "InstanceMetadataTags", "enabled")),
            "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/xvda",
                "Ebs", Map.of("DeleteOnTermination", true, "Encrypted", true, "VolumeSize", 20, "VolumeType", "gp3"))))))));
  }

  @Test
  void gateHookAndPolicyOnThisGroupOnly() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "LifecycleHookSpecificationList", Match.exact(List.of(Map.of(
            "LifecycleHookName", "fk-spot-fleet-asg-launch-gate",
            "LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING",
            "HeartbeatTimeout", 120,
            "DefaultResult", "ABANDON"))))));
    template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
        "PolicyDocument", Match.objectLike(Map.of("Statement", Match.exact(List.of(Map.of(
            "Sid", "HealthCheckGateOwnGroupOnly",
            "Effect", "Allow",
            "Action", List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat",
                "autoscaling:SetInstanceHealth"),
            "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":autoscaling:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                ":autoScalingGroup:*:autoScalingGroupName/fk-spot-fleet-asg")))))))))));
  }

  @Test
  void userDataServesTheDemoPageFromImdsV2AndRunsTheGate() {
    Capture userData = new Capture();
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of(
        "LaunchTemplateData", Match.objectLike(Map.of("UserData", Map.of("Fn::Base64", userData))))));
    String script = userData.asString();
    for (String expected : List.of(
        "curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token",
        "<tr><th>Instance ID</th><td>$(md instance-id)</td></tr>",
        "<tr><th>Instance type</th><td>$(md instance-type)</td></tr>",
        "<tr><th>Life cycle</th><td>$(md instance-life-cycle)</td></tr>",
        "<tr><th>Availability Zone</th><td>$(md placement/availability-zone)</td></tr>",
        "ExecStart=/usr/bin/python3 -m http.server 80 --directory /var/www/fleetkit",
        "TAG_KEY='Security-Scan'\nEXPECTED='Passed'\nPOLL=15\nHEARTBEAT_EVERY=60\n")) {
      assertTrue(script.contains(expected), expected);
    }
  }

  @Test
  void loadBalancerDeregistersWithinSpotNotice() {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
        "Port", 80,
        "Protocol", "HTTP",
        "TargetType", "instance",
        "HealthCheckPath", "/",
        "HealthCheckIntervalSeconds", 15,
        "TargetGroupAttributes", Match.arrayWith(List.of(
            Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "45"))))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
        "Scheme", "internal",
        "LoadBalancerAttributes", Match.arrayWith(List.of(
            Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"),
            Map.of("Key", "access_logs.s3.enabled", "Value", "true"))))));
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
        "GroupDescription", "fleetkit spot fleet load balancer: HTTP from the allowed ranges",
        "SecurityGroupIngress", Match.exact(List.of(Map.of("CidrIp", "203.0.113.0/24", "Description", "HTTP to the demo page",
            "FromPort", 80, "IpProtocol", "tcp", "ToPort", 80))))));
    // The instances accept HTTP from the load balancer's security group only.
    template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
        "FromPort", 80, "ToPort", 80, "IpProtocol", "tcp",
        "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerSecurityGroup.*"), "GroupId")))));
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
  }

  @Test
  void groupDeclaresItsZonesAndTheLoadBalancerResistsDeletion() {
    // AWS Control Tower CT.AUTOSCALING.PR.1 and CT.ELASTICLOADBALANCING.PR.5.
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "AvailabilityZones", List.of("us-east-1a", "us-east-1b"))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
        "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "true"))))));
    // Without a certificate: port 80 forwards, and nothing listens on 443.
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP",
        "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward"))),
        "LoadBalancerArn", Match.anyValue()));
  }

  @Test
  void accessLogBucketIsVersionedExpiresOldVersionsAndTellsEventBridge() {
    // SSE-S3: the only encryption ALB access logs take. CT.S3.PR.3, PR.4, PR.6, PR.11.
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)),
        "LifecycleConfiguration", Map.of("Rules", List.of(Map.of("Id", "expire-noncurrent-versions",
            "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30),
            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7), "Status", "Enabled"))))));
    // S3's own notification configuration, not CDK's Lambda-backed custom resource.
    template.resourceCountIs("Custom::S3BucketNotifications", 0);
  }

  @Test
  void flowLogsAreEncryptedWithAKeyCloudWatchLogsMayUse() {
    // CT.CLOUDWATCH.PR.3: the group CDK creates in the flow log keeps its logical ID and gains the key.
    template.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of(
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("NetworkLogsKey.*"), "Arn")),
        "RetentionInDays", 731)));
    assertTrue(template.findResources("AWS::Logs::LogGroup").containsKey("NetworkVpcFlowLogLogGroup94D52471"));
    template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true,
        "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
            Match.objectLike(Map.of("Sid", "CloudWatchLogsOfThisAccount",
                "Principal", Map.of("Service", Map.of("Fn::Join", List.of("", List.of("logs.us-east-1.",
                    Map.of("Ref", "AWS::URLSuffix"))))))),
            Match.objectLike(Map.of("Sid", "CreateGrantOnlyForAwsServices", "Effect", "Deny")))))))));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches(STACK, template.toJSON());
  }
}
