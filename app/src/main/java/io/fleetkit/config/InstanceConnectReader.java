package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/** Reads the {@code instance_connect} section; {@link InstanceConnectChecks} judges it. */
final class InstanceConnectReader {
  static final String NAME = "instance_connect";

  static final Keys KEYS = new Keys("EC2 Instance Connect Endpoints (one per VPC) and one managed policy per access rule;"
      + " notes: [instance-connect.md](instance-connect.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-instance-connect`.");
  // EC2 User Guide, "EC2 Instance Connect Endpoint quotas": 5 endpoints per account per Region by default. One per VPC:
  // "you can create only one EC2 Instance Connect Endpoint per VPC" (AWS::EC2::InstanceConnectEndpoint).
  static final Key<Integer> ENDPOINTS_PER_REGION = KEYS.integer("endpoints_per_region", 5, "The account's Regional"
      + " quota of endpoints (default 5); lower it by the endpoints the account has outside this stack.").range(1, 100);
  // Amazon VPC quotas: "Inbound or outbound rules per security group", 60 by default (adjustable).
  static final Key<Integer> RULES_PER_GROUP = KEYS.integer("rules_per_security_group", 60, "The account's quota of"
      + " inbound (and of outbound) rules per security group; fleetkit's rules must fit in it.").range(1, 1_000);
  static final Block ENDPOINTS = KEYS.list("endpoints", "One endpoint per VPC, in its own subnet, with its own security"
      + " group.").minItems(1).note("at most `endpoints_per_region`");
  static final Key<String> EP_NAME = ENDPOINTS.keys.text("name", "", "Names the endpoint's resources and policies;"
      + " 1-32 lowercase letters, digits and inner hyphens, starting with a letter.").required("", "a name such as ops");
  static final Key<String> EP_VPC = ENDPOINTS.keys.text("vpc", "", "A VPC ID, or `fleetkit:capacity-reservation` or"
      + " `fleetkit:spot-fleet` for the VPC that stack creates (imported from its exports at deploy).")
      .required("", "a VPC ID such as vpc-0a1b2c3d4e5f60001, or fleetkit:spot-fleet");
  static final Key<String> EP_SUBNET = ENDPOINTS.keys.text("subnet", "The endpoint's subnet, in `vpc`; with"
      + " `fleetkit:<area>` the stack's first workload subnet is used and this stays unset.")
      .required("with a VPC ID");
  static final Key<Boolean> EP_PRESERVE = ENDPOINTS.keys.bool("preserve_client_ip", false, "Whether instances see the"
      + " client's address (`true`: the targets admit the access rules' `source_cidrs`) or the endpoint's (`false`: they"
      + " admit the endpoint's security group). Set it explicitly.").required("", "true or false");
  // The endpoint security group's outbound rules and the targets' inbound rules take one rule per port.
  static final Key<List<String>> EP_PORTS = ENDPOINTS.keys.texts("ports", List.of("22"), "TCP ports the endpoint may"
      + " reach on the targets, 1 to 65535 (the launch-era documentation allowed only 22 and 3389).").items(1, 10);
  static final Key<List<String>> EP_TARGETS = ENDPOINTS.keys.texts("target_security_groups", List.of(), "Security groups"
      + " of the instances to reach, in `vpc`; each gets inbound rules from the endpoint. With `fleetkit:<area>` the"
      + " stack's instance group is the target and this stays empty.").maxItems(10).required("with a VPC ID");
  static final Block ACCESS = ENDPOINTS.keys.list("access", "Who may open tunnels through this endpoint: one managed"
      + " policy per rule, attached to its roles.").items(1, 20).required("", "a list of access rules");
  static final Key<String> AC_NAME = ACCESS.keys.text("name", "", "Names the policy"
      + " `<prefix>-instance-connect-<endpoint>-<name>`; 1-32 lowercase letters, digits and inner hyphens.")
      .required("", "a name such as admins");
  // fleetkit's bound: each role also spends one of its managed-policy attachments (IAM quotas, "Managed policies
  // attached to an IAM role": 10 by default), which synth cannot count.
  static final Key<List<String>> AC_PRINCIPALS = ACCESS.keys.texts("principals", List.of(), "IAM role names (or role"
      + " ARNs of the project's partition and account) the policy attaches to.").items(1, 20)
      .required("", "a list of IAM role names");
  static final Key<List<String>> AC_PORTS = ACCESS.keys.texts("ports", List.of("22"), "Ports this rule may open tunnels"
      + " to (ec2-instance-connect:remotePort); each one of the endpoint's `ports`.").items(1, 10);
  // Each CIDR is about 20 characters of a managed policy, which holds 6,144 (IAM quotas); 50 keep it well inside.
  static final Key<List<String>> AC_PRIVATE_CIDRS = ACCESS.keys.texts("private_cidrs", List.of(), "Addresses tunnels may"
      + " reach (ec2-instance-connect:privateIpAddress): IPv4 blocks with host bits zero, not 0.0.0.0/0.").items(1, 50)
      .required("", "a list of IPv4 blocks such as 10.41.0.0/16");
  // EC2 User Guide, connect-using-eice: "Maximum duration for an established TCP connection: 1 hour (3,600 seconds)".
  static final Key<Integer> AC_MAX_TUNNEL = ACCESS.keys.integer("max_tunnel_seconds", 3_600, "Longest tunnel in seconds"
      + " (ec2-instance-connect:maxTunnelDuration); clients must ask for at most this.").range(1, 3_600);
  static final Key<List<String>> AC_SOURCE_CIDRS = ACCESS.keys.texts("source_cidrs", List.of(), "Client addresses"
      + " tunnels may be opened from (aws:SourceIp); empty means any. Required with `preserve_client_ip: true`.")
      .maxItems(50);
  static final Key<String> AC_OS_USER = ACCESS.keys.text("os_user", "OS user SendSSHPublicKey may push a key for"
      + " (ec2:osuser), such as `ec2-user`; unset grants no SendSSHPublicKey (bring your own key).");
  static final Block AC_TAG = ACCESS.keys.map("instance_tag", "A tag the instances must carry for SendSSHPublicKey"
      + " (aws:ResourceTag); needs `os_user`.");
  static final Key<String> TAG_KEY = AC_TAG.keys.text("key", "", "Tag key, at most 128 characters, not starting with"
      + " `aws:`.").required("", "a tag key");
  static final Key<String> TAG_VALUE = AC_TAG.keys.text("value", "", "Tag value, at most 256 characters.")
      .required("", "a tag value");

  private InstanceConnectReader() {}

  static InstanceConnectConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    int perRegion = m.get(ENDPOINTS_PER_REGION);
    int perGroup = m.get(RULES_PER_GROUP);
    List<InstanceConnectConfig.Endpoint> endpoints = m.list(ENDPOINTS, e -> {
      String name = e.require(EP_NAME, true);
      String vpc = e.require(EP_VPC, true);
      Optional<String> subnet = e.optional(EP_SUBNET);
      boolean preserve = e.require(EP_PRESERVE, true);
      List<String> ports = e.get(EP_PORTS);
      List<String> targets = e.get(EP_TARGETS);
      List<InstanceConnectConfig.Access> access = e.list(ACCESS, a -> {
        String rule = a.require(AC_NAME, true);
        List<String> principals = a.require(AC_PRINCIPALS, true);
        List<String> rulePorts = a.get(AC_PORTS);
        List<String> privateCidrs = a.require(AC_PRIVATE_CIDRS, true);
        int maxTunnel = a.get(AC_MAX_TUNNEL);
        List<String> sourceCidrs = a.get(AC_SOURCE_CIDRS);
        Optional<String> osUser = a.optional(AC_OS_USER);
        YamlMap t = a.map(AC_TAG);
        Optional<InstanceConnectConfig.Tag> tag = t.present()
            ? Optional.of(new InstanceConnectConfig.Tag(t.require(TAG_KEY, true), t.require(TAG_VALUE, true)))
            : Optional.empty();
        t.finish();
        return new InstanceConnectConfig.Access(rule, principals, rulePorts, privateCidrs, maxTunnel, sourceCidrs, osUser, tag);
      });
      if (!e.has(ACCESS)) e.missing(ACCESS);
      return new InstanceConnectConfig.Endpoint(name, vpc, subnet, preserve, ports, targets, access);
    });
    m.finish();
    return new InstanceConnectConfig(enabled, perRegion, perGroup, endpoints);
  }
}
