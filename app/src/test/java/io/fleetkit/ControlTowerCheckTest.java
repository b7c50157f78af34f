package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.constructs.ControlTowerExceptions;
import io.fleetkit.support.ControlTowerCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Control Tower check fails on a template that breaks the rules, names each finding, and lets an exception
 * cover only its own control on its own resource (hand-written templates, so the check is tested apart from
 * fleetkit's stacks).
 */
class ControlTowerCheckTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REASON = "The test accepts this control on this resource only";

  @TempDir Path dir;

  /** An Auto Scaling group in one zone with one type, and a log group kept 30 days without a KMS key. */
  static ObjectNode breaksRules(Map<String, Map<String, String>> exceptions) {
    ObjectNode template = JSON.createObjectNode();
    ObjectNode resources = template.putObject("Resources");
    ObjectNode group = resources.putObject("Group").put("Type", "AWS::AutoScaling::AutoScalingGroup");
    group.putObject("Properties").put("MinSize", "1").put("MaxSize", "1")
        .<ObjectNode>set("AvailabilityZones", JSON.createArrayNode().add("us-east-1a"))
        .putObject("LaunchTemplate").put("LaunchTemplateId", "lt-0123456789abcdef0").put("Version", "1");
    ObjectNode logs = resources.putObject("Logs").put("Type", "AWS::Logs::LogGroup");
    logs.putObject("Properties").put("RetentionInDays", 30);
    exceptions.forEach((resource, controls) -> {
      ObjectNode declared = ((ObjectNode) resources.get(resource)).putObject("Metadata")
          .putObject(ControlTowerExceptions.METADATA_KEY);
      controls.forEach(declared::put);
    });
    return template;
  }

  Path write(String name, JsonNode template) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, template.toString());
    return file;
  }

  /** "resource control" of each entry of a result list. */
  static List<String> pairs(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(f -> out.add(f.get("resource").asText() + " " + f.get("control").asText()));
    return out.stream().sorted().toList();
  }

  @Test
  void aTemplateThatBreaksRulesFailsAndEachFindingIsNamed() throws Exception {
    ObjectNode compliant = JSON.createObjectNode();
    compliant.putObject("Resources").putObject("Logs").put("Type", "AWS::Logs::LogGroup").putObject("Properties")
        .put("RetentionInDays", 365).put("KmsKeyId", "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666");
    Path bad = write("bad.json", breaksRules(Map.of()));
    var result = ControlTowerCheck.run(List.of(bad, write("good.json", compliant)));
    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals(2, result.json().get("templates").asInt());
    List<String> expected = List.of("Group CT.AUTOSCALING.PR.1", "Group CT.AUTOSCALING.PR.6", "Logs CT.CLOUDWATCH.PR.2",
        "Logs CT.CLOUDWATCH.PR.3");
    assertEquals(expected, pairs(result.json().get("failed")));
    assertEquals(expected, pairs(result.json().get("findings")));
    for (JsonNode f : result.json().get("failed")) assertEquals(bad.toString(), f.get("template").asText());
  }

  @Test
  void anExceptionCoversItsOwnControlOnItsOwnResourceOnly() throws Exception {
    Map<String, Map<String, String>> exceptions = new TreeMap<>();
    // One that applies, one for a control this resource passes, and one on the wrong resource.
    exceptions.put("Logs", new TreeMap<>(Map.of("CT.CLOUDWATCH.PR.2", REASON, "CT.AUTOSCALING.PR.1", REASON)));
    exceptions.put("Group", Map.of("CT.CLOUDWATCH.PR.3", REASON));
    var result = ControlTowerCheck.run(List.of(write("partly.json", breaksRules(exceptions))));
    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals(List.of("Group CT.AUTOSCALING.PR.1", "Group CT.AUTOSCALING.PR.6", "Logs CT.CLOUDWATCH.PR.3"),
        pairs(result.json().get("failed")));
    List<String> excepted = new ArrayList<>();
    result.json().get("findings").forEach(f -> {
      if (!f.get("exception").isNull()) excepted.add(f.get("resource").asText() + " " + f.get("exception").asText());
    });
    assertEquals(List.of("Logs " + REASON), excepted);
    assertEquals(List.of("Group CT.CLOUDWATCH.PR.3", "Logs CT.AUTOSCALING.PR.1"), pairs(result.json().get("unneeded")));
  }

  @Test
  void withAnExceptionForEveryFindingTheCheckPasses() throws Exception {
    var result = ControlTowerCheck.run(List.of(write("excepted.json", breaksRules(Map.of(
        "Group", new TreeMap<>(Map.of("CT.AUTOSCALING.PR.1", REASON, "CT.AUTOSCALING.PR.6", REASON)),
        "Logs", new TreeMap<>(Map.of("CT.CLOUDWATCH.PR.2", REASON, "CT.CLOUDWATCH.PR.3", REASON)))))));
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("[]", result.json().get("failed").toString());
    assertEquals(4, result.json().get("findings").size());
  }

  @Test
  void aBlankReasonIsNoException() throws Exception {
    var result = ControlTowerCheck.run(List.of(write("blank.json", breaksRules(Map.of(
        "Logs", Map.of("CT.CLOUDWATCH.PR.2", " "))))));
    assertEquals(1, result.exitCode());
    assertTrue(pairs(result.json().get("failed")).contains("Logs CT.CLOUDWATCH.PR.2"));
  }

  @Test
  void anExceptionForAControlTheRuleSetLacksIsBadInput() throws Exception {
    var result = ControlTowerCheck.run(List.of(write("typo.json", breaksRules(Map.of(
        "Logs", Map.of("CT.CLOUDWATCH.PR.99", REASON))))));
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("Logs declares an exception for CT.CLOUDWATCH.PR.99, which is no control of this"
        + " rule set"), result.stderr());
  }

  @Test
  void aMissingOrMalformedTemplateIsBadInput() throws Exception {
    var missing = ControlTowerCheck.run(List.of(dir.resolve("absent.json")));
    assertEquals(2, missing.exitCode());
    assertTrue(missing.stderr().startsWith("cannot read " + dir.resolve("absent.json")), missing.stderr());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"Resources\": ");
    assertEquals(2, ControlTowerCheck.run(List.of(broken)).exitCode());
  }

  @Test
  void theBinaryForThisMachineIsInstalledAndExecutable() {
    // The package ships bin/<ubuntu|macos>/<x86_64|aarch64>/cfn-guard; npm ci must keep the execute bit.
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "macos" : "ubuntu";
    String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch64" : "x86_64";
    Path guard = ControlTowerCheck.PACKAGE.resolve(Path.of("bin", os, arch, "cfn-guard"));
    assertTrue(Files.isRegularFile(guard), guard + " is missing: run npm ci");
    assertTrue(Files.isExecutable(guard), guard + " is not executable");
  }
}
