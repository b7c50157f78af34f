package io.fleetkit.config;

import java.util.regex.Pattern;

/**
 * The kinds of EC2 resource ID that config, snapshots and commands name, and their one shape: a prefix, a hyphen and
 * 8 or 17 lowercase hex digits (EC2 User Guide, "Resource IDs": IDs are 8 characters, or 17 after the move to longer
 * IDs). Check config values with {@link Checks#ec2Id} (one value) or {@link Checks#ec2Ids} (a list, each distinct);
 * {@link #matches} is for commands and snapshot readers, {@link #problem} for their messages. A new kind is one row.
 */
public enum Ec2Id {
  VPC("vpc", "a VPC ID"),
  SUBNET("subnet", "a subnet ID"),
  SECURITY_GROUP("sg", "a security group ID"),
  ROUTE_TABLE("rtb", "a route table ID"),
  INSTANCE("i", "an instance ID"),
  IMAGE("ami", "an AMI ID"),
  SNAPSHOT("snap", "an EBS snapshot ID"),
  VOLUME("vol", "an EBS volume ID"),
  LAUNCH_TEMPLATE("lt", "a launch template ID"),
  CAPACITY_RESERVATION("cr", "a Capacity Reservation ID"),
  INSTANCE_CONNECT_ENDPOINT("eice", "an EC2 Instance Connect Endpoint ID"),
  LOCAL_GATEWAY("lgw", "a local gateway ID"),
  LOCAL_GATEWAY_ROUTE_TABLE("lgw-rtb", "a local gateway route table ID"),
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

  /** The ID prefix without its hyphen, such as {@code vpc}. */
  public String prefix() {
    return prefix;
  }

  /** What the ID names, with its article, such as "a VPC ID". */
  public String what() {
    return what;
  }

  public boolean matches(String value) {
    return value != null && form.matcher(value).matches();
  }

  /** What the shape is, for an "(expected ...)": {@code vpc- and 8 or 17 hex digits}. */
  public String expected() {
    return prefix + "- and 8 or 17 hex digits";
  }

  /** The one message for a value of the wrong shape: {@code "x" is not a VPC ID (expected vpc- and 8 or 17 hex digits)}. */
  public String problem(String value) {
    return Checks.quote(String.valueOf(value)) + " is not " + what + " (expected " + expected() + ")";
  }
}
