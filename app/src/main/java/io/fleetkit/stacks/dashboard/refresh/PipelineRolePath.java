package io.fleetkit.stacks.dashboard.refresh;

import io.fleetkit.constructs.Naming;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.iam.CfnRole;
import software.constructs.IConstruct;

/**
 * Puts every IAM role of the refresh stack (the build role, the pipeline and action roles CDK creates, the
 * events role) under {@link Naming#PIPELINE_ROLE_PATH}, so the data-residency guardrails can exempt them with
 * one ARN pattern ({@code guardrails.deploy_roles.pipeline_roles}). Changing a role's Path replaces the role
 * (AWS::IAM::Role, Path: "Update requires: Replacement"); the logical IDs stay, and nothing else refers to the
 * roles by name.
 */
public final class PipelineRolePath implements IAspect {
  @Override
  public void visit(IConstruct node) {
    if (node instanceof CfnRole role) role.setPath(Naming.PIPELINE_ROLE_PATH);
  }
}
