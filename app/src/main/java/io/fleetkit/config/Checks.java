package io.fleetkit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shared meaning checks (layer 2), for readers and plans alike. Each reports one line against a key path
 * through a {@link Report} ({@link Problems} while loading; {@code config.source().into(errors)} in a plan)
 * and returns whether the value passed. Names that AWS defines (instance types, Regions, partitions) are
 * checked against what the AWS SDK knows ({@link AwsNames}); CIDR blocks go through the one strict parser
 * ({@link Cidr}); text that reaches a template is checked against CloudFormation's documented patterns.
 */
public final class Checks {
  /** Every partition of the AWS SDK's Region metadata. */
  public static final List<String> PARTITIONS = List.copyOf(AwsNames.get().partitions());

  /**
   * The root device name of Amazon Linux 2023 AMIs, fleetkit's default image. An HVM AMI's root device is
   * "/dev/sda1 or /dev/xvda", which "differs by AMI" (EC2 User Guide, "Device names for volumes on Amazon EC2
   * instances"); a block device mapping under any other name adds a second volume and leaves the root as the
   * AMI made it.
   */
  public static final String AMAZON_LINUX_ROOT_DEVICE = "/dev/xvda";
  public static final List<String> ROOT_DEVICES = List.of(AMAZON_LINUX_ROOT_DEVICE, "/dev/sda1");

  /** Tag keys: 1-128 characters (CloudFormation resource Tag, and the Tagging API). */
  public static final int TAG_KEY_MAX = 128;
  /** Tag values: 0-256 characters. */
  public static final int TAG_VALUE_MAX = 256;
  /**
   * Characters of tag keys and values: "Unicode letters, digits, white space, and _ . : / = + - @" (CloudFormation
   * resource Tag pattern {@code ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$}).
   */
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  // Pattern from the Organizations API (AWS::Organizations::Policy TargetIds).
  private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ARN = Pattern.compile("arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-*]*):(\\d{12}|\\*)?:(.+)");
  /** family.size as EC2 writes them, such as m5.large or u-6tb1.metal; for the message of a type AWS does not know. */
  private static final Pattern TYPE_FORM = Pattern.compile("([a-z][a-z0-9-]*)\\.([a-z0-9-]+)");

  private Checks() {}

  public static boolean accountId(Report p, String path, String value) {
    if (ACCOUNT_ID.matcher(value).matches()) return true;
    p.error(path, "\"" + value + "\" is not an AWS account ID (expected 12 digits, quoted to keep leading zeros)");
    return false;
  }

  public static boolean ouId(Report p, String path, String value) {
    if (OU_ID.matcher(value).matches()) return true;
    p.error(path, "\"" + value + "\" is not an organizational unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)");
    return false;
  }

  /** A Region that the AWS SDK's Region metadata lists, such as us-east-1. */
  public static boolean region(Report p, String path, String value) {
    AwsNames names = AwsNames.get();
    if (names.isRegion(value)) return true;
    String hint = Suggest.closest(value, names.regions().keySet()).map(s -> "did you mean \"" + s + "\"? ").orElse("");
    p.error(path, "\"" + value + "\" is not an AWS Region (" + hint + "expected a Region that " + names.source()
        + " lists, such as us-east-1)");
    return false;
  }

  /** A partition of the AWS SDK's Region metadata: aws, aws-cn, aws-us-gov, ... */
  public static boolean partition(Report p, String path, String value) {
    return oneOf(p, path, value, PARTITIONS);
  }

  /**
   * An EC2 instance type that the AWS SDK's EC2 model lists ({@code InstanceType}), with a "did you mean" from the
   * same family, or from every type.
   */
  public static boolean instanceType(Report p, String path, String value) {
    AwsNames names = AwsNames.get();
    if (names.isInstanceType(value)) return true;
    var form = TYPE_FORM.matcher(value);
    List<String> family = new ArrayList<>();
    if (form.matches()) {
      String prefix = form.group(1) + ".";
      names.instanceTypes().tailSet(prefix).stream().takeWhile(t -> t.startsWith(prefix)).forEach(family::add);
    }
    Optional<String> near = Suggest.closest(value, names.instanceTypes());
    if (near.isEmpty() && !family.isEmpty()) near = Suggest.closest(value, family);
    String hint = near.map(s -> "did you mean \"" + s + "\"? ").orElse("");
    String expected = family.isEmpty() ? "a type that " + names.source() + " lists, such as m5.large"
        : "a size of " + value.substring(0, value.indexOf('.')) + ": " + String.join(", ", family);
    p.error(path, "\"" + value + "\" is not an EC2 instance type (" + hint + "expected " + expected + ")");
    return false;
  }

  /**
   * A CIDR block that the one strict parser accepts under {@code rules}: octets 0-255, prefix in range, host bits
   * zero, /0 only where the rules allow every address.
   */
  public static Optional<Cidr> cidr(Report p, String path, String value, Cidr.Rules rules) {
    Cidr.Parsed parsed = Cidr.read(value, rules);
    if (parsed.cidr().isEmpty()) p.error(path, parsed.problem());
    return parsed.cidr();
  }

  /**
   * A list of EC2 resource IDs of {@code kind}: each checked at {@code path[i]}, and none listed twice. Returns the
   * IDs that passed, once each, in order.
   */
  public static List<String> ec2Ids(Report p, String path, List<String> values, Ec2IdKind kind) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String item = path + "[" + i + "]";
      if (ec2Id(p, item, values.get(i), kind) && !seen.add(values.get(i))) {
        p.error(item, "\"" + values.get(i) + "\" is listed twice (expected distinct IDs)");
      }
    }
    return List.copyOf(seen);
  }

  /**
   * A list of CIDR blocks under {@code rules} ({@link #cidr} each, at {@code path[i]}) of which no two overlap. A /0,
   * where the rules allow it, means every address and is not compared. Returns the blocks that parse, in order.
   */
  public static List<Cidr> cidrs(Report p, String path, List<String> values, Cidr.Rules rules) {
    List<Cidr> parsed = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String item = path + "[" + i + "]";
      Optional<Cidr> c = cidr(p, item, values.get(i), rules);
      if (c.isEmpty()) continue;
      for (int j = 0; j < parsed.size(); j++) {
        if (parsed.get(j).prefix() == 0 || c.get().prefix() == 0) continue;
        if (parsed.get(j).overlaps(c.get())) {
          p.error(item, c.get() + " overlaps " + parsed.get(j) + " of item " + at.get(j)
              + " (expected blocks that do not overlap)");
        }
      }
      parsed.add(c.get());
      at.add(i);
    }
    return parsed;
  }

  /** A tag key as CloudFormation and the Tagging API accept it: 1-128 letters, digits, spaces, {@code _ . : / = + - @}, not aws:. */
  public static boolean tagKey(Report p, String path, String key) {
    int n = key.codePointCount(0, key.length());
    String why = n == 0 ? "it is empty"
        : n > TAG_KEY_MAX ? "it is " + n + " characters"
        : key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:") ? "the aws: prefix is reserved for AWS"
        : badTagCharacter(key);
    if (why == null) return true;
    p.error(path, quote(key) + " is not a tag key: " + why + " (expected 1-" + TAG_KEY_MAX
        + " letters, digits, spaces and _ . : / = + - @, not starting with aws:)");
    return false;
  }

  /** A tag value as CloudFormation accepts it: 0-256 letters, digits, spaces and {@code _ . : / = + - @}. */
  public static boolean tagValue(Report p, String path, String value) {
    int n = value.codePointCount(0, value.length());
    String why = n > TAG_VALUE_MAX ? "it is " + n + " characters" : badTagCharacter(value);
    if (why == null) return true;
    p.error(path, quote(value) + " is not a tag value: " + why + " (expected 0-" + TAG_VALUE_MAX
        + " letters, digits, spaces and _ . : / = + - @)");
    return false;
  }

  private static String badTagCharacter(String text) {
    if (TAG_TEXT.matcher(text).matches()) return null;
    int bad = text.codePoints().filter(c -> !TAG_TEXT.matcher(new String(Character.toChars(c))).matches()).findFirst().orElse('?');
    return "it contains " + describe(bad);
  }

  /**
   * What a name or description accepts, from the CloudFormation property it becomes.
   *
   * @param what the kind of text in messages, such as "a component description"
   * @param pattern the characters and shape accepted, whole text
   * @param expected the "(expected ...)" of the message, such as "1-1024 characters"
   */
  public record TextRule(String what, int min, int max, Pattern pattern, String expected) {
    /** Any printable text of {@code min} to {@code max} characters, such as a description. */
    public static TextRule length(String what, int min, int max) {
      return new TextRule(what, min, max, Pattern.compile("(?s).*"), min + "-" + max + " characters");
    }
  }

  /** Text that follows {@code rule}: its length in characters and its pattern. */
  public static boolean text(Report p, String path, String value, TextRule rule) {
    int n = value.codePointCount(0, value.length());
    String why = n == 0 && rule.min() > 0 ? "it is empty"
        : n < rule.min() || n > rule.max() ? "it is " + n + " characters"
        : !rule.pattern().matcher(value).matches() ? "it does not match " + rule.pattern().pattern() : null;
    if (why == null) return true;
    p.error(path, quote(value) + " is not " + rule.what() + ": " + why + " (expected " + rule.expected() + ")");
    return false;
  }

  public static boolean oneOf(Report p, String path, String value, List<String> allowed) {
    if (allowed.contains(value)) return true;
    String hint = Suggest.closest(value, allowed).map(s -> "did you mean \"" + s + "\"? ").orElse("");
    p.error(path, "\"" + value + "\" is not allowed (" + hint + "expected one of: " + String.join(", ", allowed) + ")");
    return false;
  }

  public static boolean range(Report p, String path, long value, long min, long max) {
    if (value >= min && value <= max) return true;
    p.error(path, value + " is out of range (expected " + min + " to " + max + ")");
    return false;
  }

  /**
   * An ARN of {@code service} whose resource part matches {@code resource}, in {@code partition}.
   * {@code what} names the expected shape in the message.
   */
  public static boolean arn(Report p, String path, String value, String partition, String service,
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

  /**
   * The partition of a Region, from the AWS SDK's Region metadata; for a name the SDK does not know (already an
   * error of its own), the partition its prefix suggests.
   */
  public static String partitionOf(String region) {
    return AwsNames.get().partitionOf(region).orElseGet(() -> {
      if (region.startsWith("us-gov-")) return "aws-us-gov";
      if (region.startsWith("cn-")) return "aws-cn";
      return "aws";
    });
  }

  /** The text quoted for a message, with control characters shown as escapes so the line stays one line. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    String shown = text.length() > 80 ? text.substring(0, 60) + "..." : text;
    shown.codePoints().forEach(c -> {
      boolean lone = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
      if (Character.isISOControl(c) || lone) b.append(String.format("\\u%04X", c));
      else b.appendCodePoint(c);
    });
    return b.append('"').toString();
  }

  /** An EC2 resource ID of {@code kind}, such as i-0a1b2c3d4e5f60001 for an instance. */
  public static boolean ec2Id(Report p, String path, String value, Ec2IdKind kind) {
    if (kind.matches(value)) return true;
    p.error(path, kind.problem(value));
    return false;
  }

  /** A character for a message: itself and its code point, such as '#' (U+0023). */
  static String describe(int c) {
    String shown = Character.isISOControl(c) || Character.isWhitespace(c) ? "" : "'" + new String(Character.toChars(c)) + "' ";
    return shown + String.format("(U+%04X)", c);
  }
}
