package io.fleetkit.config;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIDR block with its host bits zero: IPv4 such as 172.31.100.0/24, or IPv6 such as 2001:db8::/56. The one
 * strict parser of fleetkit ({@link #read}): octets 0-255, prefix 0-32 (IPv4) or 0-128 (IPv6), no host bits,
 * and a prefix of 0 only where the {@link Rules} allow the whole internet. Check config values with
 * {@link Checks#cidr}, which reports the reason in one line.
 */
public record Cidr(boolean ipv6, BigInteger start, int prefix) {
  private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");
  private static final Pattern HEXTET = Pattern.compile("[0-9A-Fa-f]{1,4}");

  /**
   * What a key accepts.
   *
   * @param what the block's role in messages, such as "a VPC" or "a subnet"
   * @param minPrefix shortest IPv4 prefix accepted (other than /0, which {@code world} decides)
   * @param maxPrefix longest IPv4 prefix accepted
   * @param ipv6 whether IPv6 blocks are accepted (prefix 1-128, or 0 with {@code world})
   * @param world whether 0.0.0.0/0 (and ::/0) is accepted: only where config explicitly allows every address
   * @param worldHint added to the message for /0 when it is not accepted, such as how to allow it
   */
  public record Rules(String what, int minPrefix, int maxPrefix, boolean ipv6, boolean world, String worldHint) {
    public static Rules ipv4(String what, int minPrefix, int maxPrefix) {
      return new Rules(what, minPrefix, maxPrefix, false, false, "");
    }

    /** /0 accepted when {@code allowed}; otherwise its message ends with {@code hint}, such as ", or internet_facing: true". */
    public Rules withWorld(boolean allowed, String hint) {
      return new Rules(what, minPrefix, maxPrefix, ipv6, allowed, hint);
    }

    public Rules withIpv6() {
      return new Rules(what, minPrefix, maxPrefix, true, world, worldHint);
    }
  }

  /** A parsed block, or why the text is not one (a message in the house form, "... (expected ...)"). */
  public record Parsed(Optional<Cidr> cidr, String problem) {
    static Parsed ok(Cidr c) {
      return new Parsed(Optional.of(c), "");
    }

    static Parsed bad(String problem) {
      return new Parsed(Optional.empty(), problem);
    }
  }

  /** Empty unless the text is a.b.c.d/n with octets 0-255, n 0-32 and the host bits zero. */
  public static Optional<Cidr> parse(String text) {
    Parsed p = read(text, Rules.ipv4("an IPv4 block", 1, 32).withWorld(true, ""));
    return p.cidr();
  }

  /** Parses {@code text} strictly and checks it against {@code rules}. */
  public static Parsed read(String text, Rules rules) {
    String q = "\"" + text + "\"";
    int slash = text.indexOf('/');
    String family = rules.ipv6 ? "an IPv4 or IPv6 CIDR block" : "an IPv4 CIDR block";
    String form = rules.ipv6 ? "a.b.c.d/n or an IPv6 block such as 2001:db8::/56" : "a.b.c.d/n, such as 10.40.0.0/16";
    if (slash < 0 || slash != text.lastIndexOf('/') || !PREFIX.matcher(text.substring(slash + 1)).matches()) {
      return Parsed.bad(q + " is not " + family + " (expected " + form + ")");
    }
    String address = text.substring(0, slash);
    int prefix = Integer.parseInt(text.substring(slash + 1));
    boolean v6 = address.contains(":");
    BigInteger start;
    if (v6) {
      if (!rules.ipv6) return Parsed.bad(q + " is an IPv6 block (expected an IPv4 block, " + form + ")");
      Optional<BigInteger> a = ipv6(address);
      if (a.isEmpty()) return Parsed.bad(q + " is not an IPv6 CIDR block (expected hex groups such as 2001:db8::/56)");
      start = a.get();
    } else {
      Matcher m = V4.matcher(address);
      if (!m.matches()) return Parsed.bad(q + " is not " + family + " (expected " + form + ")");
      long addr = 0;
      for (int i = 1; i <= 4; i++) {
        int octet = Integer.parseInt(m.group(i));
        // Some parsers read 010 as octal 8: a leading zero is refused rather than guessed.
        if (m.group(i).length() > 1 && m.group(i).startsWith("0")) {
          return Parsed.bad(q + " is not an IPv4 CIDR block: octet " + m.group(i) + " has a leading zero (expected decimal"
              + " octets such as 10, not 010)");
        }
        if (octet > 255) {
          return Parsed.bad(q + " is not an IPv4 CIDR block: octet " + m.group(i) + " is above 255 (expected each octet 0 to 255)");
        }
        addr = (addr << 8) | octet;
      }
      start = BigInteger.valueOf(addr);
    }
    int bits = v6 ? 128 : 32;
    if (prefix > bits) {
      return Parsed.bad(q + " is not " + (v6 ? "an IPv6" : "an IPv4") + " CIDR block: prefix /" + prefix + " is above /" + bits
          + " (expected /0 to /" + bits + ")");
    }
    Cidr c = new Cidr(v6, start, prefix);
    BigInteger network = start.and(mask(bits, prefix));
    if (!network.equals(start)) {
      return Parsed.bad(q + " has host bits set (expected the network address " + new Cidr(v6, network, prefix) + ")");
    }
    if (prefix == 0) {
      return rules.world ? Parsed.ok(c)
          : Parsed.bad(q + " is every " + (v6 ? "IPv6" : "IPv4") + " address, too wide for " + rules.what
              + " (expected a narrower block" + rules.worldHint + ")");
    }
    if (!v6 && (prefix < rules.minPrefix || prefix > rules.maxPrefix)) {
      return Parsed.bad("/" + prefix + " is out of range for " + rules.what + " (expected /" + rules.minPrefix + " to /" + rules.maxPrefix + ")");
    }
    return Parsed.ok(c);
  }

  /** The 128-bit value of an IPv6 address without a zone or an embedded IPv4 part, or empty. */
  private static Optional<BigInteger> ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return Optional.empty();
    String[] head = gap < 0 ? text.split(":", -1) : split(text.substring(0, gap));
    String[] tail = gap < 0 ? new String[0] : split(text.substring(gap + 2));
    int groups = head.length + tail.length;
    if (gap < 0 ? groups != 8 : groups > 7) return Optional.empty();
    BigInteger v = BigInteger.ZERO;
    for (String g : head) {
      if (!HEXTET.matcher(g).matches()) return Optional.empty();
      v = v.shiftLeft(16).or(BigInteger.valueOf(Integer.parseInt(g, 16)));
    }
    v = v.shiftLeft(16 * (8 - head.length));
    BigInteger t = BigInteger.ZERO;
    for (String g : tail) {
      if (!HEXTET.matcher(g).matches()) return Optional.empty();
      t = t.shiftLeft(16).or(BigInteger.valueOf(Integer.parseInt(g, 16)));
    }
    return Optional.of(v.or(t));
  }

  private static String[] split(String part) {
    return part.isEmpty() ? new String[0] : part.split(":", -1);
  }

  private static BigInteger mask(int bits, int prefix) {
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    return all.shiftRight(bits - prefix).shiftLeft(bits - prefix);
  }

  private int bits() {
    return ipv6 ? 128 : 32;
  }

  /** The number of addresses. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(bits() - prefix);
  }

  public BigInteger end() {
    return start.add(size()).subtract(BigInteger.ONE);
  }

  public boolean contains(Cidr other) {
    return ipv6 == other.ipv6 && other.start.compareTo(start) >= 0 && other.end().compareTo(end()) <= 0;
  }

  public boolean overlaps(Cidr other) {
    return ipv6 == other.ipv6 && start.compareTo(other.end()) <= 0 && other.start.compareTo(end()) <= 0;
  }

  /** The {@code index}-th block of length {@code subPrefix} inside this one. */
  public Cidr subnet(int subPrefix, int index) {
    return new Cidr(ipv6, start.add(BigInteger.valueOf(index).shiftLeft(bits() - subPrefix)), subPrefix);
  }

  @Override
  public String toString() {
    if (!ipv6) {
      long s = start.longValueExact();
      return ((s >> 24) & 255) + "." + ((s >> 16) & 255) + "." + ((s >> 8) & 255) + "." + (s & 255) + "/" + prefix;
    }
    // RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups as "::".
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = start.shiftRight(16 * (7 - i)).intValue() & 0xFFFF;
    int bestAt = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
      b.append(Integer.toHexString(g[i]));
    }
    return b + "/" + prefix;
  }
}
