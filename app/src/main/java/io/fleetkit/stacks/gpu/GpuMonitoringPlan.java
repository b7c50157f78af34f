package io.fleetkit.stacks.gpu;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.GpuMonitoringConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code <prefix>-gpu-monitoring} builds, decided before any construct exists: the CloudWatch agent
 * configuration and the SSM parameter tier that holds it, the names of the parameter, the association and
 * the dashboard, and the Command document the association runs ({@link AgentDocument}).
 *
 * @param agentConfig the agent configuration as compact JSON
 * @param advancedTier whether the configuration needs an Advanced parameter (more than 4 KB)
 */
public record GpuMonitoringPlan(String prefix, GpuMonitoringConfig config, String agentConfig, boolean advancedTier,
    String parameterName) {

  /** SSM document that installs AWS packages; parameters action, name (AWS-ConfigureAWSPackage). */
  public static final String INSTALL_DOCUMENT = "AWS-ConfigureAWSPackage";

  public static GpuMonitoringPlan of(FleetkitConfig config) {
    GpuMonitoringConfig g = config.gpuMonitoring();
    String json = AgentConfig.json(g);
    int bytes = AgentConfig.size(json);
    Optional<String> tier = AgentConfig.tierFor(bytes);
    if (tier.isEmpty()) {
      throw new ConfigException(List.of(config.source().error("gpu_monitoring.measurements", "the CloudWatch agent"
          + " configuration is " + bytes + " bytes (expected at most " + AgentConfig.ADVANCED_MAX_BYTES
          + ", the size of an Advanced SSM parameter: fewer measurements or a shorter namespace)")));
    }
    String prefix = config.project().prefix();
    return new GpuMonitoringPlan(prefix, g, json, tier.get().equals(AgentConfig.ADVANCED),
        "/" + prefix + "/gpu-monitoring/cloudwatch-agent-config");
  }

  public String tierName() {
    return advancedTier ? AgentConfig.ADVANCED : AgentConfig.STANDARD;
  }

  /** The one State Manager association: install, then configure, in one document. */
  public String associationName() {
    return prefix + "-gpu-cloudwatch-agent";
  }

  public String dashboardName() {
    return prefix + "-gpu-utilization";
  }

  /** The Command document that installs and configures the agent (content as CloudFormation takes it). */
  public Map<String, Object> documentContent() {
    return AgentDocument.content(parameterName);
  }
}
