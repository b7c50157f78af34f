package io.fleetkit.stacks.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.GpuMonitoringConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Template;

/** Without a Region in config, the dashboard takes the stack's Region at deploy time. */
class GpuDashboardTest {
  @Test
  void unresolvedRegionBecomesAPseudoParameter() {
    String body = GpuDashboard.body("CWAgent", GpuDashboard.REGION_PLACEHOLDER);
    assertTrue(body.contains("\"region\":\"${AWS::Region}\""), body);
    // Fn::Sub would try to resolve any other ${...}: the body has none.
    assertTrue(body.replace("${AWS::Region}", "").indexOf("${") < 0, body);
  }

  @Test
  void environmentAgnosticStackSubstitutesTheRegion() {
    var config = new GpuMonitoringConfig(true, "CWAgent", 60, GpuMonitoringConfig.ALL_MEASUREMENTS, "GpuMonitoring",
        "enabled", "rate(1 hour)");
    var stack = new GpuMonitoringStack(new App(), "agnostic", StackProps.builder().build(),
        new GpuMonitoringPlan("fleetkit", config, AgentConfig.json(config), false,
            "/fleetkit/gpu-monitoring/cloudwatch-agent-config"));
    Capture sub = new Capture();
    Template.fromStack(stack).hasResourceProperties("AWS::CloudWatch::Dashboard",
        Map.of("DashboardBody", Map.of("Fn::Sub", sub)));
    assertEquals(GpuDashboard.body("CWAgent", GpuDashboard.REGION_PLACEHOLDER), sub.asString());
  }
}
