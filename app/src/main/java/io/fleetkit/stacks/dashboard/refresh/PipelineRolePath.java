package io.fleetkit.stacks.dashboard.refresh;

import io.fleetkit.constructs.Naming;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.CfnRole;
import software.constructs.IConstruct;

/**
 * Puts every IAM role of the refresh stack (the build role, the pipeline and action roles CDK creates, the
 * events role) under {@link Naming#PIPELINE_ROLE_PATH}, so the data-residency guardrails can exempt them with
 * one ARN pattern ({@code guardrails.deploy_roles.pipeline_roles}). Changing a role's Path replaces the role
 * (AWS::IAM::Role, Path: "Update requires: Replacement"); the logical IDs stay, and every reference to the
 * roles is by ARN (CodeBuild ServiceRole, CodePipeline RoleArn, the action and events role ARNs).
 */
public final class PipelineRolePath implements IAspect {
  /**
   * The CloudFormation validator's E3050 ("Ref to IAM role with Path - use GetAtt .Arn instead") fires on the
   * CodeBuild project's ServiceRole although CDK writes it as Fn::GetAtt Arn; the acknowledgement is app-wide
   * (CDK matches validator acknowledgements by rule name only), so RefreshPipelineStackTest pins that no
   * property of any fleetkit template refers to a pathed role with Ref except instance profiles, which take names.
   */
  static final String VALIDATOR_RULE = "CloudFormation-Validate::E3050";

  private PipelineRolePath() {}

  /** Applies the path to every role of {@code stack}. */
  public static void applyTo(Stack stack) {
    Aspects.of(stack).add(new PipelineRolePath());
    Validations.of(stack).acknowledge(Acknowledgment.builder().id(VALIDATOR_RULE)
        .reason("The CodeBuild project's ServiceRole is Fn::GetAtt <role>.Arn, which E3050 asks for; the rule reports"
            + " it as a Ref to a role with a Path all the same")
        .build());
  }

  @Override
  public void visit(IConstruct node) {
    if (node instanceof CfnRole role) role.setPath(Naming.PIPELINE_ROLE_PATH);
  }
}
