package io.fleetkit.constructs;

import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataOptions;

/**
 * The one way fleetkit acknowledges findings, always with a specific reason and always scoped to one
 * construct and its children. What the shipped code does (aws-cdk-lib 2.263.0, cdk-nag 3.0.2):
 *
 * <ul>
 *   <li>cdk-nag ({@code NagPack.isAcknowledged}) reads {@code aws:cdk:acknowledged-rules} metadata on the
 *       violating resource and each of its ancestors, strips a leading {@code annotation::} (any case)
 *       from each key and compares the rest with the rule ID exactly: {@code AwsSolutions-S1} or a
 *       granular {@code AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/X]}.</li>
 *   <li>CDK core ({@code collectSuppressions} in core/lib/private/synthesis-validation.js) then collects
 *       every key from the whole app into one map and drops any reported violation whose rule name is
 *       a key: the rule name itself when it contains "::", else {@code <plugin name>::<rule name>}.
 *       No construct path is compared, so a raw granular key ({@code AwsSolutions-IAM5[Resource::*]}) or
 *       a qualified one ({@code AwsSolutions::AwsSolutions-S1}) silences that finding in every stack.</li>
 * </ul>
 *
 * Hence {@link #acknowledge} records {@code Annotation::<finding>}, the key {@code Validations.acknowledge}
 * writes for a plain rule ID: cdk-nag matches it on the construct and its children, and CDK core never
 * matches it against a cdk-nag violation. {@code Validations.acknowledge} itself cannot be used for
 * granular IDs: it rejects IDs with two or more "::" and stores an ID with exactly one "::" raw (app-wide).
 */
public final class NagAcks {
  private NagAcks() {}

  /** The prefix {@code Validations.acknowledge} gives a plain rule ID (AnnotationPlugin.RULE_PREFIX). */
  static final String SCOPED_PREFIX = "Annotation::";

  /** A pack's rule ID ({@code AwsSolutions-S1}, {@code HIPAA.Security-IAMNoInlinePolicy}), optionally with a finding. */
  private static final Pattern FINDING = Pattern.compile("[A-Za-z0-9.]+-[A-Za-z0-9]+(\\[.+])?");

  private static final int MIN_REASON = 20;

  /**
   * Acknowledges a cdk-nag finding on {@code scope} and its children only.
   *
   * @param findingId the rule or finding exactly as cdk-nag reports it, such as {@code AwsSolutions-S1} or
   *     {@code AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]};
   *     never qualified ({@code AwsSolutions::...}, {@code Annotation::...})
   * @param reason why the finding is acceptable here, specific to this construct
   */
  public static void acknowledge(IConstruct scope, String findingId, String reason) {
    if (findingId == null || !FINDING.matcher(findingId).matches()) {
      throw new IllegalArgumentException("not a cdk-nag rule or finding ID as reported (Pack-Rule or Pack-Rule[finding],"
          + " without a Pack:: or Annotation:: qualifier, which would not be scoped): " + findingId);
    }
    requireReason(findingId, reason);
    scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(SCOPED_PREFIX + findingId, reason),
        MetadataOptions.builder().stackTrace(false).build());
  }

  /** Metadata type under which {@link #acknowledgeWarning} keeps its reasons (read by nothing but people). */
  public static final String ACKNOWLEDGED_WARNINGS_METADATA_KEY = "fleetkit:acknowledged-warnings";

  /**
   * Acknowledges a construct annotation warning, such as {@code @aws-cdk/aws-autoscaling:desiredCapacitySet},
   * on {@code scope} and its children only. {@code Annotations.acknowledgeWarning} removes the warnings
   * tagged {@code [ack: <warningId>]} from {@code scope} down and suppresses that ID for warnings added
   * later below {@code scope}. {@code Validations.acknowledge} would not do: it acknowledges
   * {@code Annotation::<warningId>}, which leaves such a warning in place and only hides it from the
   * validation report, in every stack.
   *
   * <p>Call it after the construct that adds the warning exists (the group adds desiredCapacitySet in its
   * constructor).
   *
   * @param warningId the ID the construct passed to {@code addWarningV2}, shown as {@code [ack: <id>]}
   */
  public static void acknowledgeWarning(IConstruct scope, String warningId, String reason) {
    if (warningId == null || warningId.isBlank()) throw new IllegalArgumentException("a warning ID is required");
    requireReason(warningId, reason);
    Annotations.of(scope).acknowledgeWarning(warningId, reason);
    scope.getNode().addMetadata(ACKNOWLEDGED_WARNINGS_METADATA_KEY, Map.of(warningId, reason),
        MetadataOptions.builder().stackTrace(false).build());
  }

  /** The plugin name of CDK's built-in CloudFormation validator (cdk.json: @aws-cdk/core:validateAgainstDefaultRules). */
  public static final String CLOUDFORMATION_VALIDATOR = "CloudFormation-Validate";

  private static final Pattern VALIDATOR_RULE = Pattern.compile("[EFIW]\\d{4}");

  /**
   * Acknowledges a rule of CDK's built-in CloudFormation validator, such as {@code W9010}, for the finding on
   * {@code scope}. CDK core suppresses such a finding by {@code CloudFormation-Validate::<rule>} alone (see the class
   * comment): the metadata sits on {@code scope} with its reason, but it silences that rule in every stack of the
   * app. Use it only for a rule that fleetkit trips on purpose, and say where in the reason.
   */
  public static void acknowledgeValidatorRule(IConstruct scope, String ruleId, String reason) {
    if (ruleId == null || !VALIDATOR_RULE.matcher(ruleId).matches()) {
      throw new IllegalArgumentException("not a CloudFormation validator rule ID such as W9010: " + ruleId);
    }
    requireReason(ruleId, reason);
    scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
        Map.of(CLOUDFORMATION_VALIDATOR + "::" + ruleId, reason), MetadataOptions.builder().stackTrace(false).build());
  }

  private static void requireReason(String id, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an acknowledgement needs a reason: " + id);
    }
    String r = reason.strip();
    if (r.length() < MIN_REASON || r.equalsIgnoreCase(id) || !r.contains(" ")) {
      throw new IllegalArgumentException("the reason for " + id + " must say why it is acceptable here, not just \""
          + r + "\"");
    }
  }
}
