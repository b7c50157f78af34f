package io.fleetkit.stacks.guardrails;

import io.fleetkit.config.IamGlob;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether one of fleetkit's own Deny statements matches a request, with IAM's rules for the few
 * operators those statements use (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements:
 * Condition operators"): action names match case-insensitively with wildcards, resources as ARNs component by
 * component, and every condition must hold. A negated operator on a key the request lacks holds; a positive one
 * does not; {@code Null: true} holds when the key is absent. The SCP simulation in the tests checks the same
 * statements with an independent IAM simulator.
 */
public final class ScpEvaluator {
  private ScpEvaluator() {}

  /**
   * A request: who calls, which action on which resource, and the condition keys it carries (a key that is
   * not in {@code context} is absent from the request).
   */
  public record Request(String principalArn, String action, String resource, Map<String, String> context) {}

  /** The condition operators this evaluator applies IAM's rules for. */
  public static final List<String> OPERATORS = List.of("StringEquals", "StringNotEquals", "StringLike", "ArnLike",
      "ArnNotLike", "Null");

  /** Whether {@link #denies} can decide {@code s}: every condition operator is one of {@link #OPERATORS}. */
  public static boolean evaluates(ScpStatement s) {
    return OPERATORS.containsAll(s.conditions().keySet());
  }

  /** Whether {@code s} denies {@code r}. */
  public static boolean denies(ScpStatement s, Request r) {
    boolean action = s.actions().stream().anyMatch(a -> IamGlob.matchesText(a.toLowerCase(Locale.ROOT),
        r.action().toLowerCase(Locale.ROOT)));
    boolean resource = s.resources().stream().anyMatch(p -> p.equals("*") || IamGlob.matchesArn(p, r.resource()));
    if (!action || !resource) return false;
    for (var op : s.conditions().entrySet()) {
      for (var kv : op.getValue().entrySet()) {
        if (!holds(op.getKey(), value(kv.getKey(), r), values(kv.getValue()))) return false;
      }
    }
    return true;
  }

  private static String value(String key, Request r) {
    if (key.equals("aws:PrincipalArn")) return r.principalArn();
    return r.context().get(key);
  }

  private static List<String> values(Object v) {
    if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(v));
  }

  private static boolean holds(String operator, String actual, List<String> expected) {
    return switch (operator) {
      case "StringEquals" -> actual != null && expected.contains(actual);
      case "StringNotEquals" -> actual == null || !expected.contains(actual);
      case "StringLike" -> actual != null && expected.stream().anyMatch(p -> IamGlob.matchesText(p, actual));
      case "ArnLike" -> actual != null && expected.stream().anyMatch(p -> IamGlob.matchesArn(p, actual));
      case "ArnNotLike" -> actual == null || expected.stream().noneMatch(p -> IamGlob.matchesArn(p, actual));
      case "Null" -> (actual == null) == Boolean.parseBoolean(expected.get(0));
      default -> throw new IllegalStateException("ScpEvaluator does not know the operator " + operator
          + "; add it with IAM's rule before a statement uses it");
    };
  }
}
