package io.fleetkit.stacks.gpu;

import static io.fleetkit.stacks.gpu.GpuMonitoringPlan.CONFIGURE_DOCUMENT;
import static io.fleetkit.stacks.gpu.GpuMonitoringPlan.INSTALL_DOCUMENT;

import io.fleetkit.config.GpuMonitoringConfig;
import io.fleetkit.constructs.SsmInstanceRole;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.iam.InstanceProfile;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.ssm.CfnAssociation;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * GPU monitoring for running instances without touching them: the agent configuration in an SSM
 * parameter, an instance role that may read it, two State Manager associations by tag that install
 * and configure the CloudWatch agent, and the blog's dashboard.
 */
public class GpuMonitoringStack extends Stack {
  private final StringParameter parameter;
  private final SsmInstanceRole role;

  public GpuMonitoringStack(Construct scope, String id, StackProps props, GpuMonitoringPlan plan) {
    super(scope, id, props);
    GpuMonitoringConfig config = plan.config();
    parameter = StringParameter.Builder.create(this, "AgentConfig")
        .parameterName(plan.parameterName())
        .description("CloudWatch agent configuration for GPU instances (fleetkit gpu_monitoring)")
        .stringValue(plan.agentConfig())
        .tier(plan.advancedTier() ? ParameterTier.ADVANCED : ParameterTier.STANDARD)
        .build();

    // The current managed policies; the blog's AmazonEC2RoleforSSM is deprecated.
    role = new SsmInstanceRole(this, "InstanceRole", SsmInstanceRole.Props
        .of("GPU instances: SSM management, CloudWatch agent, read of the agent configuration")
        .withSsmReason("Systems Manager documents AmazonSSMManagedInstanceCore as the instance policy State Manager needs;"
            + " it replaces the deprecated AmazonEC2RoleforSSM of the blog")
        .withManagedPolicy("CloudWatchAgentServerPolicy",
            "CloudWatchAgentServerPolicy is the documented policy for the CloudWatch agent to publish metrics"));
    // amazon-cloudwatch-agent-ctl fetch-config -c ssm:<name> calls ssm:GetParameter; CloudWatchAgentServerPolicy
    // grants the same action, but only on parameters named AmazonCloudWatch-*.
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ssm:GetParameter"))
        .resources(List.of(parameter.getParameterArn()))
        .build());
    InstanceProfile profile = InstanceProfile.Builder.create(this, "InstanceProfile").role(role).build();

    List<CfnAssociation.TargetProperty> targets = List.of(CfnAssociation.TargetProperty.builder()
        .key("tag:" + config.tagKey()).values(List.of(config.tagValue())).build());
    CfnAssociation install = CfnAssociation.Builder.create(this, "InstallAgent")
        .name(INSTALL_DOCUMENT)
        .associationName(plan.installAssociationName())
        .targets(targets)
        .parameters(plan.installParameters())
        .scheduleExpression(config.schedule())
        .maxConcurrency("25%")
        .maxErrors("10%")
        .complianceSeverity("MEDIUM")
        .build();
    CfnAssociation configure = CfnAssociation.Builder.create(this, "ConfigureAgent")
        .name(CONFIGURE_DOCUMENT)
        .associationName(plan.configureAssociationName())
        .targets(targets)
        .parameters(plan.configureParameters(parameter.getParameterName()))
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
        .dashboardName(plan.dashboardName())
        .dashboardBody(Token.isUnresolved(region) ? Fn.sub(body) : body)
        .build();

    CfnOutput.Builder.create(this, "SendCommandLines")
        .description("One-off equivalent of both associations (Run Command), for instances tagged now")
        .value(sendCommand(region, INSTALL_DOCUMENT, config, "{\"action\":[\"Install\"],\"name\":[\"AmazonCloudWatchAgent\"]}")
            + " && " + sendCommand(region, CONFIGURE_DOCUMENT, config, "{\"action\":[\"configure\"],\"mode\":[\"ec2\"],"
            + "\"optionalConfigurationSource\":[\"ssm\"],\"optionalConfigurationLocation\":[\"" + plan.parameterName()
            + "\"],\"optionalRestart\":[\"yes\"]}"))
        .build();
    CfnOutput.Builder.create(this, "InstanceProfileName")
        .description("Attach to GPU instances (or add the role's policies to their own role)")
        .value(profile.getInstanceProfileName())
        .build();
    CfnOutput.Builder.create(this, "AgentConfigParameter")
        .description("SSM parameter holding the CloudWatch agent configuration (" + plan.tierName() + " tier)")
        .value(parameter.getParameterName())
        .build();
  }

  private static String sendCommand(String region, String document, GpuMonitoringConfig c, String parameters) {
    return "aws ssm send-command --region " + region + " --document-name " + document
        + " --targets 'Key=tag:" + c.tagKey() + ",Values=" + c.tagValue() + "' --parameters '" + parameters + "'";
  }

  public StringParameter parameter() {
    return parameter;
  }

  public SsmInstanceRole role() {
    return role;
  }
}
