package io.fleetkit.config;

import java.util.regex.Pattern;

/**
 * The kinds of EC2 resource ID that config, snapshots and commands name: the one ID check of fleetkit. Every ID is a
 * prefix, a hyphen and 8 (older) or 17 lowercase hex digits (EC2 User Guide, "Resource IDs"; EC2 API Reference,
 * InstanceId, SnapshotId, ImageId, VolumeId, VpcId, SubnetId, GroupId, LocalGatewayId, PoolId...). Check config
 * values with {@link Checks#ec2Id} or {@link Checks#ec2Ids}; {@link #matches} and {@link #problem} are for
 * commands and snapshot readers. A new kind is one row.
 */
public enum Ec2IdKind {
  INSTANCE("i", "an instance ID"),
  SNAPSHOT("snap", "a snapshot ID"),
  IMAGE("ami", "an AMI ID"),
  VOLUME("vol", "a volume ID"),
  VPC("vpc", "a VPC ID"),
  SUBNET("subnet", "a subnet ID"),
  SECURITY_GROUP("sg", "a security group ID"),
  ROUTE_TABLE("rtb", "a route table ID"),
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

  Ec2IdKind(String prefix, String what) {
    this.prefix = prefix;
    this.what = what;
    this.form = Pattern.compile(Pattern.quote(prefix) + "-(?:[0-9a-f]{8}|[0-9a-f]{17})");
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

  /** The shape, for an "(expected ...)": {@code vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f60001}. */
  public String expected() {
    return prefix + "- and 8 or 17 lowercase hex digits, such as " + prefix + "-0a1b2c3d4e5f60001";
  }

  /** The one-line problem of a value that is not this kind of ID, with the expected form and an example. */
  public String problem(String value) {
    return Checks.quote(String.valueOf(value)) + " is not " + what + " (expected " + expected() + ")";
  }
}
