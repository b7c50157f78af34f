package io.fleetkit.constructs;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.RoleProps;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * An EC2 instance role for Systems Manager: AmazonSSMManagedInstanceCore (Session Manager instead of
 * SSH, State Manager, Run Command) plus any other AWS managed policies the instances need, each with the
 * cdk-nag acknowledgement (AwsSolutions-IAM4) and its reason recorded on this role.
 *
 * <p>It is the {@link Role} itself (not a wrapper), so its construct path and logical ID are those of a
 * plain Role with the same id.
 */
public class SsmInstanceRole extends Role {
  /** "The managed policy that enables an instance to use Systems Manager service core functionality" (SSM User Guide). */
  public static final String SSM_CORE = "AmazonSSMManagedInstanceCore";
  static final String DEFAULT_SSM_REASON = "AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager,"
      + " which replaces SSH on these instances";

  /** An AWS managed policy on the role and why cdk-nag's AwsSolutions-IAM4 finding is acceptable for it. */
  public record ManagedPolicyUse(String name, String reason) {}

  /**
   * @param managedPolicies in the order of the template's ManagedPolicyArns; always holds {@link #SSM_CORE}
   */
  public record Props(String description, List<ManagedPolicyUse> managedPolicies) {
    public Props {
      managedPolicies = List.copyOf(managedPolicies);
      if (managedPolicies.stream().filter(p -> p.name().equals(SSM_CORE)).count() != 1
          || managedPolicies.stream().map(ManagedPolicyUse::name).distinct().count() != managedPolicies.size()) {
        throw new IllegalArgumentException("an SSM instance role holds " + SSM_CORE + " once and each other policy once: "
            + managedPolicies);
      }
    }

    /** AmazonSSMManagedInstanceCore alone, with the standard reason. */
    public static Props of(String description) {
      return new Props(description, List.of(new ManagedPolicyUse(SSM_CORE, DEFAULT_SSM_REASON)));
    }

    /** Says more specifically why these instances need AmazonSSMManagedInstanceCore. */
    public Props withSsmReason(String reason) {
      return new Props(description, managedPolicies.stream()
          .map(p -> p.name().equals(SSM_CORE) ? new ManagedPolicyUse(SSM_CORE, reason) : p).toList());
    }

    /** Adds an AWS managed policy after those already listed. */
    public Props withManagedPolicy(String name, String reason) {
      List<ManagedPolicyUse> all = new ArrayList<>(managedPolicies);
      all.add(new ManagedPolicyUse(name, reason));
      return new Props(description, all);
    }

    /** Adds an AWS managed policy before those already listed (a role that exists keeps its policy order). */
    public Props withManagedPolicyFirst(String name, String reason) {
      List<ManagedPolicyUse> all = new ArrayList<>();
      all.add(new ManagedPolicyUse(name, reason));
      all.addAll(managedPolicies);
      return new Props(description, all);
    }
  }

  public SsmInstanceRole(Construct scope, String id, Props props) {
    super(scope, id, RoleProps.builder()
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description(props.description())
        .managedPolicies(props.managedPolicies().stream()
            .map(p -> ManagedPolicy.fromAwsManagedPolicyName(p.name())).toList())
        .build());
    for (ManagedPolicyUse p : props.managedPolicies()) {
      NagAcks.acknowledge(this, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/" + p.name() + "]",
          p.reason());
    }
  }
}
