package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.functions.FunctionClients;
import io.fleetkit.functions.spotscores.SpotScoresFunction;
import io.fleetkit.support.TestApps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.FileSystem;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What every fleetkit function deploys, checked on a stack with a Region and one without, with
 * cdk-nag and the strict CloudFormation validator on (synthesis fails on any finding); and that the
 * code's S3 key is a hash of the staged files' paths and contents, nothing else.
 */
class JavaFunctionTest {
  static final String CONFIG = "{\"namespace\":\"Fleetkit/SpotPlacementScores\",\"configurations\":[]}";
  static Template regional;
  static Template agnostic;

  @BeforeAll
  static void synth() {
    App app = TestApps.app();
    Stack withRegion = new Stack(app, "regional", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("eu-west-1").build()).build());
    Stack without = new Stack(app, "agnostic");
    for (Stack stack : List.of(withRegion, without)) {
      JavaFunction f = new JavaFunction(stack, "Collector", JavaFunction.Props.of(SpotScoresFunction.HANDLER,
          "fleetkit: Spot placement scores", Duration.minutes(5))
          .withReservedConcurrency(1)
          .withEnvironment(Map.of(SpotScoresFunction.CONFIG_VARIABLE, CONFIG)));
      f.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ec2:GetSpotPlacementScores"))
          .resources(List.of("*")).build());
      NagAcks.acknowledge(f.role(), "AwsSolutions-IAM5[Resource::*]", "GetSpotPlacementScores has no resource type: its"
          + " Service Authorization Reference entry lists none, so the only resource is *");
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    app.synth();
    regional = Template.fromStack(withRegion);
    agnostic = Template.fromStack(without);
  }

  @Test
  void createsTheFunctionItsLogsKeyAndRoleAndNothingElse() {
    for (Template t : List.of(regional, agnostic)) {
      assertEquals(Map.of("AWS::Lambda::Function", 1, "AWS::Lambda::EventInvokeConfig", 1, "AWS::Logs::LogGroup", 1,
          "AWS::KMS::Key", 1, "AWS::IAM::Role", 1, "AWS::IAM::Policy", 1), resourceCounts(t));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Integer> resourceCounts(Template t) {
    Map<String, Object> resources = (Map<String, Object>) t.toJSON().get("Resources");
    Map<String, Integer> counts = new java.util.TreeMap<>();
    resources.values().forEach(r -> counts.merge((String) ((Map<String, Object>) r).get("Type"), 1, Integer::sum));
    return counts;
  }

  @Test
  void java25OnArm64WithTheStagedCodeAndNoSnapStart() {
    Capture logs = new Capture();
    regional.hasResourceProperties("AWS::Lambda::Function", Match.objectEquals(Map.ofEntries(
        Map.entry("Runtime", "java25"),
        Map.entry("Architectures", List.of("arm64")),
        Map.entry("Handler", "io.fleetkit.functions.spotscores.SpotScoresHandler::handleRequest"),
        Map.entry("Code", Map.of("S3Bucket", "cdk-hnb659fds-assets-111122223333-eu-west-1", "S3Key", assetKey())),
        Map.entry("Description", "fleetkit: Spot placement scores"),
        Map.entry("MemorySize", 1024),
        Map.entry("Timeout", 300),
        Map.entry("ReservedConcurrentExecutions", 1),
        Map.entry("Environment", Map.of("Variables", Map.of(
            "FLEETKIT_SPOT_SCORES_CONFIG", CONFIG,
            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))),
        Map.entry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", logs))),
        Map.entry("Role", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorRole.*"), "Arn"))))));
    assertEquals(1, regional.findResources("AWS::Logs::LogGroup").keySet().stream().filter(logs.asString()::equals).count());
    regional.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 0,
        "Qualifier", "$LATEST"));
  }

  @Test
  void theLogGroupKeepsAYearEncryptedWithItsOwnRotatingKey() {
    regional.hasResource("AWS::Logs::LogGroup", Map.of(
        "Properties", Match.objectEquals(Map.of(
            "RetentionInDays", 365,
            "KmsKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorLogKey.*"), "Arn")))),
        "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
    regional.hasResource("AWS::KMS::Key", Map.of("Properties", Map.of("EnableKeyRotation", true),
        "DeletionPolicy", "Retain"));
  }

  @Test
  void cloudWatchLogsMayUseTheKeyOnlyForLogGroupsOfThisAccountAndRegion() {
    regional.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
        Match.objectEquals(Map.of(
            "Sid", "CloudWatchLogsOfThisAccount",
            "Effect", "Allow",
            "Principal", Map.of("Service", Map.of("Fn::Join", List.of("", List.of("logs.eu-west-1.",
                Map.of("Ref", "AWS::URLSuffix"))))),
            "Action", List.of("kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"),
            "Resource", "*",
            "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                "arn:aws:logs:eu-west-1:111122223333:log-group:*")))))))));
    Object principal = Map.of("Fn::Join", List.of("", List.of("logs.", Map.of("Ref", "AWS::Region"), ".",
        Map.of("Ref", "AWS::URLSuffix"))));
    Object logGroups = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":logs:",
        Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":log-group:*")));
    agnostic.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
        Match.objectLike(Map.of("Sid", "CloudWatchLogsOfThisAccount", "Principal", Map.of("Service", principal),
            "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", logGroups)))))))));
  }

  @Test
  void theRoleWritesOnlyItsOwnLogsPlusWhatTheStackAdds() {
    regional.hasResourceProperties("AWS::IAM::Role", Match.objectEquals(Map.of(
        "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com")))),
        "Description", "fleetkit function regional/Collector: its log group, plus what its stack adds")));
    regional.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.objectEquals(Map.of(
        "Version", "2012-10-17",
        "Statement", List.of(
            Map.of("Sid", "WriteOwnLogs", "Effect", "Allow",
                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CollectorLogs.*"), "Arn"))),
            Map.of("Effect", "Allow", "Action", "ec2:GetSpotPlacementScores", "Resource", "*"))))));
  }

  /** The key the template gives the code: CDK's fingerprint of the staged directory, as a zip. */
  static String assetKey() {
    return FileSystem.fingerprint(JavaFunction.ASSET_DIRECTORY.toAbsolutePath().toString()) + ".zip";
  }

  /**
   * The S3 key depends on the staged files' relative paths and bytes only: a copy elsewhere with other
   * file times hashes the same, one changed byte does not. Two clean builds stage the same files (the
   * functions module's StagedAssetTest, and .ci/run's build-twice step compares the keys it prints).
   */
  @Test
  void theS3KeyIsAHashOfPathsAndContentsOnly(@TempDir Path tmp) throws IOException {
    String key = assetKey();
    System.out.println("fleetkit-function-asset-s3key " + key);
    regional.hasResourceProperties("AWS::Lambda::Function", Map.of("Code", Map.of("S3Key", key)));
    agnostic.hasResourceProperties("AWS::Lambda::Function", Map.of("Code", Map.of("S3Key", key)));
    Path copy = tmp.resolve("elsewhere");
    copyTree(JavaFunction.ASSET_DIRECTORY, copy, FileTime.fromMillis(86_400_000L));
    assertEquals(key, FileSystem.fingerprint(copy.toString()) + ".zip");
    Path aClass = copy.resolve("io/fleetkit/functions/spotscores/SpotScoresHandler.class");
    byte[] bytes = Files.readAllBytes(aClass);
    bytes[bytes.length - 1] ^= 1;
    Files.write(aClass, bytes);
    assertNotEquals(key, FileSystem.fingerprint(copy.toString()) + ".zip");
  }

  static void copyTree(Path from, Path to, FileTime time) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setLastModifiedTime(target, time);
        }
      }
    }
  }

  @Test
  void theTestEndpointVariableIsTheOneTheFunctionsRead() {
    assertEquals(FunctionClients.TEST_ENDPOINT_VARIABLE, JavaFunction.TEST_ENDPOINT_VARIABLE);
  }

  @Test
  void variablesThatBelongToLambdaTheSdkOrTestsAreRefused() {
    for (String key : List.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "_HANDLER", "JAVA_TOOL_OPTIONS", "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_EC2", "FLEETKIT_TEST_ENDPOINT", "1ABC", "A-B")) {
      var e = assertThrows(IllegalArgumentException.class, () -> JavaFunction.environment(Map.of(key, "x")), key);
      assertEquals("environment variable " + key + " cannot be set on a fleetkit function (expected [a-zA-Z][a-zA-Z0-9_]+,"
          + " not a Lambda runtime variable, JAVA_TOOL_OPTIONS, an SDK endpoint override or FLEETKIT_TEST_ENDPOINT)",
          e.getMessage());
    }
  }

  @Test
  void theEnvironmentMustFitLambdasFourKilobytes() {
    assertEquals(4096, JavaFunction.MAX_ENVIRONMENT_BYTES);
    // {"CONFIG":"…","JAVA_TOOL_OPTIONS":"…"}: 2 + (6 + 6 + n) + (17 + 46 + 6) bytes.
    int fits = 4096 - 2 - 12 - 69;
    assertEquals(fits, JavaFunction.environment(Map.of("CONFIG", "x".repeat(fits))).get("CONFIG").length());
    var e = assertThrows(IllegalArgumentException.class,
        () -> JavaFunction.environment(Map.of("CONFIG", "x".repeat(fits + 1))));
    assertEquals("the environment of a fleetkit function takes 4097 bytes (expected at most 4096, Lambda's limit for all"
        + " variables together)", e.getMessage());
  }

  @Test
  void propsOutsideLambdasRangesAreRefused() {
    String h = SpotScoresFunction.HANDLER;
    assertEquals("not a Java handler (expected package.Class or package.Class::method): bad handler!",
        assertThrows(IllegalArgumentException.class, () -> JavaFunction.Props.of("bad handler!", "d",
            Duration.minutes(1))).getMessage());
    assertEquals("timeout 901.0 s (expected 1 to 900 seconds, Lambda's range)", assertThrows(IllegalArgumentException.class,
        () -> JavaFunction.Props.of(h, "d", Duration.seconds(901))).getMessage());
    assertEquals("reserved concurrency 0 (expected at least 1, or none)", assertThrows(IllegalArgumentException.class,
        () -> JavaFunction.Props.of(h, "d", Duration.minutes(1)).withReservedConcurrency(0)).getMessage());
    assertEquals("memory 64 MiB (expected 128 to 10240, Lambda's range)", assertThrows(IllegalArgumentException.class,
        () -> JavaFunction.Props.of(h, "d", Duration.minutes(1)).withMemoryMiB(64)).getMessage());
  }

  @Test
  void aMissingAssetSaysHowToBuildIt(@TempDir Path tmp) {
    var e = assertThrows(IllegalStateException.class, () -> JavaFunction.staged(tmp.resolve("lambda")));
    assertEquals("the Java function asset " + tmp.resolve("lambda") + " is missing: build it with `mvn -q process-classes`"
        + " at the repository root (bin/java-main does so before a synth)", e.getMessage());
  }
}
