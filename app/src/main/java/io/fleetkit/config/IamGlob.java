package io.fleetkit.config;

/**
 * IAM's wildcard matching, for checks that must agree with how AWS evaluates a policy: {@code *} matches
 * any run of characters and {@code ?} one character (IAM User Guide, "IAM JSON policy elements: Condition
 * operators", String and ARN condition operators). The ARN operators match each colon-delimited component on
 * its own, so a wildcard never spans a colon there; the string operators match the whole value.
 */
public final class IamGlob {
  private IamGlob() {}

  /** StringLike: the whole value, case-sensitive. */
  public static boolean matchesText(String pattern, String value) {
    return glob(pattern, 0, value, 0);
  }

  /** ArnLike: each of the six ARN components on its own (the resource part keeps its own colons). */
  public static boolean matchesArn(String pattern, String arn) {
    String[] p = pattern.split(":", 6);
    String[] a = arn.split(":", 6);
    if (p.length != 6 || a.length != 6) return false;
    for (int i = 0; i < 6; i++) {
      if (!glob(p[i], 0, a[i], 0)) return false;
    }
    return true;
  }

  private static boolean glob(String p, int pi, String v, int vi) {
    // Iterative matching with one backtracking point for the last star: linear in practice, no recursion depth.
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
        pi++;
        vi++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') pi++;
    return pi == p.length();
  }
}
