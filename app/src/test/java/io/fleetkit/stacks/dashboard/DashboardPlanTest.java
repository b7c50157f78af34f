package io.fleetkit.stacks.dashboard;

import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Widget;
import io.fleetkit.stacks.dashboard.body.DashboardLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.stacks.dashboard.alarms.AlarmSpec;
import io.fleetkit.support.Series;
import java.util.LinkedHashMap;
import java.util.Map;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plans without CDK: sections, layout and splitting, checked by parsing every dashboard body. */
class DashboardPlanTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final DashboardConfig CONFIG = config("");
  static DashboardPlan large;
  static Inventory largeInventory;

  static final FleetkitConfig FULL = ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\ndashboard:\n  enabled: true\n"
      + "  tag_name: Dashboard\n  tag_values: [edge]\n");

  static DashboardConfig config(String extra) {
    return ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\ndashboard:\n  enabled: true\n  tag_name: Dashboard\n"
        + "  tag_values: [edge]\n" + extra).dashboard();
  }

  static DashboardPlan plan(DashboardConfig d, Inventory inv) {
    return DashboardPlan.of(d, FULL.project(), inv, "synthetic");
  }

  @BeforeAll
  static void planLargeEstate() {
    // 2,000 instances, plus enough buckets and groups that single graphs must split across widgets.
    largeInventory = SyntheticInventory.of(2_000, 40, 700, 300, 100);
    large = plan(CONFIG, largeInventory);
  }

  /** Metrics retrieved by a widget: every metric entry, math inputs included, expressions not. */
  static int metricsOf(JsonNode widget) {
    int n = 0;
    for (JsonNode entry : widget.path("properties").path("metrics")) {
      if (entry.get(0).isTextual()) n++;
    }
    return n;
  }

  static JsonNode body(Dashboard d) throws Exception {
    return JSON.readTree(d.body());
  }

  @Test
  void twoThousandInstancesSplitWithinEveryCloudWatchLimit() throws Exception {
    assertTrue(large.dashboards().size() > 1, "a 2,000-instance estate needs several dashboards");
    Set<String> names = new HashSet<>();
    int totalWidgets = 0;
    for (int i = 0; i < large.dashboards().size(); i++) {
      Dashboard d = large.dashboards().get(i);
      assertEquals(i == 0 ? "acme-outposts" : "acme-outposts-" + (i + 1), d.name());
      assertTrue(names.add(d.name()));
      JsonNode body = body(d);
      assertEquals("-PT24H", body.get("start").asText());
      assertEquals("auto", body.get("periodOverride").asText());
      JsonNode widgets = body.get("widgets");
      assertTrue(widgets.size() <= 500, d.name() + " has " + widgets.size() + " widgets");
      assertEquals(d.widgets(), widgets.size());
      int metrics = 0;
      for (JsonNode w : widgets) {
        int m = metricsOf(w);
        assertTrue(m <= 500, w.path("properties").path("title") + " has " + m + " metrics");
        metrics += m;
        assertTrue(w.get("x").asInt() >= 0 && w.get("x").asInt() + w.get("width").asInt() <= 24, w.toString());
      }
      assertTrue(metrics <= 2_500, d.name() + " has " + metrics + " metrics");
      assertEquals(d.metrics(), metrics);
      totalWidgets += widgets.size();
      // Every dashboard opens with a section header, never with an orphaned widget.
      JsonNode first = widgets.get(0);
      assertEquals("text", first.get("type").asText());
      assertEquals(0, first.get("y").asInt());
      assertTrue(first.path("properties").path("markdown").asText().startsWith("#"));
    }
    // No widget lost or duplicated: 1 summary + per instance 1 header + CPU, network, disk (+ IO balance on Nitro).
    int nitro = 1_500;
    int other = 500;
    int instanceWidgets = nitro * 5 + other * 4;
    // Header, text and 8 graphs; rack-b has no S3 on Outposts, nobody uses its capacity (no used, no by-account).
    int outpostWidgets = (1 + 1 + 8) + (1 + 1 + 5);
    int albWidgets = 40 * (1 + 3 + 3 * 2);
    int s3Widgets = 1 + 2 * 2; // 700 buckets: two widgets of at most 500 per graph
    int asgWidgets = 1 + 2; // 600 metrics
    int rdsWidgets = 100 * 5;
    assertEquals(1 + instanceWidgets + outpostWidgets + albWidgets + s3Widgets + asgWidgets + rdsWidgets, totalWidgets);
  }

  @Test
  void headersStayOnTheDashboardOfTheirWidgets() throws Exception {
    for (Dashboard d : large.dashboards()) {
      String header = null;
      for (JsonNode w : body(d).get("widgets")) {
        if (w.get("type").asText().equals("text")) {
          header = w.path("properties").path("markdown").asText();
          continue;
        }
        String title = w.path("properties").path("title").asText();
        if (title.contains(" · i-") || title.contains(" · db-")) {
          String id = title.substring(title.lastIndexOf(" · ") + 3);
          assertTrue(header != null && header.contains(Widget.md(id)), title + " sits under " + header + " in " + d.name());
        }
      }
    }
  }

  @Test
  void stacksStayWithinCloudFormationLimits() {
    List<Dashboard> flattened = new ArrayList<>();
    for (DashboardPlan.Part stack : large.stacks()) {
      long bytes = DashboardPlan.STACK_OVERHEAD_BYTES + stack.dashboards().stream().mapToLong(DashboardPlan::templateBytes).sum();
      assertTrue(bytes <= DashboardPlan.TEMPLATE_BUDGET_BYTES, "stack of " + bytes + " bytes");
      assertTrue(stack.dashboards().size() + DashboardPlan.OTHER_RESOURCES <= DashboardPlan.MAX_RESOURCES);
      flattened.addAll(stack.dashboards());
    }
    assertEquals(large.dashboards(), flattened, "every dashboard in exactly one stack, in order");
    assertTrue(large.stacks().size() > 1, "the 2,000-instance estate needs more than one stack");
  }

  @Test
  void spreadStartsANewStackAtTheResourceQuota() {
    Dashboard tiny = new Dashboard("d", "{}", 0, 0);
    List<Dashboard> many = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) many.add(tiny);
    List<DashboardPlan.Part> stacks = DashboardPlan.spread(many);
    assertEquals(List.of(495, 495, 10), stacks.stream().map(p -> p.dashboards().size()).toList());
  }

  @Test
  void alarmsCountAgainstTheStackAndOverflowIntoTheNextInOrder() {
    Map<String, AlarmSpec> alarms = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      String name = String.format("acme-op-%017x-service-link", i);
      names.add(name);
      alarms.put(name, new AlarmSpec(name, "Outpost " + i + ": service link down.",
          List.of(Series.of("AWS/Outposts", "ConnectedStatus", "OutpostId", String.format("op-%017x", i))), null, null,
          "Average", 60, AlarmSpec.LESS, 1, 5, "breaching"));
    }
    Dashboard first = new Dashboard("d", "{}", 0, 0, names.subList(0, 1_000));
    Dashboard second = new Dashboard("d-2", "{}", 0, 0, names.subList(1_000, 1_200));
    List<DashboardPlan.Part> parts = DashboardPlan.spread(List.of(first, second), alarms, 300);
    List<String> placed = new ArrayList<>();
    List<Dashboard> dashboards = new ArrayList<>();
    for (DashboardPlan.Part p : parts) {
      int resources = p.dashboards().size() + p.alarms().size();
      assertTrue(resources + DashboardPlan.OTHER_RESOURCES <= DashboardPlan.MAX_RESOURCES, resources + " resources");
      long bytes = DashboardPlan.STACK_OVERHEAD_BYTES + p.dashboards().stream().mapToLong(d -> DashboardPlan.templateBytes(d) + 300)
          .sum() + p.alarms().stream().mapToLong(a -> a.templateBytes() + 300).sum();
      assertTrue(bytes <= DashboardPlan.TEMPLATE_BUDGET_BYTES, bytes + " bytes");
      p.alarms().forEach(a -> placed.add(a.name()));
      dashboards.addAll(p.dashboards());
    }
    assertEquals(names, placed, "every alarm once, in order");
    assertEquals(List.of(first, second), dashboards);
    assertEquals(List.of(first), parts.get(0).dashboards());
    assertTrue(parts.size() >= 3, parts.size() + " stacks");
  }

  @Test
  void oversizedBlockIsCutAndEveryPartRepeatsItsHeader() {
    var limits = new DashboardConfig.Limits(4, 10, 20);
    List<Widget> widgets = new ArrayList<>();
    for (int i = 0; i < 10; i++) widgets.add(new Widget("metric", 6, 6, JSON.createObjectNode().put("title", "w" + i), 3));
    Block b = new Block("big", Widget.text("### Big", 24, 1), widgets);
    List<Block> parts = DashboardLayout.fit(b, limits);
    assertEquals(List.of(3, 3, 3, 1), parts.stream().map(p -> p.widgets().size()).toList());
    assertEquals("### Big", parts.get(0).header().properties().get("markdown").asText());
    for (Block p : parts.subList(1, parts.size())) {
      assertEquals("### Big (continued)", p.header().properties().get("markdown").asText());
    }
    for (Block p : parts) assertTrue(p.widgetCount() <= 4 && p.metricCount() <= 20);
    List<Dashboard> dashboards = DashboardLayout.layout("big", List.of(b), limits, "-PT1H", "inherit");
    assertEquals(List.of("big", "big-2", "big-3", "big-4"), dashboards.stream().map(Dashboard::name).toList());
  }

  @Test
  void gridFlowsWidgetsLeftToRightAndWrapsAt24Columns() throws Exception {
    List<Widget> widgets = new ArrayList<>();
    for (int w : new int[] {12, 8, 8, 24, 6}) widgets.add(new Widget("metric", w, 6, JSON.createObjectNode(), 1));
    Block b = new Block("k", Widget.text("### K", 24, 1), widgets);
    JsonNode placed = body(DashboardLayout.layout("k", List.of(b), CONFIG.limits(), "-PT1H", "auto").get(0)).get("widgets");
    List<String> geometry = new ArrayList<>();
    for (JsonNode w : placed) geometry.add(w.get("x") + "," + w.get("y") + "," + w.get("width") + "x" + w.get("height"));
    assertEquals(List.of("0,0,24x1", "0,1,12x6", "12,1,8x6", "0,7,8x6", "0,13,24x6", "0,19,6x6"), geometry);
  }

  static final Inventory.Provenance EDGE = Series.provenance("us-east-1", "111122223333", "Dashboard", List.of("edge"),
      "2026-11-26T04:00:00Z");

  @Test
  void emptyInventoryGivesOneValidDashboardSayingNothingMatched() throws Exception {
    Inventory empty = Inventory.empty(EDGE);
    DashboardPlan plan = plan(CONFIG, empty);
    assertEquals(1, plan.dashboards().size());
    assertEquals(List.of(new DashboardPlan.Part(List.of(plan.dashboards().get(0)), List.of())), plan.stacks());
    JsonNode widgets = body(plan.dashboards().get(0)).get("widgets");
    assertEquals(2, widgets.size());
    assertEquals("text", widgets.get(1).get("type").asText());
    assertEquals("### Nothing matched\nNo Outpost, EC2 instance, load balancer, S3 bucket, Auto Scaling group or RDS"
        + " instance carries the tag `Dashboard` = edge. Tag resources and run `bin/fleetkit discover`, or wait for the"
        + " refresh pipeline.", widgets.get(1).path("properties").path("markdown").asText());
  }

  @Test
  void gapsAreShownOnTheSummary() throws Exception {
    Inventory inv = new Inventory(2, EDGE, List.of(), List.of(), List.of(), List.of(new Inventory.Bucket("b")), List.of(),
        List.of(), List.of(new Inventory.Gap("elasticloadbalancing", "DescribeLoadBalancers", "AccessDenied")));
    JsonNode widgets = body(plan(CONFIG, inv).dashboards().get(0)).get("widgets");
    assertEquals("### Discovery gaps\nThese parts could not be read, so their widgets may be missing:\n"
        + "* elasticloadbalancing DescribeLoadBalancers: AccessDenied", widgets.get(1).path("properties").path("markdown").asText());
  }

  @Test
  void samePlanTwiceIsIdentical() {
    assertEquals(large, plan(CONFIG, largeInventory));
  }
}
