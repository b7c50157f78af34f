package io.fleetkit.config;

import java.util.List;
import java.util.regex.Pattern;

/** Shared meaning checks (layer 2). Each reports against a key path and returns whether it passed. */
public final class Checks {
  public static final List<String> PARTITIONS = List.of("aws", "aws-us-gov", "aws-cn");

  /**
   * The root device name of Amazon Linux 2023 AMIs, fleetkit's default image. An HVM AMI's root device is
   * "/dev/sda1 or /dev/xvda", which "differs by AMI" (EC2 User Guide, "Device names for volumes on Amazon EC2
   * instances"); a block device mapping under any other name adds a second volume and leaves the root as the
   * AMI made it.
   */
  public static final String AMAZON_LINUX_ROOT_DEVICE = "/dev/xvda";
  public static final List<String> ROOT_DEVICES = List.of(AMAZON_LINUX_ROOT_DEVICE, "/dev/sda1");

  // Pattern from the Organizations API (AWS::Organizations::Policy TargetIds).
  private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\\d");
  private static final Pattern ARN = Pattern.compile("arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-*]*):(\\d{12}|\\*)?:(.+)");

  private Checks() {}

  public static boolean accountId(Problems p, String path, String value) {
    if (ACCOUNT_ID.matcher(value).matches()) return true;
    p.error(path, "\"" + value + "\" is not an AWS account ID (expected 12 digits, quoted to keep leading zeros)");
    return false;
  }

  public static boolean ouId(Problems p, String path, String value) {
    if (OU_ID.matcher(value).matches()) return true;
    p.error(path, "\"" + value + "\" is not an organizational unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)");
    return false;
  }

  public static boolean region(Problems p, String path, String value) {
    if (REGION.matcher(value).matches()) return true;
    p.error(path, "\"" + value + "\" is not an AWS Region name (expected a name such as us-east-1)");
    return false;
  }

  public static boolean oneOf(Problems p, String path, String value, List<String> allowed) {
    if (allowed.contains(value)) return true;
    String hint = Suggest.closest(value, allowed).map(s -> "did you mean \"" + s + "\"? ").orElse("");
    p.error(path, "\"" + value + "\" is not allowed (" + hint + "expected one of: " + String.join(", ", allowed) + ")");
    return false;
  }

  public static boolean range(Problems p, String path, long value, long min, long max) {
    if (value >= min && value <= max) return true;
    p.error(path, value + " is out of range (expected " + min + " to " + max + ")");
    return false;
  }

  /**
   * An ARN of {@code service} whose resource part matches {@code resource}, in {@code partition}.
   * {@code what} names the expected shape in the message.
   */
  public static boolean arn(Problems p, String path, String value, String partition, String service,
      Pattern resource, String what) {
    var m = ARN.matcher(value);
    if (!m.matches() || !m.group(2).equals(service) || !resource.matcher(m.group(5)).matches()) {
      p.error(path, "\"" + value + "\" is not " + what);
      return false;
    }
    if (!m.group(1).equals(partition)) {
      // Shared by every section: the caller decides the partition (guardrails.partition, or the Region's).
      p.error(path, "\"" + value + "\" is in partition \"" + m.group(1) + "\" (expected partition \"" + partition
          + "\")");
      return false;
    }
    return true;
  }

  /** The partition of a Region: GovCloud and China have their own. */
  public static String partitionOf(String region) {
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("cn-")) return "aws-cn";
    return "aws";
  }
}
