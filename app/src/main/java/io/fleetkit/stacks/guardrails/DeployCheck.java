package io.fleetkit.stacks.guardrails;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.GuardrailsConfig;
import io.fleetkit.config.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The synth-time cross-check: for each step of fleetkit's own deploy path ({@link DeployPath}) in the project's
 * account, whether a guardrail statement that reaches that account would deny it. Synth never asks AWS
 * Organizations, so an account reaches a policy when the policy names it, or when config places it in one of the
 * policy's OUs ({@code guardrails.deploy_check.accounts}). When config does not say where the account sits, or
 * does not name the account at all, the check assumes the policy may reach it and says so: it reports what
 * would be denied rather than stay silent.
 */
final class DeployCheck {
  private static final String AT = "guardrails.deploy_roles";

  private DeployCheck() {}

  /** How a policy reaches the deploy account, in words; {@code certain} is false when config cannot tell. */
  record Reach(boolean certain, String how) {}

  static List<ConfigError> check(FleetkitConfig c, List<ResidencyPolicies.LogicalPolicy> policies) {
    GuardrailsConfig g = c.guardrails();
    List<ConfigError> errors = new ArrayList<>();
    List<String> accept = g.deployCheck().accept();
    for (int i = 0; i < accept.size(); i++) {
      if (!DeployPath.IDS.contains(accept.get(i))) {
        errors.add(c.source().error("guardrails.deploy_check.accept[" + i + "]", "\"" + accept.get(i)
            + "\" is not a deploy step (expected one of: " + String.join(", ", DeployPath.IDS) + ")"));
      }
    }
    Optional<String> account = c.project().account();
    String region = c.project().region().orElse("<region>");
    for (DeployPath.Step step : DeployPath.of(c, account.orElse("<account>"), region)) {
      if (accept.contains(step.id())) continue;
      List<String> denials = new ArrayList<>();
      for (var policy : policies) {
        Optional<Reach> reach = reach(g, policy, account);
        if (reach.isEmpty()) continue;
        for (ScpStatement s : policy.statements()) {
          if (ScpEvaluator.denies(s, step.request())) {
            denials.add(s.sid() + " of " + policy.name() + " (" + reach.get().how() + ")");
          }
        }
      }
      if (denials.isEmpty()) continue;
      errors.add(c.source().error(AT, String.join(", ", step.stacks()) + ": " + step.what() + " ("
          + step.request().action() + ") would be denied by " + String.join("; ", denials) + " (expected " + step.fix()
          + ", or \"" + step.id() + "\" in guardrails.deploy_check.accept)"));
    }
    return errors;
  }

  /** Whether and how {@code policy} reaches the deploy account; empty when config shows it does not. */
  static Optional<Reach> reach(GuardrailsConfig g, ResidencyPolicies.LogicalPolicy policy, Optional<String> account) {
    Targets t = policy.targets();
    String targets = policy.configPath() + ".targets";
    if (account.isEmpty()) {
      return Optional.of(new Reach(false, "in the deploy account if " + targets + " reaches it; project.account does not"
          + " name the account, so synth cannot tell"));
    }
    String a = account.get();
    int direct = t.accounts().indexOf(a);
    if (direct >= 0) return Optional.of(new Reach(true, "account " + a + ", a target of " + targets + ".accounts[" + direct + "]"));
    var placements = g.deployCheck().accounts();
    for (int i = 0; i < placements.size(); i++) {
      if (!placements.get(i).account().equals(a)) continue;
      for (String ou : placements.get(i).organizationalUnits()) {
        int j = t.organizationalUnits().indexOf(ou);
        if (j >= 0) {
          return Optional.of(new Reach(true, "account " + a + " in " + ou + " (guardrails.deploy_check.accounts[" + i
              + "]), a target of " + targets + ".organizational_units[" + j + "]"));
        }
      }
      return Optional.empty();
    }
    if (t.organizationalUnits().isEmpty()) return Optional.empty();
    return Optional.of(new Reach(false, "account " + a + " if it sits in " + String.join(" or ", t.organizationalUnits())
        + " of " + targets + "; synth cannot tell until guardrails.deploy_check.accounts lists its OUs"));
  }
}
