package io.fleetkit.constructs;

import io.fleetkit.config.ProjectConfig;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;

/** Owns stack names, the name prefix and the common tags, so every stack is named alike. */
public final class Naming {
  /** CloudFormation stack names stop at 128 characters. */
  public static final int MAX_STACK_NAME = 128;

  /**
   * The IAM path of every role that fleetkit's pipelines run as (dashboard refresh, Image Builder), so that
   * the guardrails can exempt them with one ARN pattern: a role's ARN carries its path (IAM User Guide,
   * "IAM identifiers": arn:aws:iam::account:role/path/name), and so does aws:PrincipalArn.
   */
  public static final String PIPELINE_ROLE_PATH = "/fleetkit/pipelines/";

  private final String prefix;
  private final Map<String, String> tags;

  public Naming(ProjectConfig project) {
    this.prefix = project.prefix();
    this.tags = project.tags();
  }

  public String prefix() {
    return prefix;
  }

  /** {@code <prefix>-<area>}, such as fleetkit-guardrails. */
  public String stackName(String area) {
    String name = prefix + "-" + area;
    if (name.length() > MAX_STACK_NAME) {
      throw new IllegalArgumentException("stack name " + name + " is longer than " + MAX_STACK_NAME);
    }
    return name;
  }

  /** The common tags plus the fleetkit area, sorted by key for stable templates. */
  public void tag(Stack stack, String area) {
    new java.util.TreeMap<>(tags).forEach((k, v) -> Tags.of(stack).add(k, v));
    Tags.of(stack).add("fleetkit:stack", area);
  }
}
