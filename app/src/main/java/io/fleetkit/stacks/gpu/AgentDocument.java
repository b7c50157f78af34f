package io.fleetkit.stacks.gpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSM Command document (schema 2.2) that State Manager runs on GPU instances: step {@code InstallAgent} runs
 * AWS-ConfigureAWSPackage (Install AmazonCloudWatchAgent) through {@code aws:runDocument}, then step
 * {@code ConfigureAgent} applies the configuration in the SSM parameter. Steps of a Command document run in order
 * on each instance, so the configuration never races the install as two associations did; the configure step
 * also refuses to run without the agent.
 *
 * <p>It restarts the agent only when the configuration changed: {@code amazon-cloudwatch-agent-ctl -a fetch-config}
 * without {@code -s} downloads the parameter into {@code etc/amazon-cloudwatch-agent.d/} and translates it without
 * restarting, and {@code -a start} leaves a running agent alone (the ctl script of aws/amazon-cloudwatch-agent,
 * packaging/dependencies/amazon-cloudwatch-agent-ctl). AmazonCloudWatch-ManageAgent's optionalRestart=yes
 * restarted the agent on every scheduled run.
 */
final class AgentDocument {
  static final String CTL = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";
  static final String CONFIG_DIR = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.d";

  private AgentDocument() {}

  /** The document content, ordered as written. */
  static Map<String, Object> content(String parameterName) {
    Map<String, Object> install = new LinkedHashMap<>();
    install.put("action", "aws:runDocument");
    install.put("name", "InstallAgent");
    Map<String, Object> installInputs = new LinkedHashMap<>();
    installInputs.put("documentType", "SSMDocument");
    installInputs.put("documentPath", GpuMonitoringPlan.INSTALL_DOCUMENT);
    Map<String, Object> packageParameters = new LinkedHashMap<>();
    packageParameters.put("action", "Install");
    packageParameters.put("name", "AmazonCloudWatchAgent");
    installInputs.put("documentParameters", packageParameters);
    install.put("inputs", installInputs);

    Map<String, Object> configure = new LinkedHashMap<>();
    configure.put("action", "aws:runShellScript");
    configure.put("name", "ConfigureAgent");
    configure.put("precondition", Map.of("StringEquals", List.of("platformType", "Linux")));
    Map<String, Object> configureInputs = new LinkedHashMap<>();
    configureInputs.put("timeoutSeconds", "600");
    configureInputs.put("runCommand", configureScript(parameterName));
    configure.put("inputs", configureInputs);

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", "2.2");
    doc.put("description", "fleetkit gpu_monitoring: install the CloudWatch agent, then apply its configuration from "
        + parameterName + ", restarting the agent only when that configuration changed");
    doc.put("mainSteps", List.of(install, configure));
    return doc;
  }

  /** POSIX sh: aws:runShellScript runs the lines with sh. */
  static List<String> configureScript(String parameterName) {
    return List.of(
        "set -eu",
        "CTL=" + CTL,
        "if [ ! -x \"$CTL\" ]; then",
        "  echo 'the CloudWatch agent is not installed (step InstallAgent failed); not configuring it' >&2",
        "  exit 1",
        "fi",
        // fetch-config replaces the directory's content with the parameter's: compare it before and after.
        "digest() { cat " + CONFIG_DIR + "/* 2>/dev/null | sha256sum; }",
        "BEFORE=$(digest)",
        "\"$CTL\" -a fetch-config -m ec2 -c ssm:" + parameterName,
        "AFTER=$(digest)",
        "if [ \"$BEFORE\" != \"$AFTER\" ]; then",
        "  echo 'the configuration changed: restarting the agent'",
        "  \"$CTL\" -a stop",
        "  \"$CTL\" -a start -m ec2",
        "elif ! \"$CTL\" -a status | grep -q '\"status\": \"running\"'; then",
        "  echo 'the configuration is unchanged and the agent is stopped: starting it'",
        "  \"$CTL\" -a start -m ec2",
        "else",
        "  echo 'the configuration is unchanged: the agent keeps running'",
        "fi");
  }
}
