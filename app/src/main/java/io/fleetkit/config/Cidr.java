package io.fleetkit.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block with its host bits zero, such as 172.31.100.0/24. */
public record Cidr(long start, int prefix) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  /** Empty when the text is not a.b.c.d/n with octets 0-255, n 0-32 and the host bits zero. */
  public static Optional<Cidr> parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) return Optional.empty();
    long addr = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) return Optional.empty();
      addr = (addr << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) return Optional.empty();
    Cidr c = new Cidr(addr, prefix);
    return (addr & ~c.netmask() & 0xFFFFFFFFL) == 0 ? Optional.of(c) : Optional.empty();
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  public long end() {
    return start + size() - 1;
  }

  private long netmask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public boolean contains(Cidr other) {
    return other.start >= start && other.end() <= end();
  }

  public boolean overlaps(Cidr other) {
    return start <= other.end() && other.start <= end();
  }

  /** The {@code index}-th block of length {@code subPrefix} inside this one. */
  public Cidr subnet(int subPrefix, int index) {
    return new Cidr(start + (long) index * (1L << (32 - subPrefix)), subPrefix);
  }

  @Override
  public String toString() {
    return ((start >> 24) & 255) + "." + ((start >> 16) & 255) + "." + ((start >> 8) & 255) + "." + (start & 255)
        + "/" + prefix;
  }
}
