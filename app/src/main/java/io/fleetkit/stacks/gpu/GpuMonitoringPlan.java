package io.fleetkit.stacks.gpu;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.GpuMonitoringConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code <prefix>-gpu-monitoring} builds, decided before any construct exists: the CloudWatch agent
 * configuration and the SSM parameter tier that holds it, the names of the parameter, the associations and
 * the dashboard, and the parameters of both State Manager associations.
 *
 * @param agentConfig the agent configuration as compact JSON
 * @param advancedTier whether the configuration needs an Advanced parameter (more than 4 KB)
 */
public record GpuMonitoringPlan(String prefix, GpuMonitoringConfig config, String agentConfig, boolean advancedTier,
    String parameterName) {

  /** SSM document that installs AWS packages; parameters action, name (AWS-ConfigureAWSPackage). */
  public static final String INSTALL_DOCUMENT = "AWS-ConfigureAWSPackage";
  /** SSM document that configures the agent; parameters action, mode, optionalConfiguration*, optionalRestart. */
  public static final String CONFIGURE_DOCUMENT = "AmazonCloudWatch-ManageAgent";

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

  public String installAssociationName() {
    return prefix + "-gpu-install-cloudwatch-agent";
  }

  public String configureAssociationName() {
    return prefix + "-gpu-configure-cloudwatch-agent";
  }

  public String dashboardName() {
    return prefix + "-gpu-utilization";
  }

  /** AWS-ConfigureAWSPackage: install the CloudWatch agent package. */
  public Map<String, List<String>> installParameters() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("action", List.of("Install"));
    p.put("name", List.of("AmazonCloudWatchAgent"));
    return p;
  }

  /**
   * AmazonCloudWatch-ManageAgent: configure the agent from the parameter and restart it.
   *
   * @param parameter the parameter's name as the stack refers to it (a Ref, so the association waits for it)
   */
  public Map<String, List<String>> configureParameters(String parameter) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("action", List.of("configure"));
    p.put("mode", List.of("ec2"));
    p.put("optionalConfigurationSource", List.of("ssm"));
    p.put("optionalConfigurationLocation", List.of(parameter));
    p.put("optionalRestart", List.of("yes"));
    return p;
  }
}
