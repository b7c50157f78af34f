package io.fleetkit.stacks.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ImagePipelinesStackTest {
  static final String HARDEN = """
      name: harden
      schemaVersion: 1.0
      phases:
        - name: build
          steps:
            - name: Sshd
              action: ExecuteBash
              inputs:
                commands: [echo hardened]
      """;
  static final String SMOKE = """
      name: smoke
      schemaVersion: 1.0
      phases:
        - name: test
          steps:
            - name: Boot
              action: ExecuteBash
              inputs:
                commands: ["true"]
      """;
  static final String YAML = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: eu-west-1
      image_pipelines:
        enabled: true
        schedule: cron(30 2 ? * SUN *)
        instance_types: [m7i.large, m6i.large]
        subnet_id: subnet-0a1b2c3d4e5f60001
        security_group_ids: [sg-0a1b2c3d4e5f60001]
        notification_email: images@example.com
        log_retention_days: 30
        test_timeout_minutes: 90
        gold:
          name: gold
          base_image_parameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64
          ssm_parameter: /fleetkit/images/gold/latest
          components:
            - managed: update-linux
            - managed: stig-build-linux-medium
              version: 2.x.x
            - name: harden
              yaml: |
      %s
            - name: smoke
              yaml: |
      %s
        workloads:
          - name: ml
            parent: gold
            components:
              - managed: amazon-cloudwatch-agent-linux
              - arn: arn:aws:imagebuilder:eu-west-1:444455556666:component/shared-monitoring/1.2.x
          - name: ml-serving
            parent: ml
            ami_name: "serving-{{ imagebuilder:buildDate }}"
            components:
              - managed: aws-cli-version-2-linux
      """.formatted(indent(HARDEN, 10), indent(SMOKE, 10));

  static Template template;

  static String indent(String text, int n) {
    return text.lines().map(l -> " ".repeat(n) + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  @BeforeAll
  static void synth() {
    template = TestApps.template(YAML, "fleetkit-image-pipelines");
  }

  static Map<String, Object> partitionJoin(String... parts) {
    List<Object> p = new java.util.ArrayList<>();
    p.add("arn:");
    p.add(Map.of("Ref", "AWS::Partition"));
    p.addAll(List.of(parts));
    return Map.of("Fn::Join", List.of("", p));
  }

  @Test
  void customComponentsCarryTheirYamlAndAContentVersion() {
    for (var c : List.of(Map.entry("harden", HARDEN), Map.entry("smoke", SMOKE))) {
      Capture data = new Capture();
      String name = "fleetkit-gold-" + c.getKey();
      template.hasResourceProperties("AWS::ImageBuilder::Component", Map.of(
          "Name", name, "Platform", "Linux", "Description", c.getKey(), "Version", ContentVersion.component(name, "Linux", c.getKey(), c.getValue(), List.of(), Optional.empty()), "Data", data));
      Map<String, Object> parsed = new Yaml().load(data.asString());
      assertEquals(new Yaml().load(c.getValue()), parsed);
    }
    Capture test = new Capture();
    template.hasResourceProperties("AWS::ImageBuilder::Component", Map.of("Name", "fleetkit-gold-smoke", "Data", test));
    Map<String, Object> doc = new Yaml().load(test.asString());
    assertEquals("test", ((Map<?, ?>) ((List<?>) doc.get("phases")).get(0)).get("name"));
  }

  @Test
  void goldRecipeStartsFromTheSsmParameterWithManagedComponentsAtWildcards() {
    Capture components = new Capture();
    template.hasResourceProperties("AWS::ImageBuilder::ImageRecipe", Map.of(
        "Name", "fleetkit-gold",
        "ParentImage", "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        "Components", components,
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of(
            "Encrypted", true, "VolumeType", "gp3", "VolumeSize", 30, "DeleteOnTermination", true)))));
    List<?> list = components.asArray();
    assertEquals(4, list.size());
    assertEquals(Map.of("ComponentArn", "arn:aws:imagebuilder:eu-west-1:aws:component/update-linux/x.x.x"),
        list.get(0));
    assertEquals(Map.of("ComponentArn", "arn:aws:imagebuilder:eu-west-1:aws:component/stig-build-linux-medium/2.x.x"),
        list.get(1));
    // Then the custom build component and the test component, in config order.
    assertEquals(Map.of("ComponentArn", Map.of("Fn::GetAtt", List.of(componentId("fleetkit-gold-harden"), "Arn"))),
        list.get(2));
    assertEquals(Map.of("ComponentArn", Map.of("Fn::GetAtt", List.of(componentId("fleetkit-gold-smoke"), "Arn"))),
        list.get(3));
  }

  static String componentId(String name) {
    var found = template.findResources("AWS::ImageBuilder::Component",
        Map.of("Properties", Match.objectLike(Map.of("Name", name))));
    assertEquals(1, found.size(), name);
    return found.keySet().iterator().next();
  }

  @Test
  void workloadRecipesCascadeFromTheirParentsImage() {
    template.hasResource("AWS::ImageBuilder::ImageRecipe", Map.of(
        "Properties", Match.objectLike(Map.of("Name", "fleetkit-ml",
            "ParentImage", "arn:aws:imagebuilder:eu-west-1:111122223333:image/fleetkit-gold/x.x.x")),
        "DependsOn", List.of(pipelineId("fleetkit-gold"))));
    template.hasResource("AWS::ImageBuilder::ImageRecipe", Map.of(
        "Properties", Match.objectLike(Map.of("Name", "fleetkit-ml-serving",
            "ParentImage", "arn:aws:imagebuilder:eu-west-1:111122223333:image/fleetkit-ml/x.x.x")),
        "DependsOn", List.of(pipelineId("fleetkit-ml"))));
  }

  static String pipelineId(String name) {
    var found = template.findResources("AWS::ImageBuilder::ImagePipeline",
        Map.of("Properties", Match.objectLike(Map.of("Name", name))));
    assertEquals(1, found.size(), name);
    return found.keySet().iterator().next();
  }

  @Test
  void componentsByArnAreUsedAsGiven() {
    template.hasResourceProperties("AWS::ImageBuilder::ImageRecipe", Map.of("Name", "fleetkit-ml", "Components", List.of(
        Map.of("ComponentArn", "arn:aws:imagebuilder:eu-west-1:aws:component/amazon-cloudwatch-agent-linux/x.x.x"),
        Map.of("ComponentArn", "arn:aws:imagebuilder:eu-west-1:444455556666:component/shared-monitoring/1.2.x"))));
  }

  @Test
  void everyPipelineRebuildsOnDependencyUpdatesWithTestsOn() {
    template.resourceCountIs("AWS::ImageBuilder::ImagePipeline", 3);
    for (String name : List.of("fleetkit-gold", "fleetkit-ml", "fleetkit-ml-serving")) {
      template.hasResourceProperties("AWS::ImageBuilder::ImagePipeline", Map.of(
          "Name", name,
          "Schedule", Map.of("ScheduleExpression", "cron(30 2 ? * SUN *)",
              "PipelineExecutionStartCondition", "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"),
          "ImageTestsConfiguration", Map.of("ImageTestsEnabled", true, "TimeoutMinutes", 90),
          "Status", "ENABLED"));
    }
  }

  @Test
  void infrastructureHasProfileNetworkLogsOwnTopicAndTerminatesOnFailure() {
    template.resourceCountIs("AWS::ImageBuilder::InfrastructureConfiguration", 3);
    for (String name : List.of("gold", "ml", "ml-serving")) {
      Capture topic = new Capture();
      template.hasResourceProperties("AWS::ImageBuilder::InfrastructureConfiguration", Map.of(
          "Name", "fleetkit-" + name,
          "InstanceProfileName", Map.of("Ref", "BuildInstanceProfile"),
          "InstanceTypes", List.of("m7i.large", "m6i.large"),
          "SubnetId", "subnet-0a1b2c3d4e5f60001",
          "SecurityGroupIds", List.of("sg-0a1b2c3d4e5f60001"),
          "TerminateInstanceOnFailure", true,
          "SnsTopicArn", topic,
          "InstanceMetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
          "Logging", Map.of("S3Logs", Map.of("S3BucketName", Map.of("Ref", "Logs6819BB44"),
              "S3KeyPrefix", "image-builder/" + name))));
      String topicId = ((Map<?, ?>) topic.asObject()).get("Ref").toString();
      Map<String, Map<String, Object>> topics = template.findResources("AWS::SNS::Topic");
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) topics.get(topicId).get("Properties");
      assertEquals("fleetkit-" + name + "-image-builder", props.get("TopicName"));
      assertEquals(Map.of("Fn::GetAtt", List.of("NotificationsKey74C0825E", "Arn")), props.get("KmsMasterKeyId"));
    }
  }

  @Test
  void everyTopicIsEncryptedWithTheKeyAndOnlyTheFailureTopicHasTheEmailSubscription() {
    Map<String, Map<String, Object>> topics = template.findResources("AWS::SNS::Topic");
    assertEquals(4, topics.size(), topics.keySet().toString());
    for (var t : topics.entrySet()) {
      assertEquals(Map.of("Fn::GetAtt", List.of("NotificationsKey74C0825E", "Arn")),
          ((Map<?, ?>) t.getValue().get("Properties")).get("KmsMasterKeyId"), t.getKey());
    }
    Map<String, Map<String, Object>> subscriptions = template.findResources("AWS::SNS::Subscription");
    assertEquals(List.of(Map.of("Protocol", "email", "Endpoint", "images@example.com",
            "TopicArn", Map.of("Ref", "BuildFailuresBD103A49"))),
        subscriptions.values().stream().map(r -> r.get("Properties")).toList());
  }

  @Test
  void instanceProfileRoleHasImageBuilderPoliciesAndWritesLogsOnly() {
    template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", List.of(
        partitionJoin(":iam::aws:policy/EC2InstanceProfileForImageBuilder"),
        partitionJoin(":iam::aws:policy/AmazonSSMManagedInstanceCore"))));
    // Writes under image-builder/ of the logs bucket, with the stack's key that encrypts it (SSE-KMS).
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Version", "2012-10-17",
        "Statement", List.of(Map.of("Action", "s3:PutObject", "Effect", "Allow", "Resource", Map.of("Fn::Join",
            List.of("", List.of(Map.of("Fn::GetAtt", List.of("Logs6819BB44", "Arn")), "/image-builder/*")))),
            Map.of("Action", List.of("kms:Decrypt", "kms:GenerateDataKey"), "Effect", "Allow",
                "Resource", Map.of("Fn::GetAtt", List.of("NotificationsKey74C0825E", "Arn")))))));
  }

  @Test
  void logsBucketIsEncryptedPrivateTlsOnlyVersionedAndExpires() {
    template.hasResourceProperties("AWS::S3::Bucket", Map.of(
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
            "BucketKeyEnabled", true,
            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms",
                "KMSMasterKeyID", Map.of("Fn::GetAtt", List.of("NotificationsKey74C0825E", "Arn")))))),
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)),
        "LifecycleConfiguration", Map.of("Rules", List.of(Map.of("ExpirationInDays", 30, "Status", "Enabled"),
            Map.of("Id", "expire-noncurrent-versions", "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30),
                "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7), "Status", "Enabled")))));
    // TLS only, for the bucket and every object in it, and nothing else in the policy.
    Map<String, Object> bucketArn = Map.of("Fn::GetAtt", List.of("Logs6819BB44", "Arn"));
    template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("Bucket", Map.of("Ref", "Logs6819BB44"),
        "PolicyDocument", Match.objectEquals(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
            "Effect", "Deny", "Action", "s3:*", "Principal", Map.of("AWS", "*"),
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
            "Resource", List.of(bucketArn, Map.of("Fn::Join", List.of("", List.of(bucketArn, "/*"))))))))));
  }

  @Test
  void distributionNamesAmisByBuildDateAndPublishesTheId() {
    template.hasResourceProperties("AWS::ImageBuilder::DistributionConfiguration", Map.of(
        "Name", "fleetkit-gold",
        "Distributions", List.of(Map.of(
            "Region", "eu-west-1",
            "AmiDistributionConfiguration", Match.objectLike(Map.of("Name", "gold-{{ imagebuilder:buildDate }}")),
            "SsmParameterConfigurations", List.of(Map.of("ParameterName", "/fleetkit/images/gold/latest",
                "DataType", "aws:ec2:image"))))));
    template.hasResourceProperties("AWS::ImageBuilder::DistributionConfiguration", Map.of(
        "Name", "fleetkit-ml-serving",
        "Distributions", List.of(Map.of(
            "Region", "eu-west-1",
            "AmiDistributionConfiguration", Match.objectLike(Map.of("Name", "serving-{{ imagebuilder:buildDate }}"))))));
  }

  @Test
  void buildFailuresReachAnEncryptedTopicWithTheEmailSubscription() {
    template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.imagebuilder"),
        "detail-type", List.of("EC2 Image Builder Image State Change"),
        "detail", Map.of("state", Map.of("status", List.of("FAILED"))),
        "resources", List.of(Map.of("prefix", "arn:aws:imagebuilder:eu-west-1:111122223333:image/fleetkit-")))));
    template.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "fleetkit-image-build-failures",
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of("NotificationsKey74C0825E", "Arn"))));
    template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
        "Endpoint", "images@example.com"));
  }

  static final String SERVICE_ROLE =
      "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder";
  static final Map<String, Object> FROM_FAILURE_RULE = Map.of(
      "ArnEquals", Map.of("aws:SourceArn", "arn:aws:events:eu-west-1:111122223333:rule/fleetkit-image-build-failed"),
      "StringEquals", Map.of("aws:SourceAccount", "111122223333"));

  @Test
  void keyLetsTheImageBuilderRoleAndOnlyTheFailureRulePublishAndRotates() {
    // The service-linked role need not exist at deploy time: it is matched by condition, not named as principal.
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
        "KeyPolicy", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Action", "kms:*", "Resource", "*",
                "Principal", Map.of("AWS", "arn:aws:iam::111122223333:root")),
            // AWS Control Tower CT.KMS.PR.3: only AWS services may create grants.
            Map.of("Sid", "CreateGrantOnlyForAwsServices", "Effect", "Deny", "Action", "kms:CreateGrant",
                "Resource", "*", "Principal", Map.of("AWS", "*"), "Condition", Map.of("BoolIfExists", Map.of(
                    "kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"))),
            Map.of("Sid", "ImageBuilderPublishes", "Effect", "Allow", "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                "Resource", "*", "Principal", Map.of("AWS", "*"), "Condition", Map.of(
                    "StringEquals", Map.of("aws:PrincipalAccount", "111122223333"),
                    "ArnEquals", Map.of("aws:PrincipalArn", SERVICE_ROLE))),
            Map.of("Sid", "BuildFailedRuleEncrypts", "Effect", "Allow", "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                "Resource", "*", "Principal", Map.of("Service", "events.amazonaws.com"), "Condition", FROM_FAILURE_RULE)))));
  }

  @Test
  void failureTopicAcceptsOnlyTheFailureRule() {
    template.hasResourceProperties("AWS::Events::Rule", Map.of("Name", "fleetkit-image-build-failed",
        "Targets", List.of(Map.of("Id", "Target0", "Arn", Map.of("Ref", "BuildFailuresBD103A49")))));
    template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
        "Topics", List.of(Map.of("Ref", "BuildFailuresBD103A49")),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Action", "sns:Publish", "Principal", "*",
                "Resource", Map.of("Ref", "BuildFailuresBD103A49"),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))),
            Map.of("Sid", "BuildFailedRulePublishes", "Effect", "Allow", "Action", "sns:Publish",
                "Principal", Map.of("Service", "events.amazonaws.com"),
                "Resource", Map.of("Ref", "BuildFailuresBD103A49"), "Condition", FROM_FAILURE_RULE)))));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-image-pipelines", template.toJSON());
  }
}
