package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.SpotFleetConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.autoscaling.GroupMetric;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * The shared EC2 building blocks in one stack, synthesized once with cdk-nag: the SSM role with extra
 * policies, the hardened instance in both IMDS forms, the launch template on an own image whose root device
 * is /dev/sda1, and the mixed-instances group with group metrics and no desired capacity.
 */
class Ec2ConstructsTest {
  static final String OWN_AMI = "/fleetkit/test/ubuntu-ami";
  @TempDir static Path out;
  static Template template;
  static JsonNode report;
  static List<String> roleAcks;

  @BeforeAll
  static void build() throws Exception {
    App app = new App(AppProps.builder().outdir(out.toString()).build());
    Stack stack = new Stack(app, "Ec2", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).subnetConfiguration(List.of(
        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).build(),
        SubnetConfiguration.builder().name("Private").subnetType(SubnetType.PRIVATE_ISOLATED).build())).build();
    SecurityGroup sg = SecurityGroup.Builder.create(stack, "Sg").vpc(vpc).build();

    SsmInstanceRole role = new SsmInstanceRole(stack, "Role", SsmInstanceRole.Props.of("test role")
        .withManagedPolicy("CloudWatchAgentServerPolicy", "The test's instances publish metrics with the CloudWatch agent")
        .withManagedPolicyFirst("EC2InstanceProfileForImageBuilder", "The test's instances build images with Image Builder"));
    roleAcks = role.getNode().getMetadata().stream()
        .filter(m -> m.getType().equals(Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap(m -> ((Map<?, ?>) m.getData()).keySet().stream()).map(Object::toString).toList();

    var al2023 = AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64);
    new HardenedInstance(stack, "Plain", HardenedInstance.Props.of(vpc, vpc.getIsolatedSubnets().get(0),
        new InstanceType("t3.micro"), al2023, role, sg, UserData.forLinux()));
    var own = new AmiChoice(new AmiChoice.SsmParameter(OWN_AMI), "/dev/sda1");
    new HardenedInstance(stack, "Router", HardenedInstance.Props.of(vpc, vpc.getPublicSubnets().get(0),
            new InstanceType("t3.micro"), own, role, sg, UserData.forLinux())
        .withRoot(30, false).withTerminationProtection(true).asPublicRouter().withReplacementOnNewUserData()
        .withImds(HardenedInstance.Imds.V2_AMI_HOP_LIMIT));

    var template = new HardenedLaunchTemplate(stack, "LaunchTemplate", HardenedLaunchTemplate.Props.of(own, null)
        .withRootVolumeGiB(40).withSecurityGroup(sg));
    new MixedInstancesGroup(stack, "Group", MixedInstancesGroup.Props.of(vpc,
            SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build(), template, List.of(),
            List.of(new SpotFleetConfig.Requirements(2, Optional.of(8), 4096, Optional.empty(), List.of("intel", "amd"),
                "excluded", List.of("t2.*"), List.of())),
            new MixedInstancesGroup.Distribution(0, 10, SpotAllocation.PRICE_CAPACITY_OPTIMIZED), 0, 10, Optional.empty())
        .withGroupMetrics(List.of(GroupMetric.IN_SERVICE_INSTANCES, GroupMetric.DESIRED_CAPACITY)));

    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // The VPC and security group have findings of their own, so synthesis fails after writing the template;
    // the report lists every finding left.
    assertThrows(RuntimeException.class, app::synth);
    report = new ObjectMapper().readTree(Files.readString(out.resolve("validation-report.json")));
    Ec2ConstructsTest.template = Template.fromJSON(new ObjectMapper().readValue(
        out.resolve("Ec2.template.json").toFile(), new TypeReference<Map<String, Object>>() {}));
  }

  static String arn(String policy) {
    return "{Fn::Join=[, [arn:, {Ref=AWS::Partition}, :iam::aws:policy/" + policy + "]]}";
  }

  @Test
  void roleHoldsSsmCoreAndTheExtraPoliciesInOrderEachAcknowledgedOnItself() {
    template.hasResourceProperties("AWS::IAM::Role", Map.of(
        "Description", "test role",
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "ec2.amazonaws.com"))))),
        "ManagedPolicyArns", Match.anyValue()));
    var role = template.findResources("AWS::IAM::Role", Map.of("Properties", Map.of("Description", "test role")));
    assertEquals(List.of(arn("EC2InstanceProfileForImageBuilder"), arn("AmazonSSMManagedInstanceCore"),
            arn("CloudWatchAgentServerPolicy")),
        ((List<?>) ((Map<?, ?>) ((Map<?, ?>) role.values().iterator().next()).get("Properties")).get("ManagedPolicyArns"))
            .stream().map(Object::toString).toList());
    String iam4 = "Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/";
    assertEquals(List.of(iam4 + "EC2InstanceProfileForImageBuilder]", iam4 + "AmazonSSMManagedInstanceCore]",
        iam4 + "CloudWatchAgentServerPolicy]"), roleAcks);
    assertEquals(List.of(), findings("AwsSolutions-IAM4"), "IAM4 is acknowledged on the role");
  }

  @Test
  void rolePropsKeepSsmCoreExactlyOnce() {
    var base = SsmInstanceRole.Props.of("x");
    assertThrows(IllegalArgumentException.class, () -> base.withManagedPolicy(SsmInstanceRole.SSM_CORE, "twice on the role"));
    assertThrows(IllegalArgumentException.class, () -> new SsmInstanceRole.Props("x", List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> base.withManagedPolicy("ReadOnlyAccess", "first reason here").withManagedPolicy("ReadOnlyAccess", "again"));
  }

  @Test
  void defaultInstanceRequiresImdsV2WithHopLimitOneOnTheInstanceItself() {
    template.hasResourceProperties("AWS::EC2::Instance", Map.of(
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
        "LaunchTemplate", Match.absent(),
        "Monitoring", true,
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of(
            "DeleteOnTermination", true, "Encrypted", true, "VolumeSize", 8, "VolumeType", "gp3"))),
        "DisableApiTermination", Match.absent(),
        "SourceDestCheck", Match.absent(),
        "NetworkInterfaces", List.of(Match.objectLike(Map.of("AssociatePublicIpAddress", false, "DeviceIndex", "0"))),
        "SubnetId", Match.absent()));
  }

  @Test
  void routerOnAnOwnImageMapsItsRootDeviceAndKeepsTheLaunchTemplateForm() {
    template.hasResourceProperties("AWS::EC2::Instance", Map.of(
        "MetadataOptions", Match.absent(),
        "LaunchTemplate", Match.objectLike(Map.of("Version", Match.anyValue())),
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of(
            "DeleteOnTermination", false, "Encrypted", true, "VolumeSize", 30, "VolumeType", "gp3"))),
        "DisableApiTermination", true,
        "SourceDestCheck", false,
        "NetworkInterfaces", List.of(Match.objectLike(Map.of("AssociatePublicIpAddress", true)))));
    // A new user data hash is a new logical ID, so CloudFormation replaces the instance.
    assertEquals(1, template.findResources("AWS::EC2::Instance").keySet().stream()
        .filter(id -> id.matches("Router[0-9A-F]{8}[0-9a-f]{16}")).count(), template.findResources("AWS::EC2::Instance").keySet().toString());
    // The launch template CDK adds for requireImdsv2 carries only the token requirement.
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of(
        "LaunchTemplateData", Map.of("MetadataOptions", Map.of("HttpTokens", "required")),
        "LaunchTemplateName", Match.stringLikeRegexp("RouterLaunchTemplate.*")));
  }

  @Test
  void launchTemplateEncryptsTheRootOfAnOwnImageOnItsRootDevice() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of(
            "DeleteOnTermination", true, "Encrypted", true, "VolumeSize", 40, "VolumeType", "gp3"))),
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
        "Monitoring", Map.of("Enabled", true),
        "NetworkInterfaces", List.of(Match.objectLike(Map.of("AssociatePublicIpAddress", false))),
        "ImageId", Map.of("Ref", Match.stringLikeRegexp("SsmParameterValuefleetkittestubuntuami.*")),
        "InstanceType", Match.absent()))));
    Map<String, Object> params = template.toJSON().entrySet().stream().filter(e -> e.getKey().equals("Parameters"))
        .map(e -> (Map<String, Object>) e.getValue()).findFirst().orElseThrow();
    assertTrue(params.values().stream().anyMatch(p -> OWN_AMI.equals(((Map<?, ?>) p).get("Default"))), params.toString());
  }

  @Test
  void mixedInstancesGroupCollectsGroupMetricsAndLeavesTheSizeToAPolicy() {
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
        "MinSize", "0",
        "MaxSize", "10",
        "DesiredCapacity", Match.absent(),
        "CapacityRebalance", Match.absent(),
        "AutoScalingGroupName", Match.absent(),
        "MetricsCollection", List.of(Map.of("Granularity", "1Minute",
            "Metrics", List.of("GroupInServiceInstances", "GroupDesiredCapacity"))),
        "MixedInstancesPolicy", Map.of(
            "InstancesDistribution", Map.of("OnDemandBaseCapacity", 0, "OnDemandPercentageAboveBaseCapacity", 10,
                "SpotAllocationStrategy", "price-capacity-optimized"),
            "LaunchTemplate", Map.of(
                "LaunchTemplateSpecification", Match.anyValue(),
                "Overrides", List.of(Map.of("InstanceRequirements", Map.of(
                    "VCpuCount", Map.of("Min", 2, "Max", 8),
                    "MemoryMiB", Map.of("Min", 4096),
                    "CpuManufacturers", List.of("intel", "amd"),
                    "BurstablePerformance", "excluded",
                    "ExcludedInstanceTypes", List.of("t2.*"))))))));
    // cdk-nag's EC26 cannot read a launch template inside a mixed instances policy; the group acknowledges it.
    assertEquals(List.of(), findings("AwsSolutions-EC26"));
    // What is left is the test's own: the VPC without flow logs, the plain instance without termination
    // protection, the group without notifications.
    assertEquals(List.of("Ec2/Plain/Resource"), findings("AwsSolutions-EC29"));
    assertEquals(List.of("AwsSolutions-AS3", "AwsSolutions-EC29", "AwsSolutions-VPC7"), rules());
  }

  @Test
  void aGroupNeedsTypesOrRequirementsNotBoth() {
    var e = assertThrows(IllegalArgumentException.class, () -> new MixedInstancesGroup.Props(null, null, null, List.of(),
        List.of(), null, 0, 1, Optional.empty(), Optional.empty(), false, false, Optional.empty(), List.of()));
    assertEquals("a mixed instances policy needs instance types or instance requirements, not both", e.getMessage());
  }

  /** Every rule cdk-nag reports. */
  static List<String> rules() {
    var rules = new TreeSet<String>();
    report.path("pluginReports").forEach(p -> p.path("violations").forEach(v -> rules.add(v.path("ruleName").asText())));
    return List.copyOf(rules);
  }

  /** Construct paths cdk-nag reports for a rule (the report names the rule with its finding, if any). */
  static List<String> findings(String rule) {
    var paths = new TreeSet<String>();
    for (JsonNode p : report.path("pluginReports")) {
      for (JsonNode v : p.path("violations")) {
        if (!v.path("ruleName").asText().startsWith(rule)) continue;
        v.path("violatingConstructs").forEach(c -> paths.add(c.path("constructPath").asText()));
      }
    }
    return List.copyOf(paths);
  }
}
