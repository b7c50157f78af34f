package io.fleetkit.stacks.dashboard;

import io.fleetkit.stacks.dashboard.body.Palette;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dashboard stack built from the shipped sample snapshot; the body is captured and parsed. */
class OutpostsDashboardStackTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String YAML = """
      project:
        prefix: acme
        region: us-east-1
      dashboard:
        enabled: true
        tag_name: Dashboard
        tag_values: [edge, outposts-prod]
        name: edge-outposts
        snapshot: samples/outposts-inventory.json
        start: -PT12H
        period_override: inherit
        alarms:
          enabled: true
          topic_arn: arn:aws:sns:us-east-1:111122223333:ops-alerts
      """;
  static final String OP1 = "op-0a1b2c3d4e5f60001";
  static final String OP2 = "op-0a1b2c3d4e5f60002";
  static final String ALB = "app/edge-web/50dc6c495c0c9188";
  static final String BLUE = "targetgroup/edge-web-blue/6d0ecf831eec9f09";
  static final String GREEN = "targetgroup/edge-web-green/73e2d6bc24d8a067";

  static Template template;
  static JsonNode body;
  static JsonNode widgets;

  @BeforeAll
  static void synth() throws Exception {
    template = TestApps.template(YAML, "acme-dashboard");
    Capture captured = new Capture();
    template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of(
        "DashboardName", "edge-outposts", "DashboardBody", captured));
    body = JSON.readTree(captured.asString());
    widgets = body.get("widgets");
  }

  static JsonNode widget(String title) {
    for (JsonNode w : widgets) {
      if (title.equals(w.path("properties").path("title").asText())) return w;
    }
    throw new AssertionError("no widget titled " + title);
  }

  static boolean hasWidget(String title) {
    for (JsonNode w : widgets) if (title.equals(w.path("properties").path("title").asText())) return true;
    return false;
  }

  /** Each metric entry without its options object, as "namespace name dim value ...". */
  static List<String> series(JsonNode widget) {
    List<String> out = new ArrayList<>();
    for (JsonNode entry : widget.path("properties").path("metrics")) {
      if (!entry.get(0).isTextual()) {
        out.add("expression " + entry.get(0).get("expression").asText() + " = " + entry.get(0).get("label").asText());
        continue;
      }
      List<String> parts = new ArrayList<>();
      for (JsonNode p : entry) if (p.isTextual()) parts.add(p.asText());
      out.add(String.join(" ", parts));
    }
    return out;
  }

  static JsonNode options(JsonNode widget, int index) {
    JsonNode entry = widget.path("properties").path("metrics").get(index);
    return entry.get(entry.size() - 1);
  }

  @Test
  void settingsComeFromConfig() {
    assertEquals("-PT12H", body.get("start").asText());
    assertEquals("inherit", body.get("periodOverride").asText());
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  @Test
  void everyWidgetFitsTheGridWithoutOverlap() {
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode w : widgets) {
      int x = w.get("x").asInt();
      int y = w.get("y").asInt();
      int width = w.get("width").asInt();
      int height = w.get("height").asInt();
      assertTrue(x >= 0 && width >= 1 && x + width <= 24, "x + width > 24: " + w);
      for (int[] b : boxes) {
        boolean overlap = x < b[0] + b[2] && b[0] < x + width && y < b[1] + b[3] && b[1] < y + height;
        assertFalse(overlap, "overlapping widgets at " + w);
      }
      boxes.add(new int[] {x, y, width, height});
      if (w.get("type").asText().equals("metric")) {
        assertEquals("us-east-1", w.path("properties").path("region").asText());
      }
    }
  }

  @Test
  void outpostHeaderAndInstanceCapacity() {
    List<String> headers = new ArrayList<>();
    for (JsonNode w : widgets) if (w.get("type").asText().equals("text")) headers.add(w.path("properties").path("markdown").asText());
    assertTrue(headers.contains("### Outpost op-0a1b2c3d4e5f60001 · factory-dallas · site os-0a1b2c3d4e5f60001"), headers.toString());
    assertTrue(headers.contains("### Outpost op-0a1b2c3d4e5f60002 · plant-berlin · site os-0a1b2c3d4e5f60002"));
    // Outposts sort by ID, so factory-dallas (…01) comes before plant-berlin (…02) whatever the names.
    assertTrue(headers.indexOf("### Outpost op-0a1b2c3d4e5f60001 · factory-dallas · site os-0a1b2c3d4e5f60001")
        < headers.indexOf("### Outpost op-0a1b2c3d4e5f60002 · plant-berlin · site os-0a1b2c3d4e5f60002"));

    assertEquals(List.of(
        "AWS/Outposts AvailableInstanceType_Count InstanceType c5.2xlarge OutpostId " + OP1,
        "AWS/Outposts AvailableInstanceType_Count InstanceType m5.2xlarge OutpostId " + OP1,
        "AWS/Outposts AvailableInstanceType_Count InstanceType m5.xlarge OutpostId " + OP1),
        series(widget("EC2 available · factory-dallas")));
    // One line per instance type, summing every Account that ListMetrics recorded (the owner and 444455556666).
    assertEquals(List.of(
        "expression FILL(m0, 0) + FILL(m1, 0) = c5.2xlarge used",
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType c5.2xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 444455556666 InstanceType c5.2xlarge OutpostId " + OP1,
        "expression FILL(m2, 0) = m5.2xlarge used",
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType m5.2xlarge OutpostId " + OP1,
        "expression FILL(m3, 0) + FILL(m4, 0) = m5.xlarge used",
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType m5.xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 444455556666 InstanceType m5.xlarge OutpostId " + OP1),
        series(widget("EC2 used, all accounts and services · factory-dallas")));
    // Utilization of the whole Outpost: 100 minus the capacity metric without Account.
    assertEquals(List.of(
        "expression 100 - m0 = g4dn.12xlarge utilization",
        "AWS/Outposts InstanceTypeCapacityAvailability InstanceType g4dn.12xlarge OutpostId " + OP2,
        "expression 100 - m1 = m5.xlarge utilization",
        "AWS/Outposts InstanceTypeCapacityAvailability InstanceType m5.xlarge OutpostId " + OP2,
        "expression 100 - m2 = r5.2xlarge utilization",
        "AWS/Outposts InstanceTypeCapacityAvailability InstanceType r5.2xlarge OutpostId " + OP2),
        series(widget("Instance type capacity utilization · plant-berlin")));
    assertEquals(List.of(
        "AWS/Outposts InstanceTypeCapacityUtilization Account 111122223333 InstanceType r5.2xlarge OutpostId " + OP2),
        series(widget("Capacity utilization by account or service · plant-berlin")));
  }

  @Test
  void totalIsMetricMathOverHiddenInputsWithCorrectLabels() {
    JsonNode total = widget("EC2 total capacity (available + used) · factory-dallas");
    assertEquals(List.of(
        "expression FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0) = c5.2xlarge total",
        "AWS/Outposts AvailableInstanceType_Count InstanceType c5.2xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType c5.2xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 444455556666 InstanceType c5.2xlarge OutpostId " + OP1,
        "expression FILL(m3, 0) + FILL(m4, 0) = m5.2xlarge total",
        "AWS/Outposts AvailableInstanceType_Count InstanceType m5.2xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType m5.2xlarge OutpostId " + OP1,
        "expression FILL(m5, 0) + FILL(m6, 0) + FILL(m7, 0) = m5.xlarge total",
        "AWS/Outposts AvailableInstanceType_Count InstanceType m5.xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 111122223333 InstanceType m5.xlarge OutpostId " + OP1,
        "AWS/Outposts UsedInstanceType_Count Account 444455556666 InstanceType m5.xlarge OutpostId " + OP1),
        series(total));
    JsonNode available = options(total, 1);
    assertEquals("m0", available.get("id").asText());
    assertEquals("c5.2xlarge available", available.get("label").asText());
    assertFalse(available.get("visible").asBoolean());
    assertEquals("m1", options(total, 2).get("id").asText());
    assertEquals("c5.2xlarge used by 111122223333", options(total, 2).get("label").asText());
  }

  @Test
  void ebsCapacityOnlyForVolumeTypesPresentAndS3OnlyWhereItExists() {
    assertEquals(List.of(
        "AWS/Outposts EBSVolumeTypeCapacityUtilizationGB OutpostId " + OP1 + " VolumeType gp2",
        "AWS/Outposts EBSVolumeTypeCapacityAvailabilityGB OutpostId " + OP1 + " VolumeType gp2",
        "AWS/Outposts EBSVolumeTypeCapacityUtilizationGB OutpostId " + OP1 + " VolumeType gp3",
        "AWS/Outposts EBSVolumeTypeCapacityAvailabilityGB OutpostId " + OP1 + " VolumeType gp3"),
        series(widget("EBS capacity · factory-dallas")));
    assertEquals(List.of(
        "AWS/Outposts EBSVolumeTypeCapacityUtilizationGB OutpostId " + OP2 + " VolumeType gp2",
        "AWS/Outposts EBSVolumeTypeCapacityAvailabilityGB OutpostId " + OP2 + " VolumeType gp2"),
        series(widget("EBS capacity · plant-berlin")));
    // The namespace is the one the snapshot recorded, never assumed.
    assertEquals(List.of("S3Outposts OutpostFreeBytes OutpostId " + OP1, "S3Outposts OutpostTotalBytes OutpostId " + OP1),
        series(widget("S3 on Outposts capacity · factory-dallas")));
    assertFalse(hasWidget("S3 on Outposts capacity · plant-berlin"));
    JsonNode link = widget("Service link ConnectedStatus · plant-berlin");
    assertEquals(List.of("AWS/Outposts ConnectedStatus OutpostId " + OP2), series(link));
    assertEquals("Average", link.path("properties").path("stat").asText());
  }

  @Test
  void eachOutpostsTextSaysWhoUsesItAndWhereS3Publishes() {
    List<String> texts = new ArrayList<>();
    for (JsonNode w : widgets) if (w.get("type").asText().equals("text")) texts.add(w.path("properties").path("markdown").asText());
    assertTrue(texts.contains("**EC2 used** and **total** sum UsedInstanceType\\_Count over its 2 Account value(s), the"
        + " accounts and services using the capacity (the user guide counts AWS managed services such as RDS and ALB in it):"
        + " 111122223333 (owner), 444455556666.\n\n**S3 on Outposts** publishes in namespace S3Outposts.\n\n"
        + "7 alarm(s) watch this Outpost (state in the alarm row at the top)."), texts.toString());
    assertTrue(texts.contains("**EC2 used** and **total** sum UsedInstanceType\\_Count over its 1 Account value(s), the"
        + " accounts and services using the capacity (the user guide counts AWS managed services such as RDS and ALB in it):"
        + " 111122223333 (owner).\n\n**S3 on Outposts**: no OutpostTotalBytes or OutpostFreeBytes for this Outpost in"
        + " S3Outposts or AWS/S3Outposts (ListMetrics, last two weeks), so no S3 graph.\n\n"
        + "5 alarm(s) watch this Outpost (state in the alarm row at the top)."), texts.toString());
  }

  @Test
  void theAlarmRowOpensTheDashboardWithEveryAlarm() {
    assertEquals("### Alarms · 12 alarm(s), notifying arn:aws:sns:us-east-1:111122223333:ops-alerts",
        widgets.get(0).path("properties").path("markdown").asText());
    JsonNode row = widgets.get(1);
    assertEquals("alarm", row.get("type").asText());
    assertEquals(1, row.get("y").asInt());
    assertEquals("stateUpdatedTimestamp", row.path("properties").path("sortBy").asText());
    List<String> arns = new ArrayList<>();
    row.path("properties").path("alarms").forEach(a -> arns.add(a.asText()));
    String base = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:acme-";
    assertEquals(List.of(base + OP1 + "-service-link", base + OP1 + "-ec2-c5.2xlarge", base + OP1 + "-ec2-m5.2xlarge",
        base + OP1 + "-ec2-m5.xlarge", base + OP1 + "-ebs-gp2", base + OP1 + "-ebs-gp3", base + OP1 + "-s3",
        base + OP2 + "-service-link", base + OP2 + "-ec2-g4dn.12xlarge", base + OP2 + "-ec2-m5.xlarge",
        base + OP2 + "-ec2-r5.2xlarge", base + OP2 + "-ebs-gp2"), arns);
  }

  @Test
  void alarmsWatchTheRecordedSeriesAndNotifyTheConfiguredTopic() {
    template.resourceCountIs("AWS::CloudWatch::Alarm", 12);
    List<String> topic = List.of("arn:aws:sns:us-east-1:111122223333:ops-alerts");
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectEquals(Map.ofEntries(
        Map.entry("AlarmName", "acme-" + OP2 + "-service-link"),
        Map.entry("AlarmDescription", "Outpost " + OP2 + " (plant-berlin): service link ConnectedStatus below 1 for 5"
            + " consecutive minute(s), or no data (a disconnected Outpost stops publishing, so missing data counts as"
            + " breaching). Check the site's network path to the Region, then AWS Support. Dashboard edge-outposts."),
        Map.entry("ActionsEnabled", true), Map.entry("AlarmActions", topic), Map.entry("OKActions", topic),
        Map.entry("Namespace", "AWS/Outposts"), Map.entry("MetricName", "ConnectedStatus"),
        Map.entry("Dimensions", List.of(Map.of("Name", "OutpostId", "Value", OP2))),
        Map.entry("Statistic", "Average"), Map.entry("Period", 60), Map.entry("ComparisonOperator", "LessThanThreshold"),
        Map.entry("Threshold", 1), Map.entry("EvaluationPeriods", 5), Map.entry("DatapointsToAlarm", 5),
        Map.entry("TreatMissingData", "breaching"), Map.entry("Tags", Match.anyValue()))));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "AlarmName", "acme-" + OP1 + "-ec2-m5.xlarge",
        "MetricName", "InstanceTypeCapacityAvailability",
        "Dimensions", List.of(Map.of("Name", "InstanceType", "Value", "m5.xlarge"), Map.of("Name", "OutpostId", "Value", OP1)),
        "ComparisonOperator", "LessThanThreshold", "Threshold", 10, "Period", 300, "EvaluationPeriods", 3,
        "TreatMissingData", "notBreaching", "AlarmActions", topic));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "AlarmName", "acme-" + OP1 + "-ebs-gp3", "MetricName", "EBSVolumeTypeCapacityUtilization",
        "ComparisonOperator", "GreaterThanThreshold", "Threshold", 85));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "AlarmName", "acme-" + OP1 + "-s3",
        "Metrics", List.of(
            Map.of("Id", "e1", "Expression", "100 * (m0 - m1) / m0", "Label", "S3 on Outposts used %", "ReturnData", true),
            Map.of("Id", "m0", "ReturnData", false, "MetricStat", Map.of("Period", 300, "Stat", "Average", "Metric", Map.of(
                "Namespace", "S3Outposts", "MetricName", "OutpostTotalBytes",
                "Dimensions", List.of(Map.of("Name", "OutpostId", "Value", OP1))))),
            Map.of("Id", "m1", "ReturnData", false, "MetricStat", Map.of("Period", 300, "Stat", "Average", "Metric", Map.of(
                "Namespace", "S3Outposts", "MetricName", "OutpostFreeBytes",
                "Dimensions", List.of(Map.of("Name", "OutpostId", "Value", OP1)))))),
        "Namespace", Match.absent(), "ComparisonOperator", "GreaterThanThreshold", "Threshold", 85));
    // No S3 on Outposts recorded for plant-berlin: no alarm on it.
    template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("AlarmName", "acme-" + OP2 + "-s3"), 0);
  }

  @Test
  void nitroInstanceHasInstanceLevelEbsMetrics() {
    String id = "i-0a1b2c3d4e5f60002";
    assertEquals(List.of("AWS/EC2 CPUUtilization InstanceId " + id), series(widget("CPU utilization · " + id)));
    assertEquals(List.of("AWS/EC2 NetworkIn InstanceId " + id, "AWS/EC2 NetworkOut InstanceId " + id,
        "AWS/EC2 NetworkPacketsIn InstanceId " + id, "AWS/EC2 NetworkPacketsOut InstanceId " + id),
        series(widget("Network · " + id)));
    assertEquals("right", options(widget("Network · " + id), 2).get("yAxis").asText());
    assertEquals(List.of("AWS/EC2 EBSReadBytes InstanceId " + id, "AWS/EC2 EBSWriteBytes InstanceId " + id,
        "AWS/EC2 EBSReadOps InstanceId " + id, "AWS/EC2 EBSWriteOps InstanceId " + id), series(widget("EBS · " + id)));
    assertEquals(List.of("AWS/EC2 EBSIOBalance% InstanceId " + id), series(widget("EBS IO balance · " + id)));
  }

  @Test
  void otherInstancesGetPerVolumeEbsMetrics() {
    String id = "i-0a1b2c3d4e5f60004";
    assertEquals(List.of(
        "AWS/EBS VolumeReadBytes VolumeId vol-0a1b2c3d4e5f60005", "AWS/EBS VolumeWriteBytes VolumeId vol-0a1b2c3d4e5f60005",
        "AWS/EBS VolumeReadOps VolumeId vol-0a1b2c3d4e5f60005", "AWS/EBS VolumeWriteOps VolumeId vol-0a1b2c3d4e5f60005",
        "AWS/EBS VolumeReadBytes VolumeId vol-0a1b2c3d4e5f60006", "AWS/EBS VolumeWriteBytes VolumeId vol-0a1b2c3d4e5f60006",
        "AWS/EBS VolumeReadOps VolumeId vol-0a1b2c3d4e5f60006", "AWS/EBS VolumeWriteOps VolumeId vol-0a1b2c3d4e5f60006"),
        series(widget("EBS · " + id)));
    assertFalse(hasWidget("EBS IO balance · " + id));
    assertEquals(8, widget("CPU utilization · " + id).get("width").asInt());
  }

  @Test
  void loadBalancerAndTargetGroups() {
    assertEquals(List.of("AWS/ApplicationELB RequestCount LoadBalancer " + ALB,
        "AWS/ApplicationELB HTTPCode_ELB_3XX_Count LoadBalancer " + ALB,
        "AWS/ApplicationELB HTTPCode_ELB_4XX_Count LoadBalancer " + ALB,
        "AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer " + ALB),
        series(widget("Requests and ELB HTTP codes · edge-web")));
    assertEquals("Sum", widget("Requests and ELB HTTP codes · edge-web").path("properties").path("stat").asText());
    assertEquals(List.of("AWS/ApplicationELB ActiveConnectionCount LoadBalancer " + ALB,
        "AWS/ApplicationELB NewConnectionCount LoadBalancer " + ALB,
        "AWS/ApplicationELB RejectedConnectionCount LoadBalancer " + ALB), series(widget("Connections · edge-web")));
    assertEquals(List.of("AWS/ApplicationELB ClientTLSNegotiationErrorCount LoadBalancer " + ALB),
        series(widget("Client TLS negotiation errors · edge-web")));
    assertEquals(List.of("AWS/ApplicationELB TargetResponseTime TargetGroup " + BLUE + " LoadBalancer " + ALB),
        series(widget("Target response time · edge-web-blue")));
    assertEquals(List.of("AWS/ApplicationELB HealthyHostCount TargetGroup " + BLUE + " LoadBalancer " + ALB,
        "AWS/ApplicationELB UnHealthyHostCount TargetGroup " + BLUE + " LoadBalancer " + ALB),
        series(widget("Healthy and unhealthy hosts · edge-web-blue")));
    assertEquals(List.of("AWS/ApplicationELB HealthyHostCount TargetGroup " + GREEN + " LoadBalancer " + ALB,
        "AWS/ApplicationELB UnHealthyHostCount TargetGroup " + GREEN + " LoadBalancer " + ALB),
        series(widget("Healthy and unhealthy hosts · edge-web-green")));
    assertEquals(List.of("AWS/ApplicationELB TargetResponseTime TargetGroup " + GREEN + " LoadBalancer " + ALB),
        series(widget("Target response time · edge-web-green")));
  }

  @Test
  void s3AutoScalingAndRds() {
    JsonNode size = widget("Bucket size, S3 Standard");
    assertEquals(List.of(
        "AWS/S3 BucketSizeBytes BucketName fleetkit-edge-artifacts-111122223333 StorageType StandardStorage",
        "AWS/S3 BucketSizeBytes BucketName fleetkit-edge-logs-111122223333 StorageType StandardStorage"), series(size));
    assertEquals(86400, size.path("properties").path("period").asInt());
    assertEquals(List.of(
        "AWS/S3 NumberOfObjects BucketName fleetkit-edge-artifacts-111122223333 StorageType AllStorageTypes",
        "AWS/S3 NumberOfObjects BucketName fleetkit-edge-logs-111122223333 StorageType AllStorageTypes"),
        series(widget("Number of objects")));
    assertEquals(List.of(
        "AWS/AutoScaling GroupInServiceInstances AutoScalingGroupName edge-api-asg",
        "AWS/AutoScaling GroupDesiredCapacity AutoScalingGroupName edge-api-asg",
        "AWS/AutoScaling GroupInServiceInstances AutoScalingGroupName edge-batch-asg",
        "AWS/AutoScaling GroupDesiredCapacity AutoScalingGroupName edge-batch-asg"),
        series(widget("In service against desired capacity")));
    String db = "edge-orders-db";
    assertEquals(List.of("AWS/RDS CPUUtilization DBInstanceIdentifier " + db), series(widget("CPU utilization · " + db)));
    assertEquals(List.of("AWS/RDS FreeableMemory DBInstanceIdentifier " + db, "AWS/RDS FreeStorageSpace DBInstanceIdentifier " + db),
        series(widget("Free memory and storage · " + db)));
    assertEquals(List.of("AWS/RDS DatabaseConnections DBInstanceIdentifier " + db), series(widget("Database connections · " + db)));
    assertEquals(List.of("AWS/RDS ReadLatency DBInstanceIdentifier " + db, "AWS/RDS WriteLatency DBInstanceIdentifier " + db),
        series(widget("Read and write latency · " + db)));
  }

  @Test
  void coloursComeFromTheFixedPaletteAndDifferWithinAWidget() {
    for (JsonNode w : widgets) {
      List<String> seen = new ArrayList<>();
      for (JsonNode entry : w.path("properties").path("metrics")) {
        JsonNode o = entry.get(entry.size() - 1);
        if (o.has("visible") && !o.get("visible").asBoolean()) continue;
        String color = o.get("color").asText();
        assertTrue(Palette.COLORS.contains(color), color);
        assertFalse(seen.contains(color), "colour repeated in " + w);
        seen.add(color);
      }
    }
  }

  @Test
  void synthesizingTwiceIsByteIdentical() throws Exception {
    String again = JSON.writeValueAsString(TestApps.template(YAML, "acme-dashboard").toJSON());
    assertEquals(JSON.writeValueAsString(template.toJSON()), again);
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("acme-dashboard", template.toJSON());
  }
}
