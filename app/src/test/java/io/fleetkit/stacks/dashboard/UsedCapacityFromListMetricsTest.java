package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.OutpostMetricsDiscoverer;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.Series;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * From the wire to the dashboard: ListMetrics (WireMock, aws/cloudwatch) answers UsedInstanceType_Count for m5.large
 * on Outpost 1 with three Account values; "EC2 used" and "total" sum all three, each term FILLed, and
 * UsedInstanceType_Count is never queried with the owner account alone.
 */
class UsedCapacityFromListMetricsTest {
  static final String OP1 = "op-0a1b2c3d4e5f60001";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final AwsMock aws = new AwsMock("cloudwatch");
  static List<JsonNode> widgets = new ArrayList<>();

  @BeforeAll
  static void discoverAndPlan() throws Exception {
    var discoverer = new OutpostMetricsDiscoverer(aws.client(CloudWatchClient.builder()), new ApiCalls());
    List<MetricSeries> series = new ArrayList<>(discoverer.outposts(OP1));
    series.addAll(discoverer.s3(OP1));
    Inventory inv = new Inventory(Inventory.SCHEMA_VERSION, Series.provenance("us-east-1", "111122223333", "Dashboard",
        List.of("edge"), "2026-11-26T04:00:00Z"),
        List.of(new Inventory.Outpost(OP1, "arn:aws:outposts:us-east-1:111122223333:outpost/" + OP1, "dc1-rack",
            "os-0a1b2c3d4e5f60001", "111122223333", "ACTIVE", List.of("c5.xlarge", "m5.large"), series)),
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    FleetkitConfig config = ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\ndashboard:\n  enabled: true\n"
        + "  tag_name: Dashboard\n  tag_values: [edge]\n");
    var plan = DashboardPlan.of(config.dashboard(), config.project(), inv, "wiremock");
    for (var d : plan.dashboards()) JSON.readTree(d.body()).get("widgets").forEach(widgets::add);
  }

  static JsonNode widget(String title) {
    return widgets.stream().filter(w -> w.path("properties").path("title").asText().equals(title)).findFirst()
        .orElseThrow(() -> new AssertionError("no widget " + title));
  }

  @Test
  void usedSumsEveryAccountThatListMetricsReturned() {
    JsonNode metrics = widget("EC2 used, all accounts and services · dc1-rack").path("properties").path("metrics");
    assertEquals("{\"expression\":\"FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0)\",\"label\":\"m5.large used\",\"id\":\"e0\","
        + "\"color\":\"#f7b6d2\"}", metrics.get(0).get(0).toString());
    assertEquals(List.of(
        "[\"AWS/Outposts\",\"UsedInstanceType_Count\",\"Account\",\"111122223333\",\"InstanceType\",\"m5.large\",\"OutpostId\","
            + "\"op-0a1b2c3d4e5f60001\",{\"label\":\"m5.large used by 111122223333\",\"id\":\"m0\",\"visible\":false}]",
        "[\"AWS/Outposts\",\"UsedInstanceType_Count\",\"Account\",\"444455556666\",\"InstanceType\",\"m5.large\",\"OutpostId\","
            + "\"op-0a1b2c3d4e5f60001\",{\"label\":\"m5.large used by 444455556666\",\"id\":\"m1\",\"visible\":false}]",
        "[\"AWS/Outposts\",\"UsedInstanceType_Count\",\"Account\",\"555566667777\",\"InstanceType\",\"m5.large\",\"OutpostId\","
            + "\"op-0a1b2c3d4e5f60001\",{\"label\":\"m5.large used by 555566667777\",\"id\":\"m2\",\"visible\":false}]"),
        List.of(metrics.get(1).toString(), metrics.get(2).toString(), metrics.get(3).toString()));
    assertEquals(4, metrics.size());
  }

  @Test
  void totalAddsAvailableToEveryAccountsUse() {
    JsonNode metrics = widget("EC2 total capacity (available + used) · dc1-rack").path("properties").path("metrics");
    List<String> expressions = new ArrayList<>();
    metrics.forEach(m -> {
      if (!m.get(0).isTextual()) expressions.add(m.get(0).get("expression").asText() + " = " + m.get(0).get("label").asText());
    });
    // c5.xlarge has capacity but nobody uses it; m5.large: available plus the three accounts.
    assertEquals(List.of("FILL(m0, 0) = c5.xlarge total", "FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0) + FILL(m4, 0) = m5.large total"),
        expressions);
  }

  @Test
  void usedInstanceTypeCountIsNeverQueriedWithTheOwnerAccountAlone() {
    for (JsonNode w : widgets) {
      for (JsonNode m : w.path("properties").path("metrics")) {
        if (m.get(0).isTextual() && m.get(1).asText().equals("UsedInstanceType_Count")) {
          assertEquals(true, m.get(m.size() - 1).has("visible"), "a used series is only ever a term of a sum: " + m);
        }
      }
    }
    JsonNode text = widgets.stream().filter(w -> w.path("properties").path("markdown").asText().startsWith("**EC2 used**"))
        .findFirst().orElseThrow();
    assertEquals("**EC2 used** and **total** sum UsedInstanceType\\_Count over its 3 Account value(s), the accounts and"
        + " services using the capacity (the user guide counts AWS managed services such as RDS and ALB in it):"
        + " 111122223333 (owner), 444455556666, 555566667777.\n\n**S3 on Outposts** publishes in namespace S3Outposts.",
        text.path("properties").path("markdown").asText());
  }
}
