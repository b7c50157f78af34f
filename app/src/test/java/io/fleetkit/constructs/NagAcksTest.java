package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;
import software.constructs.MetadataOptions;

/**
 * Two stacks with the same findings, acknowledged in one of them only: synthesis with cdk-nag
 * registered through Validations (surefire sets CDK_VALIDATION=false, so cdk-nag is the only plugin)
 * must still fail on the other, and the validation report must name exactly the unacknowledged ones.
 */
class NagAcksTest {
  static final String S1 = "AwsSolutions-S1";
  static final String IAM4_SSM = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]";
  static final String DESIRED = "@aws-cdk/aws-autoscaling:desiredCapacitySet";
  static final String REASON = "The test accepts this finding on this construct only";

  @TempDir Path out;

  @Test
  void acknowledgesTheConstructAndItsChildrenOnly() throws IOException {
    App app = app(Map.of());
    Stack acked = new Stack(app, "Acked");
    Findings a = findings(acked);
    // A sibling in the same stack with the same finding: not covered by the acknowledgement above.
    Bucket.Builder.create(acked, "Sibling").enforceSsl(true).build();
    // On a parent: covers the bucket (and its CfnBucket) below it.
    Construct group = new Construct(acked, "Group");
    Bucket.Builder.create(group, "Nested").enforceSsl(true).build();
    NagAcks.acknowledge(a.bucket(), S1, REASON);
    NagAcks.acknowledge(a.role(), IAM4_SSM, REASON);
    NagAcks.acknowledge(group, S1, REASON);
    findings(new Stack(app, "Plain"));

    Map<String, Set<String>> reported = synthFails(app);

    // Not Acked/Logs/Resource (acknowledged on the bucket) nor Acked/Group/Nested/Resource (on its parent).
    assertEquals(Set.of("Plain/Logs/Resource", "Acked/Sibling/Resource"), reported.get(S1), "S1 reported at");
    assertEquals(Set.of("Plain/Role/Resource"), reported.get(IAM4_SSM), "IAM4 reported at");
    assertEquals(Set.of(S1, IAM4_SSM), reported.keySet());
  }

  /**
   * Why NagAcks writes neither of these: CDK core suppresses a reported violation whose rule name is
   * acknowledged anywhere in the app, so both silence the finding in the other stack too.
   */
  @Test
  void rawAndQualifiedIdsWouldSilenceEveryStack() throws IOException {
    App app = app(Map.of());
    Findings a = findings(new Stack(app, "Acked"));
    Validations.of(a.bucket()).acknowledge(Acknowledgment.builder().id("AwsSolutions::" + S1).reason(REASON).build());
    a.role().getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(IAM4_SSM, REASON),
        MetadataOptions.builder().stackTrace(false).build());
    findings(new Stack(app, "Plain"));

    app.synth();

    Map<String, Set<String>> reported = report(AWS_SOLUTIONS);
    assertEquals(Map.of(), reported, "with app-wide forms nothing is left to report, not even Plain's findings");
  }

  @Test
  void acknowledgesAWarningOnTheConstructAndItsChildrenOnly() throws IOException {
    // Annotations only (no cdk-nag), as FleetkitApp's cdk.json reports them.
    App app = bareApp(Map.of("@aws-cdk/core:annotationsInValidationReport", true));
    AutoScalingGroup acked = group(new Stack(app, "Acked"));
    group(new Stack(app, "Plain"));
    NagAcks.acknowledgeWarning(acked, DESIRED, REASON);

    app.synth(); // warnings only: without @aws-cdk/core:strictCfnValidateErrors they do not fail synthesis

    assertEquals(Set.of("Plain/Group"), report(ANNOTATIONS).get("Annotation::" + DESIRED));
  }

  @Test
  void rejectsQualifiedIdsAndEmptyReasons() {
    Stack stack = new Stack(new App(), "S");
    for (String id : List.of("AwsSolutions::" + S1, "Annotation::" + S1, "annotation::" + IAM4_SSM, "", "S1",
        "AwsSolutions-IAM5::x")) {
      assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledge(stack, id, REASON), id);
    }
    for (String reason : List.of("", "   ", "ok", "AwsSolutions-S1", "acceptedforthistestonly")) {
      assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledge(stack, S1, reason), reason);
      assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledgeWarning(stack, DESIRED, reason), reason);
    }
    assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledge(stack, S1, null));
  }

  @Test
  void aValidatorRuleIsAcknowledgedByPluginAndRuleWithItsReason() {
    Stack stack = new Stack(new App(), "S");
    Bucket bucket = Bucket.Builder.create(stack, "B").build();
    NagAcks.acknowledgeValidatorRule(bucket, "W9010", REASON);
    var acks = bucket.getNode().getMetadata().stream()
        .filter(m -> m.getType().equals(Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).map(m -> m.getData()).toList();
    assertEquals(List.of(Map.of("CloudFormation-Validate::W9010", REASON)), acks);
    for (String id : List.of("", "9010", "AwsSolutions-S1", "CloudFormation-Validate::W9010", "w9010")) {
      assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledgeValidatorRule(bucket, id, REASON), id);
    }
    assertThrows(IllegalArgumentException.class, () -> NagAcks.acknowledgeValidatorRule(bucket, "W9010", "ok"));
  }

  record Findings(Bucket bucket, Role role) {}

  /** A bucket without server access logs (S1) and a role with AmazonSSMManagedInstanceCore (IAM4). */
  static Findings findings(Stack stack) {
    Bucket bucket = Bucket.Builder.create(stack, "Logs").enforceSsl(true).build();
    Role role = Role.Builder.create(stack, "Role").assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
        .build();
    return new Findings(bucket, role);
  }

  static AutoScalingGroup group(Stack stack) {
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(1).natGateways(0)
        .subnetConfiguration(List.of(SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).build()))
        .build();
    return AutoScalingGroup.Builder.create(stack, "Group").vpc(vpc)
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
        .instanceType(new InstanceType("t3.micro")).machineImage(MachineImage.latestAmazonLinux2023())
        .minCapacity(1).maxCapacity(2).desiredCapacity(1)
        .build();
  }

  static final String AWS_SOLUTIONS = "AwsSolutions";
  static final String ANNOTATIONS = "Construct Annotations";

  /** An app writing to the temp dir, with cdk-nag registered the way FleetkitApp.build registers it. */
  App app(Map<String, Object> context) {
    App app = bareApp(context);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return app;
  }

  App bareApp(Map<String, Object> context) {
    return new App(AppProps.builder().outdir(out.toString()).context(context).build());
  }

  /** Synthesis fails on the cdk-nag errors and points at the report; returns cdk-nag's findings from it. */
  Map<String, Set<String>> synthFails(App app) throws IOException {
    RuntimeException e = assertThrows(RuntimeException.class, app::synth);
    assertTrue(e.getMessage().contains("ValidationFailed") && e.getMessage().contains("validation-report.json"),
        e.getMessage());
    return report(AWS_SOLUTIONS);
  }

  /** Rule name to violating construct paths, as cdk.out/validation-report.json lists them for one plugin. */
  Map<String, Set<String>> report(String plugin) throws IOException {
    JsonNode json = new ObjectMapper().readTree(out.resolve("validation-report.json").toFile());
    Map<String, Set<String>> byRule = new TreeMap<>();
    for (JsonNode p : json.path("pluginReports")) {
      if (!p.path("pluginName").asText().equals(plugin)) continue;
      for (JsonNode v : p.path("violations")) {
        for (JsonNode c : v.path("violatingConstructs")) {
          byRule.computeIfAbsent(v.path("ruleName").asText(), k -> new TreeSet<>()).add(c.path("constructPath").asText());
        }
      }
    }
    return byRule;
  }
}
