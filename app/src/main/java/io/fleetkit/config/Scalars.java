package io.fleetkit.config;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * What a YAML scalar says, read the way YAML 1.1 (SnakeYAML's resolver) defines it, never trusting a tag: an
 * explicit {@code !!bool maybe} or {@code !!int abc} is not a boolean or a number, and {@code 0x1400} is 5120.
 */
final class Scalars {
  private static final String CORE = "tag:yaml.org,2002:";

  private Scalars() {}

  /** The tags a plain YAML value can carry; anything else ({@code !!binary}, {@code !custom}) is not config. */
  static boolean coreScalarTag(Tag t) {
    return t.equals(Tag.STR) || t.equals(Tag.INT) || t.equals(Tag.FLOAT) || t.equals(Tag.BOOL)
        || t.equals(Tag.NULL) || t.equals(Tag.TIMESTAMP);
  }

  /** Whether the value is one that its tag stands for (a {@code !!str} is anything). */
  static boolean matchesTag(ScalarNode s) {
    Tag t = s.getTag();
    String v = s.getValue();
    if (t.equals(Tag.STR)) return true;
    Pattern p = t.equals(Tag.BOOL) ? Resolver.BOOL : t.equals(Tag.INT) ? Resolver.INT : t.equals(Tag.FLOAT) ? Resolver.FLOAT
        : t.equals(Tag.NULL) ? Resolver.NULL : t.equals(Tag.TIMESTAMP) ? Resolver.TIMESTAMP : null;
    if (p == null) return false;
    return p.matcher(v).matches() || t.equals(Tag.NULL) && v.isEmpty();
  }

  /** A tag as YAML writes it: !!int for the core ones, else as given. */
  static String tagName(Tag t) {
    String v = t.getValue();
    return v.startsWith(CORE) ? "!!" + v.substring(CORE.length()) : v;
  }

  /** What the tag claims, for "is tagged !!int but is not ..." messages. */
  static String claim(Tag t) {
    if (t.equals(Tag.BOOL)) return "true or false";
    if (t.equals(Tag.INT)) return "a whole number";
    if (t.equals(Tag.FLOAT)) return "a number";
    if (t.equals(Tag.NULL)) return "null";
    if (t.equals(Tag.TIMESTAMP)) return "a date or time";
    return "a " + tagName(t) + " value";
  }

  /** "value" is tagged !!x but is not y: for a scalar whose value does not match its tag. */
  static String mismatch(ScalarNode s) {
    return "\"" + s.getValue() + "\" is tagged " + tagName(s.getTag()) + " but is not " + claim(s.getTag());
  }

  /** The boolean of a scalar that {@link #matchesTag} as !!bool: yes, true and on (any case) are true. */
  static boolean bool(ScalarNode s) {
    return switch (s.getValue().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "y" -> true;
      default -> false;
    };
  }

  /**
   * The whole number a YAML 1.1 integer stands for: decimal, 0b binary, 0x hex, 0-prefixed octal and
   * base 60 (190:20:30), with a sign and _ separators, as SnakeYAML's own constructor reads them.
   */
  static BigInteger integer(String text) {
    String v = text.replace("_", "");
    int sign = 1;
    if (v.startsWith("-") || v.startsWith("+")) {
      sign = v.startsWith("-") ? -1 : 1;
      v = v.substring(1);
    }
    BigInteger out;
    if (v.equals("0")) {
      out = BigInteger.ZERO;
    } else if (v.startsWith("0b")) {
      out = new BigInteger(v.substring(2), 2);
    } else if (v.startsWith("0x")) {
      out = new BigInteger(v.substring(2), 16);
    } else if (v.startsWith("0")) {
      out = new BigInteger(v.substring(1), 8);
    } else if (v.contains(":")) {
      out = BigInteger.ZERO;
      for (String digit : v.split(":")) out = out.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
    } else {
      out = new BigInteger(v);
    }
    return sign < 0 ? out.negate() : out;
  }

  /**
   * Why text is not text, or null: a control character other than tab and line breaks, or half of a surrogate
   * pair (a double-quoted "\0" or "\uD800" gives them).
   */
  static String notText(String v) {
    for (int i = 0, n = 1; i < v.length(); n++) {
      int c = v.codePointAt(i);
      boolean lone = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
      if (lone || Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return "contains " + (lone ? "half of a surrogate pair" : "a control character") + String.format(" (U+%04X)", c)
            + " at character " + n + " (expected printable text)";
      }
      i += Character.charCount(c);
    }
    return null;
  }

  static String kind(Node n) {
    return switch (n.getNodeId()) {
      case mapping -> "mapping";
      case sequence -> "list";
      default -> "scalar";
    };
  }

  static String describe(Node n) {
    boolean plain = n.getTag().equals(Tag.MAP) || n.getTag().equals(Tag.SEQ) || Scalars.coreScalarTag(n.getTag());
    if (!plain) return "a " + (n instanceof ScalarNode ? "value" : kind(n)) + " tagged " + Scalars.tagName(n.getTag());
    if (n instanceof ScalarNode s) {
      String what = s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT) ? "number"
          : s.getTag().equals(Tag.BOOL) ? "boolean" : "text";
      return what + " \"" + s.getValue() + "\"";
    }
    return "a " + kind(n);
  }
}
