package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.inventory.InventoryFile;
import io.fleetkit.support.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The real app over a 2,000-instance snapshot: the dashboards spread over several stacks, and
 * every synthesized template stays within CloudFormation's and CloudWatch's limits.
 */
class DashboardLimitsTest {
  static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static Path dir;
  static Map<String, Map<String, Object>> templates = new TreeMap<>();
  static Map<String, Annotations> annotations = new TreeMap<>();

  @BeforeAll
  static void synth() throws Exception {
    dir = Files.createTempDirectory("fleetkit-limits");
    Path snapshot = dir.resolve("inventory.json");
    InventoryFile.write(snapshot, SyntheticInventory.of(2_000, 40, 700, 300, 100));
    Map<String, Stack> stacks = TestApps.stacks("project:\n  prefix: acme\n  region: us-east-1\ndashboard:\n  enabled: true\n"
        + "  tag_name: Dashboard\n  tag_values: [edge]\n  snapshot: " + snapshot + "\n  alarms:\n    enabled: true\n");
    for (var e : stacks.entrySet()) {
      if (!e.getKey().startsWith("acme-dashboard")) continue;
      templates.put(e.getKey(), Template.fromStack(e.getValue()).toJSON());
      annotations.put(e.getKey(), Annotations.fromStack(e.getValue()));
    }
  }

  @AfterAll
  static void clean() throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void dashboardsSpreadOverNumberedStacks() {
    assertTrue(templates.size() >= 2, templates.keySet().toString());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) expected.add("acme-" + DashboardPlan.area(i));
    assertEquals(new java.util.TreeSet<>(expected), templates.keySet());
  }

  @Test
  void everyTemplateIsAtMostOneMegabyteAndFiveHundredResources() throws Exception {
    for (var e : templates.entrySet()) {
      // Jackson's indented output is larger than the CDK's (1-space indent), so this is an upper bound.
      int bytes = PRETTY.writeValueAsBytes(e.getValue()).length;
      assertTrue(bytes <= 1_000_000, e.getKey() + " is " + bytes + " bytes");
      int resources = ((Map<?, ?>) e.getValue().get("Resources")).size();
      assertTrue(resources <= 500, e.getKey() + " has " + resources + " resources");
    }
  }

  @Test
  void noTemplateComesNearTheSizeWarning() {
    // The CDK warns above 80% of 1,000,000 bytes, measured on its own 1-space-indented output.
    for (var e : annotations.entrySet()) {
      e.getValue().hasNoWarning("*", Match.stringLikeRegexp("Template size.*"));
    }
  }

  @Test
  void everyDashboardBodyIsWithinTheCloudWatchLimits() throws Exception {
    int dashboards = 0;
    for (var t : templates.values()) {
      for (Object r : ((Map<?, ?>) t.get("Resources")).values()) {
        if (!"AWS::CloudWatch::Dashboard".equals(((Map<?, ?>) r).get("Type"))) continue;
        Map<?, ?> props = (Map<?, ?>) ((Map<?, ?>) r).get("Properties");
        JsonNode body = PRETTY.readTree((String) props.get("DashboardBody"));
        dashboards++;
        assertTrue(body.get("widgets").size() <= 500);
        int metrics = 0;
        for (JsonNode w : body.get("widgets")) {
          int m = DashboardPlanTest.metricsOf(w);
          assertTrue(m <= 500);
          assertTrue(w.get("x").asInt() + w.get("width").asInt() <= 24);
          metrics += m;
        }
        assertTrue(metrics <= 2_500, props.get("DashboardName") + " has " + metrics + " metrics");
      }
    }
    assertTrue(dashboards > templates.size(), "several dashboards per stack");
  }

  @Test
  void theAlarmsOfBothOutpostsAreDeployedOnceAndShownOnEveryDashboard() throws Exception {
    int alarms = 0;
    for (var t : templates.values()) {
      for (Object r : ((Map<?, ?>) t.get("Resources")).values()) {
        Map<?, ?> res = (Map<?, ?>) r;
        if ("AWS::CloudWatch::Alarm".equals(res.get("Type"))) alarms++;
        if (!"AWS::CloudWatch::Dashboard".equals(res.get("Type"))) continue;
        JsonNode first = PRETTY.readTree((String) ((Map<?, ?>) res.get("Properties")).get("DashboardBody")).get("widgets");
        assertEquals("alarm", first.get(1).get("type").asText(), "the alarm row opens every dashboard");
        assertEquals(alarms(), first.get(1).path("properties").path("alarms").size());
      }
    }
    assertEquals(alarms(), alarms);
  }

  /** rack-a: link, 4 types, 2 volume types, S3; rack-b: link, 1 type, 1 volume type. */
  static int alarms() {
    return (1 + 4 + 2 + 1) + (1 + 1 + 1);
  }
}
