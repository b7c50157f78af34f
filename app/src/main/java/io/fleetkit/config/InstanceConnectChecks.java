package io.fleetkit.config;

import static io.fleetkit.config.InstanceConnectReader.AC_MAX_TUNNEL;
import static io.fleetkit.config.InstanceConnectReader.ACCESS;
import static io.fleetkit.config.InstanceConnectReader.AC_PORTS;
import static io.fleetkit.config.InstanceConnectReader.AC_PRINCIPALS;
import static io.fleetkit.config.InstanceConnectReader.AC_PRIVATE_CIDRS;
import static io.fleetkit.config.InstanceConnectReader.AC_SOURCE_CIDRS;
import static io.fleetkit.config.InstanceConnectReader.ENDPOINTS;
import static io.fleetkit.config.InstanceConnectReader.ENDPOINTS_PER_REGION;
import static io.fleetkit.config.InstanceConnectReader.EP_PORTS;
import static io.fleetkit.config.InstanceConnectReader.EP_TARGETS;
import static io.fleetkit.config.InstanceConnectReader.RULES_PER_GROUP;

import io.fleetkit.config.InstanceConnectConfig.Access;
import io.fleetkit.config.InstanceConnectConfig.Endpoint;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Meaning checks of the {@code instance_connect} section (layer 2), all against file:line. */
final class InstanceConnectChecks {
  private static final Pattern NAME = Pattern.compile("[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?");
  // IAM role names: 1-64 of [\w+=,.@-] (IAM API Reference, CreateRole RoleName).
  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern ROLE_ARN = Pattern.compile("role/(?:[\\x21-\\x7e]{0,510}/)?[\\w+=,.@-]{1,64}");
  // Linux user names as useradd accepts them by default (NAME_REGEX of adduser.conf).
  private static final Pattern OS_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final String BASE = InstanceConnectReader.NAME;
  /** Instance addresses the tunnel may reach; fleetkit writes no 0.0.0.0/0 into a policy or rule. */
  static final Cidr.Rules PRIVATE_BLOCK = Cidr.Rules.ipv4("the instances' private addresses", 1, 32)
      .withWorld(false, ": fleetkit writes no 0.0.0.0/0 here");
  /** Client addresses (aws:SourceIp, and the targets' ingress when client IPs are preserved). */
  static final Cidr.Rules CLIENT_BLOCK = Cidr.Rules.ipv4("client addresses", 1, 32)
      .withWorld(false, ": fleetkit writes no 0.0.0.0/0 here; leave source_cidrs empty for any client");

  private InstanceConnectChecks() {}

  /** The sections whose VPC an endpoint may name, by area. */
  record Stacks(Map<String, Boolean> enabled, Map<String, CapacityNetworkConfig> networks) {
    static Stacks of(CapacityReservationConfig capacity, SpotFleetConfig spot) {
      Map<String, Boolean> enabled = new LinkedHashMap<>();
      enabled.put("capacity-reservation", capacity.enabled());
      enabled.put("spot-fleet", spot.enabled());
      Map<String, CapacityNetworkConfig> networks = new LinkedHashMap<>();
      networks.put("capacity-reservation", capacity.network());
      networks.put("spot-fleet", spot.network());
      return new Stacks(enabled, networks);
    }
  }

  static void check(InstanceConnectConfig c, ProjectConfig project, Stacks stacks, Problems p) {
    if (!c.enabled()) return;
    ENDPOINTS_PER_REGION.check(p, BASE, c.endpointsPerRegion());
    RULES_PER_GROUP.check(p, BASE, c.rulesPerSecurityGroup());
    int n = c.endpoints().size();
    String partition = project.region().map(Checks::partitionOf).orElse("aws");
    Map<String, Integer> names = new LinkedHashMap<>();
    Set<String> vpcs = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Endpoint e = c.endpoints().get(i);
      String at = BASE + ".endpoints[" + i + "]";
      name(p, at + ".name", e.name(), names, i, "endpoint");
      Optional<String> vpc = vpc(p, at, e, stacks);
      if (vpc.isPresent() && !vpcs.add(vpc.get())) {
        p.error(at + ".vpc", "\"" + e.vpc() + "\" already has an endpoint in this section (EC2 Instance Connect Endpoint"
            + " quotas: 1 per VPC; expected one endpoint per VPC)");
      }
      List<Integer> ports = ports(p, at + ".ports", e.ports(), EP_PORTS.maxItems());
      int egress = ports.size() * Math.max(1, e.targetSecurityGroups().size());
      if (egress > c.rulesPerSecurityGroup()) {
        p.error(at + ".target_security_groups", e.targetSecurityGroups().size() + " groups x " + ports.size() + " ports"
            + " are " + egress + " outbound rules on the endpoint's security group (expected at most"
            + " rules_per_security_group " + c.rulesPerSecurityGroup() + ")");
      }
      access(p, at, e, ports, partition, project.account(), c.rulesPerSecurityGroup());
    }
    // Counts after the items: Problems drops an item's error once its list has one.
    if (n < ENDPOINTS.minItems()) {
      p.error(BASE + ".endpoints", "no endpoint (expected 1 to endpoints_per_region " + c.endpointsPerRegion() + ")");
    } else if (n > c.endpointsPerRegion()) {
      p.error(BASE + ".endpoints", n + " endpoints are more than endpoints_per_region " + c.endpointsPerRegion()
          + " (EC2 Instance Connect Endpoint quotas: 5 per account and Region by default; expected at most "
          + c.endpointsPerRegion() + ", or a raised quota in endpoints_per_region)");
    }
  }

  /** The VPC to compare for "one endpoint per VPC": the ID, an existing-VPC stack's configured ID, or the area. */
  private static Optional<String> vpc(Problems p, String at, Endpoint e, Stacks stacks) {
    Optional<String> area = e.stackArea();
    if (area.isEmpty()) {
      boolean ok = Checks.ec2Id(p, at + ".vpc", e.vpc(), Ec2IdKind.VPC);
      e.subnet().ifPresentOrElse(s -> Checks.ec2Id(p, at + ".subnet", s, Ec2IdKind.SUBNET),
          () -> p.error(at + ".subnet", "missing (expected the endpoint's subnet ID, in " + e.vpc() + ")"));
      Checks.ec2Ids(p, at + ".target_security_groups", e.targetSecurityGroups(), Ec2IdKind.SECURITY_GROUP);
      if (e.targetSecurityGroups().isEmpty()) {
        p.error(at + ".target_security_groups", "empty (expected the security groups of the instances to reach, 1 to "
            + EP_TARGETS.maxItems() + ")");
      }
      if (e.targetSecurityGroups().size() > EP_TARGETS.maxItems()) {
        p.error(at + ".target_security_groups", e.targetSecurityGroups().size() + " groups (expected at most "
            + EP_TARGETS.maxItems() + ")");
      }
      return ok ? Optional.of(e.vpc()) : Optional.empty();
    }
    String a = area.get();
    if (!InstanceConnectConfig.STACK_AREAS.contains(a)) {
      p.error(at + ".vpc", "\"" + e.vpc() + "\" names no fleetkit stack with a VPC (expected a VPC ID, or one of: "
          + String.join(", ", InstanceConnectConfig.STACK_AREAS.stream().map(s -> InstanceConnectConfig.STACK_PREFIX + s).toList())
          + ")");
      return Optional.empty();
    }
    if (!stacks.enabled().get(a)) {
      p.error(at + ".vpc", "\"" + e.vpc() + "\" names " + a.replace('-', '_') + ", which is not enabled (expected an"
          + " enabled section, or a VPC ID)");
    }
    e.subnet().ifPresent(s -> p.error(at + ".subnet", "\"" + s + "\" is set with " + e.vpc() + " (expected no subnet:"
        + " the endpoint goes into that stack's first workload subnet)"));
    if (!e.targetSecurityGroups().isEmpty()) {
      p.error(at + ".target_security_groups", "set with " + e.vpc() + " (expected none: that stack's instance security"
          + " group is the target)");
    }
    return Optional.of(stacks.networks().get(a).vpcId().orElse(e.vpc()));
  }

  private static void access(Problems p, String at, Endpoint e, List<Integer> endpointPorts, String partition,
      Optional<String> account, int rulesPerGroup) {
    Map<String, Integer> names = new LinkedHashMap<>();
    Set<String> ingress = new LinkedHashSet<>();
    for (int j = 0; j < e.access().size(); j++) {
      Access a = e.access().get(j);
      String r = at + ".access[" + j + "]";
      name(p, r + ".name", a.name(), names, j, "access rule");
      Set<String> roles = new LinkedHashSet<>();
      for (int k = 0; k < a.principals().size(); k++) {
        principal(p, r + ".principals[" + k + "]", a.principals().get(k), partition, account);
        if (!roles.add(a.roleNames().get(k))) {
          p.error(r + ".principals[" + k + "]", "role " + a.roleNames().get(k) + " is listed twice (expected distinct roles)");
        }
      }
      items(p, r + ".principals", a.principals().size(), AC_PRINCIPALS.minItems(), AC_PRINCIPALS.maxItems(), "role names");
      List<Integer> ports = ports(p, r + ".ports", a.ports(), AC_PORTS.maxItems());
      for (int k = 0; k < ports.size(); k++) {
        if (!endpointPorts.contains(ports.get(k))) {
          p.error(r + ".ports", "port " + ports.get(k) + " is not one of the endpoint's ports " + endpointPorts
              + " (expected a port the endpoint's security group opens)");
        }
      }
      Checks.cidrs(p, r + ".private_cidrs", a.privateCidrs(), PRIVATE_BLOCK);
      items(p, r + ".private_cidrs", a.privateCidrs().size(), AC_PRIVATE_CIDRS.minItems(), AC_PRIVATE_CIDRS.maxItems(),
          "IPv4 blocks");
      AC_MAX_TUNNEL.check(p, r, a.maxTunnelSeconds());
      List<Cidr> sources = Checks.cidrs(p, r + ".source_cidrs", a.sourceCidrs(), CLIENT_BLOCK);
      items(p, r + ".source_cidrs", a.sourceCidrs().size(), 0, AC_SOURCE_CIDRS.maxItems(), "IPv4 blocks");
      if (e.preserveClientIp() && a.sourceCidrs().isEmpty()) {
        p.error(r + ".source_cidrs", "empty while the endpoint preserves client IPs: the targets then see the client's"
            + " own address and admit only the clients listed here (expected the client blocks, such as 203.0.113.0/24)");
      }
      for (int port : ports) for (Cidr s : sources) ingress.add(port + " " + s);
      a.osUser().ifPresent(u -> {
        if (!OS_USER.matcher(u).matches()) {
          p.error(r + ".os_user", "\"" + u + "\" is not an OS user name (expected 1-32 lowercase letters, digits, _ and -,"
              + " such as ec2-user)");
        }
      });
      a.instanceTag().ifPresent(t -> {
        if (a.osUser().isEmpty()) {
          p.error(r + ".instance_tag", "set without os_user (expected os_user: the tag limits SendSSHPublicKey, which"
              + " only os_user grants)");
        }
        Checks.tagKey(p, r + ".instance_tag.key", t.key());
        Checks.tagValue(p, r + ".instance_tag.value", t.value());
      });
    }
    items(p, at + ".access", e.access().size(), ACCESS.minItems(), ACCESS.maxItems(), "access rules");
    if (e.preserveClientIp() && ingress.size() > rulesPerGroup) {
      p.error(at + ".access", "the client blocks and ports of the access rules are " + ingress.size() + " inbound rules"
          + " on each target security group (expected at most rules_per_security_group " + rulesPerGroup + ")");
    }
  }

  private static void principal(Problems p, String path, String value, String partition, Optional<String> account) {
    if (!value.startsWith("arn:")) {
      if (!ROLE_NAME.matcher(value).matches()) {
        p.error(path, "\"" + value + "\" is not an IAM role name (expected 1-64 letters, digits and +=,.@_-, or a role ARN)");
      }
      return;
    }
    if (!Checks.arn(p, path, value, partition, "iam", ROLE_ARN,
        "an IAM role ARN (expected arn:<partition>:iam::<account>:role/<name>)")) {
      return;
    }
    String owner = value.split(":", 6)[4];
    account.filter(a -> !a.equals(owner)).ifPresent(a -> p.error(path, "\"" + value + "\" is a role of account " + owner
        + " (expected a role of project.account " + a + ": a managed policy attaches only to roles of its own account)"));
  }

  /** Ports as numbers; each one 1 to 65535, distinct. */
  private static List<Integer> ports(Problems p, String path, List<String> values, int max) {
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      int port = v.matches("\\d{1,5}") ? Integer.parseInt(v) : -1;
      if (port < 1 || port > 65_535) {
        p.error(path + "[" + i + "]", "\"" + v + "\" is not a TCP port (expected a whole number from 1 to 65535)");
      } else if (out.contains(port)) {
        p.error(path + "[" + i + "]", "port " + port + " is listed twice (expected distinct ports)");
      } else {
        out.add(port);
      }
    }
    items(p, path, values.size(), 1, max, "ports");
    return out;
  }

  private static void items(Problems p, String path, int size, int min, int max, String what) {
    if (size < min || size > max) {
      p.error(path, size + " " + what + " (expected " + min + " to " + max + ")");
    }
  }

  private static void name(Problems p, String path, String value, Map<String, Integer> seen, int index, String what) {
    if (!NAME.matcher(value).matches()) {
      p.error(path, "\"" + value + "\" is not a name (expected 1-32 lowercase letters, digits and inner hyphens,"
          + " starting with a letter)");
    } else if (seen.putIfAbsent(value, index) != null) {
      p.error(path, "\"" + value + "\" names another " + what + " too (expected distinct names)");
    }
  }

}
