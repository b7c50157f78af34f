package io.fleetkit.stacks.gpu;

import io.fleetkit.config.GpuMonitoringConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.iam.InstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.ssm.CfnAssociation;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import io.fleetkit.constructs.NagAcks;
import software.constructs.Construct;

/**
 * GPU monitoring for running instances without touching them: the agent configuration in an SSM
 * parameter, an instance role that may read it, two State Manager associations by tag that install
 * and configure the CloudWatch agent, and the blog's dashboard.
 */
public class GpuMonitoringStack extends Stack {
  /** SSM document that installs AWS packages; parameters action, name (AWS-ConfigureAWSPackage). */
  public static final String INSTALL_DOCUMENT = "AWS-ConfigureAWSPackage";
  /** SSM document that configures the agent; parameters action, mode, optionalConfiguration*, optionalRestart. */
  public static final String CONFIGURE_DOCUMENT = "AmazonCloudWatch-ManageAgent";

  private final StringParameter parameter;
  private final Role role;

  public GpuMonitoringStack(Construct scope, String id, StackProps props, String prefix, GpuMonitoringConfig config) {
    super(scope, id, props);
    String json = AgentConfig.json(config);
    String tier = AgentConfig.tierFor(AgentConfig.size(json));
    String parameterName = "/" + prefix + "/gpu-monitoring/cloudwatch-agent-config";
    parameter = StringParameter.Builder.create(this, "AgentConfig")
        .parameterName(parameterName)
        .description("CloudWatch agent configuration for GPU instances (fleetkit gpu_monitoring)")
        .stringValue(json)
        .tier(tier.equals("Standard") ? ParameterTier.STANDARD : ParameterTier.ADVANCED)
        .build();

    role = Role.Builder.create(this, "InstanceRole")
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("GPU instances: SSM management, CloudWatch agent, read of the agent configuration")
        // The current managed policies; the blog's AmazonEC2RoleforSSM is deprecated.
        .managedPolicies(List.of(
            ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
            ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy")))
        .build();
    // amazon-cloudwatch-agent-ctl fetch-config -c ssm:<name> calls ssm:GetParameter; CloudWatchAgentServerPolicy
    // grants the same action, but only on parameters named AmazonCloudWatch-*.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ssm:GetParameter"))
        .resources(List.of(parameter.getParameterArn()))
        .build());
    NagAcks.acknowledge(role, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]", "Systems Manager documents AmazonSSMManagedInstanceCore as the instance policy State Manager needs;"
            + " it replaces the deprecated AmazonEC2RoleforSSM of the blog");
    NagAcks.acknowledge(role, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy]", "CloudWatchAgentServerPolicy is the documented policy for the CloudWatch agent to publish metrics");
    InstanceProfile profile = InstanceProfile.Builder.create(this, "InstanceProfile").role(role).build();

    String target = "tag:" + config.tagKey();
    List<CfnAssociation.TargetProperty> targets = List.of(CfnAssociation.TargetProperty.builder()
        .key(target).values(List.of(config.tagValue())).build());
    CfnAssociation install = CfnAssociation.Builder.create(this, "InstallAgent")
        .name(INSTALL_DOCUMENT)
        .associationName(prefix + "-gpu-install-cloudwatch-agent")
        .targets(targets)
        .parameters(Map.of("action", List.of("Install"), "name", List.of("AmazonCloudWatchAgent")))
        .scheduleExpression(config.schedule())
        .maxConcurrency("25%")
        .maxErrors("10%")
        .complianceSeverity("MEDIUM")
        .build();
    CfnAssociation configure = CfnAssociation.Builder.create(this, "ConfigureAgent")
        .name(CONFIGURE_DOCUMENT)
        .associationName(prefix + "-gpu-configure-cloudwatch-agent")
        .targets(targets)
        .parameters(configureParameters(parameter.getParameterName()))
        .scheduleExpression(config.schedule())
        .maxConcurrency("25%")
        .maxErrors("10%")
        .complianceSeverity("MEDIUM")
        .build();
    configure.getNode().addDependency(install);

    String region = getRegion();
    String body = GpuDashboard.body(config.namespace(),
        Token.isUnresolved(region) ? GpuDashboard.REGION_PLACEHOLDER : region);
    CfnDashboard.Builder.create(this, "Dashboard")
        .dashboardName(prefix + "-gpu-utilization")
        .dashboardBody(Token.isUnresolved(region) ? Fn.sub(body) : body)
        .build();

    CfnOutput.Builder.create(this, "SendCommandLines")
        .description("One-off equivalent of both associations (Run Command), for instances tagged now")
        .value(sendCommand(region, INSTALL_DOCUMENT, config, "{\"action\":[\"Install\"],\"name\":[\"AmazonCloudWatchAgent\"]}")
            + " && " + sendCommand(region, CONFIGURE_DOCUMENT, config, "{\"action\":[\"configure\"],\"mode\":[\"ec2\"],"
            + "\"optionalConfigurationSource\":[\"ssm\"],\"optionalConfigurationLocation\":[\"" + parameterName
            + "\"],\"optionalRestart\":[\"yes\"]}"))
        .build();
    CfnOutput.Builder.create(this, "InstanceProfileName")
        .description("Attach to GPU instances (or add the role's policies to their own role)")
        .value(profile.getInstanceProfileName())
        .build();
    CfnOutput.Builder.create(this, "AgentConfigParameter")
        .description("SSM parameter holding the CloudWatch agent configuration (" + tier + " tier)")
        .value(parameter.getParameterName())
        .build();
  }

  static Map<String, List<String>> configureParameters(String parameterName) {
    return Map.of(
        "action", List.of("configure"),
        "mode", List.of("ec2"),
        "optionalConfigurationSource", List.of("ssm"),
        "optionalConfigurationLocation", List.of(parameterName),
        "optionalRestart", List.of("yes"));
  }

  private static String sendCommand(String region, String document, GpuMonitoringConfig c, String parameters) {
    return "aws ssm send-command --region " + region + " --document-name " + document
        + " --targets 'Key=tag:" + c.tagKey() + ",Values=" + c.tagValue() + "' --parameters '" + parameters + "'";
  }

  public StringParameter parameter() {
    return parameter;
  }

  public Role role() {
    return role;
  }
}
