package io.fleetkit.stacks.rootrestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetkit.support.TestApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The three roles of {@code <prefix>-root-restore} under an IAM simulator (@cloud-copilot/iam-simulate, a test-only
 * npm dev dependency) with their own policies as synthesized: the runbook role replaces only tagged, unprotected
 * instances from snapshots and the allowed AMIs, snapshots only with the restore-point tag, tags only at creation and
 * deletes nothing; the janitor deletes only restore points, never a pinned or scheduled one; DLM deletes only its own.
 * Every request's context keys are checked against the Service Authorization Reference first
 * (app/src/test/node/simulate-identity.mjs), so a key AWS would not send cannot make a request pass.
 */
class RootRestoreIamSimulationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path OUT = Path.of("target", "iam", "root-restore");

  @Test
  void theAllowDenyMatrixHolds() throws Exception {
    assertTrue(Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate")),
        "node_modules is missing: run `npm ci` first (README, set-up)");
    Template t = TestApps.template(RootRestoreStackTest.FULL, "fleetkit-root-restore");
    ArrayNode policies = JSON.createArrayNode();
    for (var e : Map.of("RunbookRole", "RunbookRole", "Janitor", "JanitorFunctionRole", "DlmRole",
        "ScheduledRestorePointsRole").entrySet()) {
      JsonNode p = RootRestoreStackTest.resource(t, "AWS::IAM::Policy", e.getValue());
      policies.addObject().put("name", e.getKey()).set("document", resolved(p.get("PolicyDocument")));
    }
    Files.createDirectories(OUT);
    Path file = OUT.resolve("policies.json");
    Files.writeString(file, JSON.createObjectNode().set("policies", policies).toString());
    JsonNode result = node("app/src/test/node/simulate-identity.mjs", file.toString(),
        "app/src/test/resources/iam/root-restore-matrix.json");
    assertEquals("[]", result.get("failed").toString(), () -> "requests with the wrong decision:\n"
        + result.get("failed").toPrettyString());
    assertEquals(40, result.get("total").asInt());
  }

  /**
   * The policy as IAM would see it: the one intrinsic in these policies, the janitor's log group ARN
   * ({"Fn::GetAtt": [LogGroup, "Arn"]}), becomes a log group ARN of the test account; any other intrinsic fails.
   */
  static JsonNode resolved(JsonNode node) {
    if (node.isObject() && node.has("Fn::GetAtt")) {
      String id = node.get("Fn::GetAtt").get(0).asText();
      assertTrue(id.startsWith("JanitorFunctionLogs"), "unexpected intrinsic " + node);
      return JSON.getNodeFactory().textNode("arn:aws:logs:eu-west-1:111122223333:log-group:" + id + ":*");
    }
    if (node.isObject()) {
      var out = JSON.createObjectNode();
      node.fields().forEachRemaining(f -> {
        assertTrue(!f.getKey().startsWith("Fn::") && !f.getKey().equals("Ref"), "unexpected intrinsic " + node);
        out.set(f.getKey(), resolved(f.getValue()));
      });
      return out;
    }
    if (node.isArray()) {
      var out = JSON.createArrayNode();
      node.forEach(n -> out.add(resolved(n)));
      return out;
    }
    return node;
  }

  /** Runs a Node script and returns its JSON output; a non-zero exit fails with that output. */
  static JsonNode node(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node did not finish");
    JsonNode json = JSON.readTree(out);
    assertEquals(0, p.exitValue(), String.join(" ", args) + " reported:\n" + json.toPrettyString());
    return json;
  }
}
