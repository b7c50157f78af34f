package io.fleetkit.constructs;

import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataOptions;

/**
 * cdk-nag acknowledgements, each with a specific reason. Rule IDs go through
 * {@code Validations.acknowledge}. Granular findings whose ID embeds "::" (IAM4 managed-policy ARNs,
 * IAM5 resources) are rejected by that API (cdklabs/cdk-nag#2351, #2359), so they are written to the
 * same metadata key that cdk-nag's NagPack.isAcknowledged reads, exactly as the finding is reported.
 */
public final class NagAcks {
  private NagAcks() {}

  /**
   * @param id a rule or finding as cdk-nag reports it without its pack prefix, such as AwsSolutions-S1 or
   *     AwsSolutions-IAM4[Policy::arn:&lt;AWS::Partition&gt;:iam::aws:policy/AmazonSSMManagedInstanceCore]
   */
  public static void acknowledge(IConstruct scope, String id, String reason) {
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("an acknowledgement needs a reason: " + id);
    if (!id.contains("::")) {
      Validations.of(scope).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
      return;
    }
    scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(id, reason),
        MetadataOptions.builder().stackTrace(false).build());
  }
}
