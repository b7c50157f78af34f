package io.fleetkit.stacks.guardrails;

import io.fleetkit.config.GuardrailsConfig;
import io.fleetkit.inventory.InstanceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Nitro-only SCP: ec2:RunInstances is denied when ec2:InstanceType, a condition key of the instance
 * resource of RunInstances (Service Authorization Reference, Amazon EC2), is a type that the instance types
 * snapshot records with the Xen hypervisor (EC2 DescribeInstanceTypes, Hypervisor). Bare metal types have no
 * hypervisor and stay allowed.
 */
public final class NitroOnlyPolicy {
  static final String SID = "DenyXenInstanceTypes";

  private NitroOnlyPolicy() {}

  /**
   * The StringLike values that match exactly the recorded Xen types: {@code family.*} for a family whose every
   * recorded type is Xen (m4, t2, ...), otherwise each Xen type (i3.large, but not i3.metal). Sorted.
   */
  public static List<String> patterns(InstanceTypes snapshot) {
    Map<String, List<String>> xenByFamily = new LinkedHashMap<>();
    Map<String, Integer> allByFamily = new LinkedHashMap<>();
    for (String type : snapshot.allTypes()) allByFamily.merge(family(type), 1, Integer::sum);
    for (String type : snapshot.xenTypes()) xenByFamily.computeIfAbsent(family(type), f -> new ArrayList<>()).add(type);
    List<String> out = new ArrayList<>();
    xenByFamily.forEach((family, types) -> {
      if (types.size() == allByFamily.get(family)) out.add(family + ".*");
      else out.addAll(types);
    });
    return out.stream().sorted().toList();
  }

  /** The instance family, the part before the dot (x1e of x1e.xlarge, u-6tb1 of u-6tb1.metal). */
  static String family(String type) {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  static ResidencyPolicies.LogicalPolicy of(String prefix, GuardrailsConfig g, List<String> patterns) {
    ScpStatement deny = ScpStatement.deny(SID, List.of("ec2:RunInstances"), "arn:" + g.partition() + ":ec2:*:*:instance/*")
        .withCondition("StringLike", "ec2:InstanceType", patterns);
    return new ResidencyPolicies.LogicalPolicy(prefix + "-nitro-only",
        "Nitro only: deny launching instance types that run on the Xen hypervisor",
        ResidencyPolicies.exempt(g, List.of(deny)), g.nitroOnly().targets(), "guardrails.nitro_only");
  }
}
