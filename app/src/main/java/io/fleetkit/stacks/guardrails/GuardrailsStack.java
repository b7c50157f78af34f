package io.fleetkit.stacks.guardrails;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.organizations.CfnPolicy;
import software.constructs.Construct;

/**
 * Data-residency SCPs for Outposts and Local Zones. Deploy it in the Organizations management
 * account (or a delegated administrator for policies).
 */
public class GuardrailsStack extends Stack {

  public GuardrailsStack(Construct scope, String id, StackProps props, GuardrailsPlan plan) {
    super(scope, id, props);
    for (var policy : plan.policies()) {
      CfnPolicy scp = CfnPolicy.Builder.create(this, policy.name())
          .name(policy.name())
          .description(policy.description())
          .type("SERVICE_CONTROL_POLICY")
          // An object, as the CloudFormation docs recommend for drift detection; CloudFormation sends
          // it compact, which is the minified size the plan checked.
          .content(policy.document())
          .targetIds(policy.targetIds())
          .build();
      CfnOutput.Builder.create(this, policy.name() + "-id")
          .description("Policy ID of " + policy.name())
          .value(scp.getAttrId())
          .build();
    }
  }
}
