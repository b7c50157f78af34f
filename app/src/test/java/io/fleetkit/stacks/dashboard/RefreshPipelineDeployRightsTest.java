package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.stacks.dashboard.refresh.DeployRights;
import io.fleetkit.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The refresh build deploys the dashboard stacks with its own rights, so every resource type in them
 * needs a row in {@link DeployRights}. Built from the default config.yaml, which turns on everything the
 * dashboard stacks can hold.
 */
class RefreshPipelineDeployRightsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** CloudFormation's own resource type for CDK's analytics metadata; it calls no service. */
  static final String CDK_METADATA = "AWS::CDK::Metadata";

  static Map<String, Template> dashboardStacks = new TreeMap<>();
  static JsonNode refresh;

  @BeforeAll
  static void synth() throws Exception {
    Map<String, Stack> stacks = TestApps.stacks(Files.readString(Path.of("config.yaml")));
    String prefix = "fleetkit";
    Pattern dashboards = Pattern.compile(RefreshPipelineStack.dashboardStackPattern(prefix));
    stacks.forEach((name, stack) -> {
      if (dashboards.matcher(name).matches()) dashboardStacks.put(name, Template.fromStack(stack));
    });
    refresh = JSON.valueToTree(Template.fromStack(stacks.get(prefix + "-dashboard-refresh")).toJSON());
  }

  @Test
  void everyResourceTypeOfTheDashboardStacksHasARow() {
    assertFalse(dashboardStacks.isEmpty(), "config.yaml has no dashboard stack");
    Map<String, Set<String>> stacksByType = new TreeMap<>();
    dashboardStacks.forEach((name, template) -> {
      JsonNode resources = JSON.valueToTree(template.toJSON()).get("Resources");
      resources.forEach(r -> stacksByType.computeIfAbsent(r.get("Type").asText(), t -> new TreeSet<>()).add(name));
    });
    stacksByType.remove(CDK_METADATA);
    Map<String, Set<String>> missing = new LinkedHashMap<>(stacksByType);
    missing.keySet().removeAll(DeployRights.resourceTypes());
    assertEquals(Map.of(), missing, "resource types of the dashboard stacks without a row in DeployRights.ROWS"
        + " (type -> stacks); add the type's handler permissions from its CloudFormation registry schema");
    assertFalse(stacksByType.isEmpty());
  }

  @Test
  void theBuildRoleGrantsEveryRowAndListActionsAloneOnStar() {
    Map<String, JsonNode> bySid = new TreeMap<>();
    for (JsonNode r : refresh.get("Resources")) {
      if (!r.get("Type").asText().equals("AWS::IAM::Role")
          || !r.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()
              .equals("codebuild.amazonaws.com")) continue;
      r.at("/Properties/Policies/0/PolicyDocument/Statement").forEach(s -> bySid.put(s.get("Sid").asText(), s));
    }
    for (DeployRights.Row row : DeployRights.ROWS) {
      JsonNode scoped = bySid.get(row.sid());
      assertEquals(row.scoped(), actions(scoped), row.resourceType());
      assertFalse(scoped.get("Resource").toString().equals("\"*\""), row.resourceType() + " is scoped");
      if (row.unscoped().isEmpty()) {
        assertFalse(bySid.containsKey("List" + row.sid()), row.resourceType());
      } else {
        JsonNode list = bySid.get("List" + row.sid());
        assertEquals(row.unscoped(), actions(list), row.resourceType());
        assertEquals("*", list.get("Resource").asText());
      }
    }
  }

  @Test
  void everyTableActionComesFromAHandlerAndTagActionsReachDashboardsAndAlarms() {
    DeployRights.ROWS.forEach(r -> assertEquals(new TreeSet<>(r.handlerPermissions()),
        new TreeSet<>(concat(r.scoped(), r.unscoped())), r.resourceType()));
    for (String type : List.of("AWS::CloudWatch::Dashboard", "AWS::CloudWatch::Alarm")) {
      DeployRights.Row row = DeployRights.ROWS.stream().filter(r -> r.resourceType().equals(type)).findFirst().orElseThrow();
      assertEquals(true, row.scoped().containsAll(List.of("cloudwatch:TagResource", "cloudwatch:UntagResource",
          "cloudwatch:ListTagsForResource")), type);
    }
  }

  private static List<String> actions(JsonNode statement) {
    JsonNode a = statement.get("Action");
    if (a.isTextual()) return List.of(a.asText());
    List<String> out = new java.util.ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
