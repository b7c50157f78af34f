package io.fleetkit.stacks.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fleetkit.config.GpuMonitoringConfig;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class GpuMonitoringStackTest {
  static final String YAML = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: eu-west-1
      gpu_monitoring:
        enabled: true
        namespace: GPU/Fleet
        metrics_collection_interval: 30
        measurements: [utilization_gpu, memory_used, memory_total, temperature_gpu]
        target_tag: {key: Team, value: ml-platform}
        schedule: rate(2 hours)
      """;
  static final ObjectMapper JSON = new ObjectMapper();
  static Template template;

  @BeforeAll
  static void synth() {
    template = TestApps.template(YAML, "fleetkit-gpu-monitoring");
  }

  static JsonNode agentConfig() throws Exception {
    Capture value = new Capture();
    template.hasResourceProperties("AWS::SSM::Parameter", Map.of("Value", value));
    return JSON.readTree(value.asString());
  }

  @Test
  void agentConfigFollowsTheBlogWithTheConfiguredMeasurements() throws Exception {
    JsonNode expected = JSON.readTree("""
        {"agent": {"metrics_collection_interval": 30, "run_as_user": "cwagent"},
         "metrics": {
           "namespace": "GPU/Fleet",
           "append_dimensions": {"AutoScalingGroupName": "${aws:AutoScalingGroupName}", "ImageId": "${aws:ImageId}",
                                 "InstanceId": "${aws:InstanceId}", "InstanceType": "${aws:InstanceType}"},
           "aggregation_dimensions": [["InstanceId"]],
           "metrics_collected": {
             "cpu": {"measurement": ["cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user", "cpu_usage_system"],
                     "metrics_collection_interval": 30, "resources": ["*"], "totalcpu": false},
             "disk": {"measurement": ["used_percent", "inodes_free"], "metrics_collection_interval": 30, "resources": ["*"]},
             "diskio": {"measurement": ["io_time"], "metrics_collection_interval": 30, "resources": ["*"]},
             "mem": {"measurement": ["mem_used_percent"], "metrics_collection_interval": 30},
             "swap": {"measurement": ["swap_used_percent"], "metrics_collection_interval": 30},
             "nvidia_gpu": {"measurement": ["utilization_gpu", "memory_used", "memory_total", "temperature_gpu"],
                            "metrics_collection_interval": 30}}}}
        """);
    assertEquals(expected, agentConfig());
    template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
        "Name", "/fleetkit/gpu-monitoring/cloudwatch-agent-config",
        "Tier", "Standard",
        "Type", "String"));
  }

  @Test
  void agentConfigPassesTheAgentSchema() throws Exception {
    // Committed with its provenance and licence in app/src/test/resources/schemas/README.md; a missing file fails.
    Path schemaFile = Path.of("app/src/test/resources/schemas/cloudwatch-agent-config.schema.json");
    assertTrue(Files.isRegularFile(schemaFile), schemaFile.toAbsolutePath() + " is missing (see schemas/README.md)");
    JsonSchema schema;
    try (InputStream in = Files.newInputStream(schemaFile)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(agentConfig());
    assertEquals(Set.of(), errors);
    // The schema check itself must be able to fail: a wrong type for the interval is rejected.
    var broken = (com.fasterxml.jackson.databind.node.ObjectNode) agentConfig();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("agent")).put("metrics_collection_interval", "often");
    assertTrue(!schema.validate(broken).isEmpty(), "the schema rejects a text interval");
  }

  @Test
  void everyDocumentedMeasurementFitsAStandardParameter() {
    String json = AgentConfig.json(GpuMonitoringConfig.disabled());
    assertEquals(Optional.of("Standard"), AgentConfig.tierFor(AgentConfig.size(json)));
  }

  @Test
  void tierFollowsTheParameterSize() {
    assertEquals(Optional.of("Standard"), AgentConfig.tierFor(4096));
    assertEquals(Optional.of("Advanced"), AgentConfig.tierFor(4097));
    assertEquals(Optional.of("Advanced"), AgentConfig.tierFor(8192));
    assertEquals(Optional.empty(), AgentConfig.tierFor(8193));
  }

  @Test
  void instanceRoleHasTheCurrentManagedPoliciesAndAStatementForThisParameter() {
    // The scoped statement documents intent; AmazonSSMManagedInstanceCore already allows
    // ssm:GetParameter(s) on *, so the role is not limited to this parameter.
    template.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "ec2.amazonaws.com"))))),
        "ManagedPolicyArns", List.of(
            Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::aws:policy/AmazonSSMManagedInstanceCore"))),
            Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::aws:policy/CloudWatchAgentServerPolicy"))))));
    Capture resource = new Capture();
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Version", "2012-10-17",
        "Statement", List.of(Map.of("Action", "ssm:GetParameter", "Effect", "Allow", "Resource", resource)))));
    // Partition literal: cdk.json's @aws-cdk/core:enablePartitionLiterals with a known Region.
    assertEquals(Map.of("Fn::Join", List.of("", List.of("arn:aws:ssm:eu-west-1:111122223333:parameter",
        Map.of("Ref", "AgentConfigCC493EA4")))), resource.asObject());
    // The scoped statement, the instance profile and the output all belong to this one role.
    var roles = template.findResources("AWS::IAM::Role");
    assertEquals(1, roles.size(), roles.keySet().toString());
    var role = Map.of("Ref", roles.keySet().iterator().next());
    var profiles = template.findResources("AWS::IAM::InstanceProfile");
    assertEquals(1, profiles.size(), profiles.keySet().toString());
    assertEquals(List.of(role), ((Map<?, ?>) profiles.values().iterator().next().get("Properties")).get("Roles"));
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(role)));
    template.hasOutput("InstanceProfileName", Map.of("Value", Map.of("Ref", profiles.keySet().iterator().next())));
  }

  @Test
  void oneAssociationRunsOneDocumentByTagOnASchedule() {
    template.resourceCountIs("AWS::SSM::Association", 1);
    template.resourceCountIs("AWS::SSM::Document", 1);
    String document = template.findResources("AWS::SSM::Document").keySet().iterator().next();
    template.hasResource("AWS::SSM::Association", Map.of(
        "Properties", Map.of(
            "Name", Map.of("Ref", document),
            "AssociationName", "fleetkit-gpu-cloudwatch-agent",
            "Targets", List.of(Map.of("Key", "tag:Team", "Values", List.of("ml-platform"))),
            "ScheduleExpression", "rate(2 hours)",
            "MaxConcurrency", "25%", "MaxErrors", "10%", "ComplianceSeverity", "MEDIUM",
            // No parameters: nothing to restart on every run, as optionalRestart=yes did.
            "Parameters", Match.absent()),
        "DependsOn", List.of("AgentConfigCC493EA4")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDocumentInstallsThenConfiguresAndRestartsOnlyOnAChangedConfiguration() {
    Capture content = new Capture();
    template.hasResourceProperties("AWS::SSM::Document", Map.of(
        "DocumentType", "Command", "DocumentFormat", "JSON", "Content", content));
    var doc = (Map<String, Object>) content.asObject();
    assertEquals("2.2", doc.get("schemaVersion"));
    var steps = (List<Map<String, Object>>) doc.get("mainSteps");
    assertEquals(List.of("InstallAgent", "ConfigureAgent"), steps.stream().map(st -> st.get("name")).toList());
    assertEquals(Map.of("action", "aws:runDocument", "name", "InstallAgent", "inputs", Map.of(
        "documentType", "SSMDocument", "documentPath", "AWS-ConfigureAWSPackage",
        "documentParameters", Map.of("action", "Install", "name", "AmazonCloudWatchAgent"))), steps.get(0));
    assertEquals("aws:runShellScript", steps.get(1).get("action"));
    assertEquals(Map.of("StringEquals", List.of("platformType", "Linux")), steps.get(1).get("precondition"));
    var inputs = (Map<String, Object>) steps.get(1).get("inputs");
    assertEquals("600", inputs.get("timeoutSeconds"));
    assertEquals("""
        set -eu
        CTL=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl
        if [ ! -x "$CTL" ]; then
          echo 'the CloudWatch agent is not installed (step InstallAgent failed); not configuring it' >&2
          exit 1
        fi
        digest() { cat /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.d/* 2>/dev/null | sha256sum; }
        BEFORE=$(digest)
        "$CTL" -a fetch-config -m ec2 -c ssm:/fleetkit/gpu-monitoring/cloudwatch-agent-config
        AFTER=$(digest)
        if [ "$BEFORE" != "$AFTER" ]; then
          echo 'the configuration changed: restarting the agent'
          "$CTL" -a stop
          "$CTL" -a start -m ec2
        elif ! "$CTL" -a status | grep -q '"status": "running"'; then
          echo 'the configuration is unchanged and the agent is stopped: starting it'
          "$CTL" -a start -m ec2
        else
          echo 'the configuration is unchanged: the agent keeps running'
        fi""", String.join("\n", (List<String>) inputs.get("runCommand")));
  }

  @Test
  void outputGivesTheEquivalentSendCommand() {
    String document = template.findResources("AWS::SSM::Document").keySet().iterator().next();
    template.hasOutput("SendCommandLines", Map.of("Value", Map.of("Fn::Join", List.of("", List.of(
        "aws ssm send-command --region eu-west-1 --document-name ", Map.of("Ref", document),
        " --targets 'Key=tag:Team,Values=ml-platform'")))));
  }

  @Test
  void dashboardHasTheBlogsFourWidgetsOnTheAgentsNamespace() throws Exception {
    Capture body = new Capture();
    template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of(
        "DashboardName", "fleetkit-gpu-utilization", "DashboardBody", body));
    JsonNode widgets = JSON.readTree(body.asString()).get("widgets");
    assertEquals(4, widgets.size());
    String core = "SELECT AVG(nvidia_smi_utilization_gpu) FROM SCHEMA(\"GPU/Fleet\", InstanceId)";
    String used = "SEARCH('{\"GPU/Fleet\",InstanceId} MetricName=\"nvidia_smi_memory_used\"', 'Average', 60)";
    String total = "SEARCH('{\"GPU/Fleet\",InstanceId} MetricName=\"nvidia_smi_memory_total\"', 'Average', 60)";
    String ram = "AVG(SEARCH('{\"GPU/Fleet\",InstanceId} MetricName=\"mem_used_percent\"', 'Average', 60))";

    assertWidget(widgets.get(0), 0, 0, "timeSeries", List.of(core + " GROUP BY InstanceId"));
    assertWidget(widgets.get(1), 12, 0, "gauge", List.of(core));
    assertWidget(widgets.get(2), 0, 6, "timeSeries", List.of(used, total, "100 * SUM(used) / SUM(total)", ram));
    assertWidget(widgets.get(3), 12, 6, "gauge", List.of(used, total, "100 * SUM(used) / SUM(total)"));
    // Raw series feed the math only.
    assertEquals(false, widgets.get(2).at("/properties/metrics/0/0/visible").asBoolean(true));
    assertEquals("GPU memory used", widgets.get(3).at("/properties/metrics/2/0/label").asText());
    for (JsonNode w : widgets) {
      assertEquals("eu-west-1", w.at("/properties/region").asText());
      assertEquals(100, w.at("/properties/yAxis/left/max").asInt());
    }
    assertTrue(widgets.get(1).at("/properties/setPeriodToTimeRange").asBoolean());
  }

  private static void assertWidget(JsonNode w, int x, int y, String view, List<String> expressions) {
    assertEquals(x, w.get("x").asInt());
    assertEquals(y, w.get("y").asInt());
    assertEquals(12, w.get("width").asInt());
    assertEquals(view, w.at("/properties/view").asText());
    List<String> actual = new java.util.ArrayList<>();
    w.at("/properties/metrics").forEach(row -> actual.add(row.get(0).get("expression").asText()));
    assertEquals(expressions, actual);
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-gpu-monitoring", template.toJSON());
  }
}
