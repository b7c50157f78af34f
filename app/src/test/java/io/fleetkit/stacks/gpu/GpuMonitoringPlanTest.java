package io.fleetkit.stacks.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.GpuMonitoringConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The gpu_monitoring plan in plain Java: no construct, no jsii. */
class GpuMonitoringPlanTest {
  static final FleetkitConfig CONFIG = ConfigLoader.parse("test.yaml", """
      project:
        prefix: acme
        region: eu-west-1
      gpu_monitoring:
        enabled: true
        measurements: [utilization_gpu, memory_used, memory_total]
      """);

  @Test
  void namesTierAndAssociationParameters() {
    var plan = GpuMonitoringPlan.of(CONFIG);
    assertEquals("/acme/gpu-monitoring/cloudwatch-agent-config", plan.parameterName());
    assertEquals("acme-gpu-cloudwatch-agent", plan.associationName());
    assertEquals("acme-gpu-utilization", plan.dashboardName());
    assertFalse(plan.advancedTier());
    assertEquals("Standard", plan.tierName());
    assertEquals(AgentConfig.json(CONFIG.gpuMonitoring()), plan.agentConfig());
    // Ordered, so two syntheses write the same template.
    assertEquals(List.of("schemaVersion", "description", "mainSteps"), List.copyOf(plan.documentContent().keySet()));
    assertEquals("fleetkit gpu_monitoring: install the CloudWatch agent, then apply its configuration from"
        + " /acme/gpu-monitoring/cloudwatch-agent-config, restarting the agent only when that configuration changed",
        plan.documentContent().get("description"));
  }

  @Test
  void anAgentConfigurationNoParameterHoldsIsAConfigError() {
    // The reader allows only the 17 documented measurements; the plan still refuses what no tier holds.
    GpuMonitoringConfig g = CONFIG.gpuMonitoring();
    List<String> many = new ArrayList<>(IntStream.range(0, 500).mapToObj(i -> "measurement_" + i).toList());
    var huge = new GpuMonitoringConfig(true, g.namespace(), g.intervalSeconds(), many, g.tagKey(), g.tagValue(), g.schedule());
    int bytes = AgentConfig.size(AgentConfig.json(huge));
    assertEquals(9803, bytes);
    var e = assertThrows(ConfigException.class, () -> GpuMonitoringPlan.of(new FleetkitConfig(CONFIG.project(),
        CONFIG.guardrails(), CONFIG.dashboard(), huge, CONFIG.imagePipelines(), CONFIG.capacityReservation(),
        CONFIG.spotFleet(), CONFIG.localZone(), CONFIG.spotPlacementScores(), CONFIG.queueWorkers(),
        CONFIG.rootRestore(), CONFIG.credentialGuard(), CONFIG.instanceConnect(), CONFIG.outpostRouting(),
        CONFIG.source())));
    assertEquals(List.of("test.yaml:6:17: gpu_monitoring.measurements: the CloudWatch agent configuration is 9803 bytes"
        + " (expected at most 8192, the size of an Advanced SSM parameter: fewer measurements or a shorter namespace)"),
        e.lines());
  }
}
