package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The EC2 resource IDs that config names: a prefix, a hyphen and 8 or 17 lowercase hex digits (EC2 User Guide,
 * "Resource IDs": IDs are 8 characters, or 17 after the move to longer IDs). The shared validators that are being
 * added to {@code config} (a strict CIDR parser and friends) may take this over; until then it is the one place
 * for these shapes.
 */
public enum Ec2Id {
  VPC("vpc", "a VPC ID"),
  SUBNET("subnet", "a subnet ID"),
  SECURITY_GROUP("sg", "a security group ID"),
  ROUTE_TABLE("rtb", "a route table ID"),
  INSTANCE("i", "an instance ID"),
  LOCAL_GATEWAY("lgw", "a local gateway ID"),
  VIF_GROUP("lgw-vif-grp", "a local gateway virtual interface group ID"),
  COIP_POOL("ipv4pool-coip", "a customer-owned IP pool ID");

  private final String prefix;
  private final String what;
  private final Pattern form;

  Ec2Id(String prefix, String what) {
    this.prefix = prefix;
    this.what = what;
    this.form = Pattern.compile(Pattern.quote(prefix) + "-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  }

  public boolean matches(String value) {
    return value != null && form.matcher(value).matches();
  }

  /** Reports {@code "x" is not a VPC ID (expected vpc- and 8 or 17 hex digits)} unless the value has the shape. */
  public boolean check(Problems p, String path, String value) {
    if (matches(value)) return true;
    p.error(path, "\"" + value + "\" is not " + what + " (expected " + prefix + "- and 8 or 17 hex digits)");
    return false;
  }

  /** Checks each item of a list of IDs, and that none is listed twice. */
  public void checkDistinct(Problems p, String path, List<String> ids) {
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (check(p, path + "[" + i + "]", ids.get(i)) && !seen.add(ids.get(i))) {
        p.error(path + "[" + i + "]", "\"" + ids.get(i) + "\" is listed twice (expected distinct IDs)");
      }
    }
  }
}
