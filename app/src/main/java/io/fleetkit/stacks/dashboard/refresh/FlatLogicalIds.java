package io.fleetkit.stacks.dashboard.refresh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Logical IDs that ignore the grouping constructs of a stack, so resources keep the IDs they had
 * before they were grouped: a changed logical ID makes CloudFormation replace the resource (a new
 * bucket, a new key). Stack.allocateLogicalId is the documented hook for this (aws-cdk-lib API
 * reference, Stack.allocateLogicalId: "this method can be overridden to customize this behavior").
 *
 * <p>The ID is CDK's own scheme (core/lib/private/uniqueid.js in aws-cdk-lib 2.263.0) applied to the
 * path without the grouping constructs: components named "Default" are dropped; a single component is
 * used as is (alphanumerics only); otherwise the human part (duplicates and "Resource" left out,
 * alphanumerics only, at most 240 characters) is followed by the first 8 hex digits of the MD5 of the
 * components joined with "/", upper case. The approved template pins the result.
 */
public final class FlatLogicalIds {
  /** Marks a construct that groups resources without appearing in their logical IDs. */
  public interface Grouping {}

  private static final String HIDDEN_ID = "Default";
  private static final String HIDDEN_FROM_HUMAN_ID = "Resource";
  private static final int MAX_HUMAN_LEN = 240;
  private static final int MAX_ID_LEN = 255;

  private FlatLogicalIds() {}

  /** The logical ID of {@code element} in {@code stack}, as if no {@link Grouping} construct were on its path. */
  public static String of(Stack stack, CfnElement element) {
    List<IConstruct> scopes = element.getNode().getScopes();
    List<String> components = new ArrayList<>();
    boolean inStack = false;
    for (IConstruct scope : scopes) {
      if (!inStack) {
        inStack = scope == stack;
        continue;
      }
      if (scope instanceof Grouping) continue;
      String id = scope.getNode().getId();
      if (!id.equals(HIDDEN_ID)) components.add(id);
    }
    if (components.isEmpty()) throw new IllegalStateException("no path below the stack for " + element.getNode().getPath());
    if (components.size() == 1) {
      String candidate = alphanumeric(components.get(0));
      if (candidate.length() <= MAX_ID_LEN) return candidate;
    }
    StringBuilder human = new StringBuilder();
    String previous = null;
    for (String c : components) {
      boolean dupe = previous != null && previous.endsWith(c);
      if (!dupe) previous = c;
      if (!dupe && !c.equals(HIDDEN_FROM_HUMAN_ID)) human.append(alphanumeric(c));
    }
    String prefix = human.length() > MAX_HUMAN_LEN ? human.substring(0, MAX_HUMAN_LEN) : human.toString();
    return prefix + md5(String.join("/", components)).substring(0, 8).toUpperCase(java.util.Locale.ROOT);
  }

  private static String alphanumeric(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "");
  }

  private static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }
}
