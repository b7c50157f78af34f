package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * EC2 Instance Connect Endpoints and who may open tunnels through them (AWS Compute Blog "Secure Connectivity from
 * Public to Private: Introducing EC2 Instance Connect Endpoint").
 *
 * @param endpointsPerRegion the account's Regional quota of endpoints, which every endpoint of the Region counts against
 * @param rulesPerSecurityGroup the account's quota of inbound (and of outbound) rules per security group
 */
public record InstanceConnectConfig(boolean enabled, int endpointsPerRegion, int rulesPerSecurityGroup,
    List<Endpoint> endpoints) {

  /** The {@code vpc} value that names a fleetkit stack's VPC instead of a VPC ID. */
  public static final String STACK_PREFIX = "fleetkit:";
  /** The areas whose VPC an endpoint can name: they export their VPC, first workload subnet and instance group. */
  public static final List<String> STACK_AREAS = List.of("capacity-reservation", "spot-fleet");

  public InstanceConnectConfig {
    endpoints = List.copyOf(endpoints);
  }

  /**
   * One endpoint in one VPC.
   *
   * @param vpc a VPC ID, or {@code fleetkit:<area>} for the VPC of that fleetkit stack
   * @param subnet the endpoint's subnet (VPC ID mode); empty with a fleetkit stack, whose first workload subnet is used
   * @param ports TCP ports the endpoint may reach on the targets, as written (whole numbers after loading)
   * @param targetSecurityGroups the targets' groups (VPC ID mode); empty with a fleetkit stack, whose instance group is the target
   */
  public record Endpoint(String name, String vpc, Optional<String> subnet, boolean preserveClientIp, List<String> ports,
      List<String> targetSecurityGroups, List<Access> access) {
    public Endpoint {
      ports = List.copyOf(ports);
      targetSecurityGroups = List.copyOf(targetSecurityGroups);
      access = List.copyOf(access);
    }

    /** The fleetkit area whose VPC this endpoint uses, such as spot-fleet; empty for a VPC ID. */
    public Optional<String> stackArea() {
      return vpc.startsWith(STACK_PREFIX) ? Optional.of(vpc.substring(STACK_PREFIX.length())) : Optional.empty();
    }

    /** The ports as numbers; valid after loading. */
    public List<Integer> portNumbers() {
      return ports.stream().map(Integer::valueOf).toList();
    }
  }

  /**
   * One access rule: a managed policy attached to the principals' roles.
   *
   * @param principals IAM role names, or role ARNs of this partition
   * @param ports ports of the endpoint this rule may open tunnels to
   * @param privateCidrs the addresses tunnels may reach (ec2-instance-connect:privateIpAddress)
   * @param maxTunnelSeconds the longest tunnel (ec2-instance-connect:maxTunnelDuration), at most 3,600
   * @param sourceCidrs the client addresses the tunnel may be opened from (aws:SourceIp); empty means any
   * @param osUser the OS user SendSSHPublicKey may push a key for (ec2:osuser); empty grants no SendSSHPublicKey
   * @param instanceTag a tag the instances must carry for SendSSHPublicKey (aws:ResourceTag)
   */
  public record Access(String name, List<String> principals, List<String> ports, List<String> privateCidrs,
      int maxTunnelSeconds, List<String> sourceCidrs, Optional<String> osUser, Optional<Tag> instanceTag) {
    public Access {
      principals = List.copyOf(principals);
      ports = List.copyOf(ports);
      privateCidrs = List.copyOf(privateCidrs);
      sourceCidrs = List.copyOf(sourceCidrs);
    }

    public List<Integer> portNumbers() {
      return ports.stream().map(Integer::valueOf).toList();
    }

    /** The role names the policy attaches to: a role ARN's last path segment. */
    public List<String> roleNames() {
      return principals.stream().map(p -> p.startsWith("arn:") ? p.substring(p.lastIndexOf('/') + 1) : p).toList();
    }
  }

  public record Tag(String key, String value) {}
}
