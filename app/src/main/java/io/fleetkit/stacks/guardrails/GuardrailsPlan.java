package io.fleetkit.stacks.guardrails;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.Targets;
import io.fleetkit.inventory.InstanceTypes;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCPs to create, already minified, split to size and checked against the per-target quota, after the
 * cross-check that fleetkit's own deploys are not denied ({@link DeployCheck}). Built before any stack exists,
 * so a limit or lock-out problem is a config error with file and line. Reads the instance types snapshot for
 * {@code nitro_only}.
 */
public record GuardrailsPlan(List<Policy> policies) {
  private static final ObjectMapper JSON = new ObjectMapper();


  /** One AWS::Organizations::Policy. */
  public record Policy(String name, String description, String content, List<String> targetIds) {
    public Policy {
      targetIds = List.copyOf(targetIds);
    }

    /** The content as ordered maps and lists, for the template. */
    public Map<String, Object> document() {
      try {
        return JSON.readValue(content, new TypeReference<LinkedHashMap<String, Object>>() {});
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public GuardrailsPlan {
    policies = List.copyOf(policies);
  }

  public static GuardrailsPlan of(FleetkitConfig config) {
    var g = config.guardrails();
    var limits = config.project().limits();
    List<ConfigError> errors = new ArrayList<>();
    List<ResidencyPolicies.LogicalPolicy> logicalPolicies = new ArrayList<>(ResidencyPolicies.of(config.project().prefix(), g));
    if (g.nitroOnly().enabled()) nitroOnly(config, errors).ifPresent(logicalPolicies::add);
    errors.addAll(DeployCheck.check(config, logicalPolicies));
    List<Policy> policies = new ArrayList<>();
    // target ID → [path of first mention, policies attached]
    Map<String, Object[]> perTarget = new LinkedHashMap<>();
    for (var logical : logicalPolicies) {
      List<ScpPacker.PackedPolicy> packed;
      try {
        packed = ScpPacker.pack(logical.name(), logical.description(), logical.statements(), limits.scpMaxChars());
      } catch (ScpPacker.TooLarge e) {
        errors.add(config.source().error(logical.configPath(), e.getMessage()
            + " (expected fewer subnet_arns, zones or exempt_principal_arns, fewer deploy_roles, or a larger"
            + " project.limits.scp_max_chars)"));
        continue;
      }
      List<Targets.Target> targets = logical.targets().all(logical.configPath() + ".targets");
      List<String> ids = targets.stream().map(Targets.Target::id).distinct().toList();
      for (var p : packed) policies.add(new Policy(p.name(), p.description(), p.content(), ids));
      for (var t : targets) {
        Object[] entry = perTarget.computeIfAbsent(t.id(), k -> new Object[] {t.path(), 0});
        entry[1] = (int) entry[1] + packed.size();
      }
    }
    perTarget.forEach((id, entry) -> {
      int total = g.attachedPoliciesPerTarget() + (int) entry[1];
      if (total > limits.scpsPerTarget()) {
        errors.add(config.source().error((String) entry[0], "target " + id + " would have " + total
            + " SCPs attached: " + g.attachedPoliciesPerTarget()
            + " already (guardrails.attached_policies_per_target, FullAWSAccess included) + " + entry[1]
            + " from fleetkit (expected at most " + limits.scpsPerTarget() + ", project.limits.scps_per_target)"));
      }
    });
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new GuardrailsPlan(policies);
  }

  /** The Nitro-only policy from the instance types snapshot; a snapshot problem is an error at its key. */
  private static java.util.Optional<ResidencyPolicies.LogicalPolicy> nitroOnly(FleetkitConfig config, List<ConfigError> errors) {
    var g = config.guardrails();
    String at = "guardrails.nitro_only.snapshot";
    InstanceTypes snapshot;
    try {
      snapshot = InstanceTypes.read(Path.of(g.nitroOnly().snapshot()));
    } catch (SnapshotException e) {
      errors.add(config.source().error(at, e.getMessage()));
      return java.util.Optional.empty();
    }
    if (!snapshot.partition().equals(g.partition())) {
      errors.add(config.source().error(at, g.nitroOnly().snapshot() + " was recorded in partition " + snapshot.partition()
          + " (expected a snapshot of partition " + g.partition() + ": bin/fleetkit nitro-audit --region <region> --snapshot "
          + g.nitroOnly().snapshot() + ")"));
      return java.util.Optional.empty();
    }
    List<String> patterns = NitroOnlyPolicy.patterns(snapshot);
    if (patterns.isEmpty()) {
      errors.add(config.source().error(at, g.nitroOnly().snapshot() + " records no Xen-based instance type in "
          + String.join(", ", snapshot.regions().keySet()) + ", so nitro_only would deny nothing (expected nitro_only turned"
          + " off, or a snapshot of a Region that offers Xen types)"));
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(NitroOnlyPolicy.of(config.project().prefix(), g, patterns));
  }
}
