package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.ControlTowerExceptions;
import io.fleetkit.support.ControlTowerCheck;
import io.fleetkit.support.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/**
 * Every stack of the default config and of every example (found at run time, so a new stack or example is
 * checked without a change here) passes the AWS Control Tower proactive-control Guard rules, or fails a
 * control only where {@link ControlTowerExceptions} has a row for that control on that resource. Each row must
 * meet a finding, docs/compliance.md must list the same rows and rule set, and the settings that the
 * conditional rows name must make their controls pass (app/src/test/resources/config/control-tower).
 */
class ControlTowerRulesTest {
  static final Path COMPLIANCE = Path.of("docs/compliance.md");
  static final Path VARIANTS = Path.of("app/src/test/resources/config/control-tower");
  static final ObjectMapper JSON = new ObjectMapper();

  /** One synthesized stack: where its template is, and its resources' construct paths by logical ID. */
  record Synthesized(String config, String area, Map<String, String> pathByLogicalId) {}

  /** Template file → its stack, for the shipped configs and for the variants. */
  static final Map<String, Synthesized> shipped = new LinkedHashMap<>();
  static final Map<String, Synthesized> variants = new LinkedHashMap<>();
  static JsonNode result;

  @BeforeAll
  static void synthesizeEveryConfigAndCheck() throws Exception {
    List<Path> configs = new ArrayList<>(List.of(Path.of(FleetkitApp.DEFAULT_CONFIG)));
    configs.addAll(yamlFiles(Path.of("examples")));
    for (Path config : configs) synthesize(config, shipped);
    for (Path config : yamlFiles(VARIANTS)) synthesize(config, variants);
    List<Path> templates = new ArrayList<>();
    shipped.keySet().forEach(t -> templates.add(Path.of(t)));
    variants.keySet().forEach(t -> templates.add(Path.of(t)));
    ControlTowerCheck.Result run = ControlTowerCheck.run(templates);
    assertNotNull(run.json(), "the check printed nothing: " + run.stderr());
    result = run.json();
  }

  static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static void synthesize(Path config, Map<String, Synthesized> into) {
    FleetkitConfig c = ConfigLoader.load(config);
    App app = TestApps.app();
    List<Stack> stacks = FleetkitApp.build(app, c);
    CloudAssembly assembly = app.synth();
    for (Stack stack : stacks) {
      Map<String, String> paths = new TreeMap<>();
      String below = stack.getNode().getPath() + "/";
      for (IConstruct node : stack.getNode().findAll()) {
        if (node instanceof CfnResource r && Stack.of(r) == stack) {
          paths.put(stack.resolve(r.getLogicalId()).toString(), r.getNode().getPath().substring(below.length()));
        }
      }
      String template = assembly.getStackByName(stack.getStackName()).getTemplateFullPath();
      into.put(template, new Synthesized(config.toString(), stack.getStackName().substring(c.project().prefix().length() + 1),
          paths));
    }
  }

  /** "config area path control" for each finding of the given stacks, with or without an exception. */
  static List<String> findings(JsonNode list, Map<String, Synthesized> of) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : list) {
      Synthesized s = of.get(f.get("template").asText());
      if (s == null) continue;
      String resource = f.get("resource").asText();
      out.add(s.config() + " " + s.area() + " " + s.pathByLogicalId().getOrDefault(resource, resource) + " "
          + f.get("control").asText());
    }
    return out;
  }

  @Test
  void theRuleSetIsTheOnePinnedInPackageJson() throws IOException {
    JsonNode ruleSet = result.get("ruleSet");
    String pinned = JSON.readTree(Path.of("package.json").toFile()).at("/devDependencies/@cdklabs~1cdk-validator-cfnguard").asText();
    assertEquals("0.0.62", pinned, "an exact pin, as npm ci installs it");
    assertEquals(pinned, ruleSet.get("version").asText());
    assertEquals("cfn-guard 3.1.1", ruleSet.get("guard").asText());
    // 237 rule files, one control each: a new package version that adds or drops controls shows up here.
    assertEquals(237, ruleSet.get("rules").asInt());
    assertEquals(237, ruleSet.get("controls").size());
  }

  @Test
  void everyStackOfEveryShippedConfigWasChecked() {
    assertEquals(shipped.size() + variants.size(), result.get("templates").asInt());
    assertTrue(shipped.size() >= 13, "only " + shipped.size() + " stacks: " + shipped.values());
    // Every area of the default config, whatever the table in FleetkitApp holds.
    List<String> defaultAreas = shipped.values().stream().filter(s -> s.config().equals(FleetkitApp.DEFAULT_CONFIG))
        .map(Synthesized::area).sorted().toList();
    assertTrue(defaultAreas.containsAll(List.of("capacity-reservation", "dashboard", "dashboard-refresh", "gpu-monitoring",
        "guardrails", "image-pipelines", "local-zone", "spot-fleet")), defaultAreas.toString());
  }

  @Test
  void everyFindingHasAnExceptionForThatControlOnThatResource() {
    List<String> failed = new ArrayList<>(findings(result.get("failed"), shipped));
    failed.addAll(findings(result.get("failed"), variants));
    assertEquals(List.of(), failed, () -> "Control Tower controls failed without an exception (config, stack area,"
        + " resource path, control): fix the resource, or add a row with the reason to ControlTowerExceptions and"
        + " docs/compliance.md:\n" + result.get("failed").toPrettyString());
  }

  @Test
  void everyExceptionMeetsAFindingInSomeShippedConfig() {
    TreeSet<String> met = new TreeSet<>();
    for (String f : findings(result.get("findings"), shipped)) met.add(f.substring(f.indexOf(' ') + 1));
    List<String> stale = ControlTowerExceptions.TABLE.stream()
        .map(r -> r.area() + " " + r.path() + " " + r.control())
        .filter(row -> !met.contains(row)).toList();
    assertEquals(List.of(), stale, "exceptions that no finding of config.yaml or an example needs: remove them");
  }

  @Test
  void theSettingsTheReasonsNameMakeTheirControlsPass() {
    // With a topic, certificates, a NAT gateway and an in-transit-encrypting database type, the conditional
    // rows are declared but their controls pass on those resources.
    List<String> unneeded = new ArrayList<>();
    for (JsonNode u : result.get("unneeded")) {
      Synthesized s = variants.get(u.get("template").asText());
      if (s != null) unneeded.add(s.area() + " " + s.pathByLogicalId().get(u.get("resource").asText()) + " " + u.get("control").asText());
    }
    assertEquals(List.of(
        "capacity-reservation UnusedCapacityAlarm/Resource CT.CLOUDWATCH.PR.1",
        "local-zone Database/Instance/Resource CT.EC2.PR.19",
        "local-zone Web/LoadBalancer/Http/Resource CT.ELASTICLOADBALANCING.PR.1",
        "spot-fleet LoadBalancer/Http/Resource CT.ELASTICLOADBALANCING.PR.1"), unneeded.stream().sorted().toList());
    // No NAT instance with egress: nat_gateway, so no instance with a public IP.
    assertTrue(findings(result.get("findings"), variants).stream().noneMatch(f -> f.contains(" NatInstance/")));
  }

  @Test
  void theDefaultConfigsCapacityAlarmNotifiesTheDashboardAlarmsTopic() {
    // unused_alarm.dashboard_topic: true, the other setting the CT.CLOUDWATCH.PR.1 row names, passes the control too.
    List<String> unneeded = new ArrayList<>();
    for (JsonNode u : result.get("unneeded")) {
      Synthesized s = shipped.get(u.get("template").asText());
      if (s != null) {
        unneeded.add(s.config() + " " + s.area() + " " + s.pathByLogicalId().get(u.get("resource").asText()) + " "
            + u.get("control").asText());
      }
    }
    assertTrue(unneeded.contains("config.yaml capacity-reservation UnusedCapacityAlarm/Resource CT.CLOUDWATCH.PR.1"),
        unneeded.toString());
  }

  @Test
  void complianceDocListsEveryExceptionWithItsReason() throws IOException {
    String doc = Files.readString(COMPLIANCE);
    List<String> documented = doc.lines().filter(l -> l.startsWith("| CT.")).toList();
    List<String> expected = ControlTowerExceptions.TABLE.stream()
        .map(r -> "| " + r.control() + " | " + r.area() + " | `" + r.path() + "` | " + r.reason() + " |").toList();
    assertEquals(expected, documented, () -> "docs/compliance.md must list the rows of ControlTowerExceptions, in"
        + " order; expected:\n" + String.join("\n", expected));
  }

  @Test
  void complianceDocNamesTheRuleSetAndItsControls() throws IOException {
    String doc = Files.readString(COMPLIANCE);
    JsonNode ruleSet = result.get("ruleSet");
    assertTrue(doc.contains("`" + ruleSet.get("package").asText() + "` " + ruleSet.get("version").asText()),
        "docs/compliance.md names the package and version");
    assertTrue(doc.contains(ruleSet.get("guard").asText()), "docs/compliance.md names the cfn-guard version");
    List<String> controls = new ArrayList<>();
    ruleSet.get("controls").forEach(c -> controls.add(c.asText()));
    String line = "Controls checked (" + controls.size() + "): " + String.join(", ", controls) + ".";
    assertTrue(doc.lines().anyMatch(line::equals), () -> "docs/compliance.md lacks the line:\n" + line);
  }
}
