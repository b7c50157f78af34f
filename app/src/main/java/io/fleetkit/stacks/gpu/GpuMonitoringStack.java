package io.fleetkit.stacks.gpu;

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
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * GPU monitoring for running instances without touching them: the agent configuration in an SSM
 * parameter, an instance role that may read it, one State Manager association by tag that runs a Command
 * document installing, then configuring the CloudWatch agent, and the blog's dashboard.
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
    // No fixed name: a changed document replaces it under a new name and the association follows the Ref.
    CfnDocument document = CfnDocument.Builder.create(this, "AgentDocument")
        .documentType("Command")
        .documentFormat("JSON")
        .content(plan.documentContent())
        .build();
    CfnAssociation association = CfnAssociation.Builder.create(this, "CloudWatchAgent")
        .name(document.getRef())
        .associationName(plan.associationName())
        .targets(targets)
        .scheduleExpression(config.schedule())
        .maxConcurrency("25%")
        .maxErrors("10%")
        .complianceSeverity("MEDIUM")
        .build();
    // The configure step reads the parameter: it exists before the first run.
    association.getNode().addDependency(parameter);

    String region = getRegion();
    String body = GpuDashboard.body(config.namespace(),
        Token.isUnresolved(region) ? GpuDashboard.REGION_PLACEHOLDER : region);
    CfnDashboard.Builder.create(this, "Dashboard")
        .dashboardName(plan.dashboardName())
        .dashboardBody(Token.isUnresolved(region) ? Fn.sub(body) : body)
        .build();

    CfnOutput.Builder.create(this, "SendCommandLines")
        .description("One-off run of the association's document (Run Command), for instances tagged now")
        .value("aws ssm send-command --region " + region + " --document-name " + document.getRef()
            + " --targets 'Key=tag:" + config.tagKey() + ",Values=" + config.tagValue() + "'")
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

  public StringParameter parameter() {
    return parameter;
  }

  public SsmInstanceRole role() {
    return role;
  }
}
