package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The identity-policy harness itself (app/src/test/node/simulate-identity.mjs, used by RootRestoreIamSimulationTest
 * and IdentityPolicySimulationTest) on policies and requests that are wrong on purpose
 * (app/src/test/resources/iam/harness/): each lint finding and each refusal that keeps those tests from passing
 * vacuously, pinned.
 */
class SimulateIdentityHarnessTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DIR = "app/src/test/resources/iam/harness/";

  record Run(int exit, String out, String err) {}

  static Run node(String matrix) throws Exception {
    assertTrue(Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate")),
        "node_modules is missing: run `npm ci` first (README, set-up)");
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node"),
        "app/src/test/node/simulate-identity.mjs", DIR + "policies.json", DIR + matrix));
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node did not finish");
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void lintFindingsAndRefusedRequestsFailTheRun() throws Exception {
    Run run = node("matrix.json");
    assertEquals(1, run.exit(), run.err());
    JsonNode result = JSON.readTree(run.out());
    assertEquals(List.of(
        "Ops/NoSuchAction: ec2:LaunchRockets is not an action of the Service Authorization Reference",
        "Ops/WrongOperator: NumericEquals does not suit ec2:InstanceType (String)",
        "Ops/WrongResource: arn:aws:ec2:*:111122223333:instance/* matches no resource type of s3:GetObject",
        "Ops/NoSuchKey: ec2:NoSuchKey is not a condition key of the Service Authorization Reference"),
        texts(result.at("/lint/problems")));
    // log-group:app:* covers the log-stream ARNs that CreateLogStream and PutLogEvents authorize: no finding.
    assertEquals(7, result.at("/lint/statements").asInt());
    List<String> results = new ArrayList<>();
    result.get("results").forEach(r -> results.add(r.get("name").asText() + " -> " + r.get("actual").asText() + ": "
        + r.get("detail").asText()));
    assertEquals(List.of(
        "tagged instance -> allow: Allowed",
        "other team -> deny: ImplicitlyDenied",
        "a key no part of the SAR defines -> error: ec2:NoSuchKey is not a condition key of the Service Authorization"
            + " Reference",
        "a key the SAR does not list for the action -> unmodelled: iam-simulate drops context keys it does not associate"
            + " with ec2:TerminateInstances: ec2:VolumeSize",
        "two values for a single-valued key -> error: aws:ResourceTag/Team is single-valued; iam-simulate would keep"
            + " only b",
        "star for an action that takes an ARN -> error: ec2:TerminateInstances takes a resource ARN, not *",
        "an ARN of another resource type -> error: arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a1b2c3d4e5f60001 is no"
            + " resource type that ec2:TerminateInstances authorizes",
        "wildcard-only action -> allow: Allowed"), results);
    List<String> failed = new ArrayList<>();
    result.get("failed").forEach(r -> failed.add(r.get("name").asText()));
    assertEquals(List.of("other team", "a key no part of the SAR defines", "a key the SAR does not list for the action",
        "two values for a single-valued key", "star for an action that takes an ARN", "an ARN of another resource type"),
        failed);
  }

  @Test
  void anUnmodelledExpectationNeedsTheDecisionOfAws() throws Exception {
    Run run = node("unmodelled-without-aws.json");
    assertEquals(2, run.exit());
    assertEquals("no aws answer: \"aws\" must be allow|deny, required with expect unmodelled and equal to expect"
        + " otherwise\n", run.err());
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
