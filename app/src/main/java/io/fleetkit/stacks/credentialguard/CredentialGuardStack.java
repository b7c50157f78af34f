package io.fleetkit.stacks.credentialguard;

import io.fleetkit.config.CredentialGuardConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.HardenedLaunchTemplate;
import io.fleetkit.constructs.SsmDocument;
import io.fleetkit.constructs.SsmInstanceRole;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ssm.CfnAssociation;
import software.constructs.Construct;

/**
 * Credential Guard on Windows Server instances: the Command document that turns it on and checks it runs, a State
 * Manager association that runs the document on every instance with the target tag (compliance severity HIGH), and
 * a launch template on AWS's NitroTPM Windows Server AMI (UEFI Secure Boot) whose instances carry the target tag.
 */
public class CredentialGuardStack extends Stack {
  /**
   * Instances the association reboots at once, and failures after which it stops: one instance in ten, at least
   * one (State Manager rounds a percentage up to one target), so a fleet behind a load balancer keeps serving.
   */
  static final String MAX_CONCURRENCY = "10%";
  static final String MAX_ERRORS = "10%";

  private final HardenedLaunchTemplate launchTemplate;

  public CredentialGuardStack(Construct scope, String id, StackProps props, CredentialGuardPlan plan) {
    super(scope, id, props);
    CredentialGuardConfig config = plan.config();

    // A named document that a changed config updates to a new default version (SsmDocument: UpdateMethod NewVersion).
    SsmDocument document = new SsmDocument(this, "Document", plan.documentName(), "Command", "/AWS::EC2::Instance",
        plan.documentContent());
    CfnAssociation.Builder.create(this, "Association")
        .name(document.name())
        // The default version, so that a new version from an update is what State Manager runs next ("If you change a
        // document version for a State Manager association, Systems Manager immediately runs the association",
        // Systems Manager API Reference, UpdateDocumentDefaultVersion).
        .documentVersion("$DEFAULT")
        .associationName(plan.associationName())
        .targets(List.of(CfnAssociation.TargetProperty.builder()
            .key("tag:" + config.tagKey()).values(List.of(config.tagValue())).build()))
        .scheduleExpression(config.schedule())
        .maxConcurrency(MAX_CONCURRENCY)
        .maxErrors(MAX_ERRORS)
        // The association's status is a compliance item of this severity (State Manager association compliance).
        .complianceSeverity("HIGH")
        .build();

    SsmInstanceRole role = new SsmInstanceRole(this, "InstanceRole", SsmInstanceRole.Props
        .of("Credential Guard Windows instances: SSM management, State Manager")
        .withSsmReason("Systems Manager documents AmazonSSMManagedInstanceCore as the instance policy that State Manager"
            + " needs to run the Credential Guard document"));
    launchTemplate = new HardenedLaunchTemplate(this, "LaunchTemplate", HardenedLaunchTemplate.Props
        .of(AmiChoice.windows(plan.amiParameter()), new InstanceType(config.instanceType()))
        .withRootVolumeGiB(config.rootVolumeGiB())
        .withRole(role));
    launchTemplate.cfn().setLaunchTemplateName(plan.launchTemplateName());
    // Instances launched from the template carry the target tag, so the association reaches them when they register.
    Tags.of(launchTemplate.template()).add(config.tagKey(), config.tagValue());

    CfnOutput.Builder.create(this, "LaunchTemplateId")
        .description("Launch template on " + plan.amiParameter() + " (" + config.instanceType() + ")")
        .value(launchTemplate.template().getLaunchTemplateId())
        .build();
    CfnOutput.Builder.create(this, "SendCommandLine")
        .description("One-off run of the document (Run Command) on the instances tagged now")
        .value("aws ssm send-command --region " + getRegion() + " --document-name " + document.name()
            + " --targets 'Key=tag:" + config.tagKey() + ",Values=" + config.tagValue() + "'")
        .build();
  }

  public HardenedLaunchTemplate launchTemplate() {
    return launchTemplate;
  }
}
