package io.fleetkit.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;

/**
 * The key policy statement AWS Control Tower's CT.KMS.PR.3 asks of every KMS key ("Require an AWS KMS key
 * policy to have a statement that limits creation of AWS KMS grants to AWS services", Control Tower
 * controls reference, KMS controls): deny {@code kms:CreateGrant} to every principal unless the grant is
 * for an AWS resource or the caller is an AWS service ({@code BoolIfExists} on {@code kms:GrantIsForAWSResource}
 * and {@code aws:PrincipalIsAWSService}, both "false"; AWS KMS developer guide, "Grants in AWS KMS").
 * fleetkit's keys are used by CloudWatch Logs, SNS, S3, CodeBuild and CodePipeline with key policy or IAM
 * permissions, none of which creates a grant as a direct call.
 */
public final class KeyGrants {
  private KeyGrants() {}

  public static final String SID = "CreateGrantOnlyForAwsServices";

  /** Adds the statement to the key's policy. */
  public static void onlyForAwsServices(Key key) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid(SID)
        .effect(Effect.DENY)
        .principals(List.of(new AnyPrincipal()))
        .actions(List.of("kms:CreateGrant"))
        .resources(List.of("*"))
        .conditions(Map.of("BoolIfExists",
            Ordered.map("kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false")))
        .build());
  }
}
