package io.fleetkit.stacks.localzones;

import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.HardenedInstance;
import io.fleetkit.constructs.NagAcks;
import io.fleetkit.constructs.SsmInstanceRole;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.UserData;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * The NAT instance of the Local Zones blog, for zones without NAT gateways: an instance in the
 * public subnet with a public IP, source/destination check off, IMDSv2 required with hop limit 1 (nothing
 * on it forwards metadata requests), an image fixed at synth, SSM access instead
 * of SSH, IP forwarding and masquerading set by user data, a security group that admits only the VPC
 * CIDR, and the private subnet's default route pointing at it.
 */
public class NatInstance extends Construct {
  private final HardenedInstance instance;
  private final CfnRoute route;

  /**
   * @param role instance role with SSM Session Manager access
   * @param privateRouteTableId the route table whose default route goes through this instance
   */
  public record Props(IVpc vpc, ISubnet publicSubnet, String vpcCidr, String privateRouteTableId,
      InstanceType instanceType, AmiChoice ami, EbsDeviceVolumeType volumeType, SsmInstanceRole role,
      IDependable internetRoute) {}

  public NatInstance(Construct scope, String id, Props props) {
    super(scope, id);
    var sg = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(props.vpc())
        .description("NAT instance: all traffic from the VPC CIDR only")
        .allowAllOutbound(true)
        .build();
    sg.addIngressRule(Peer.ipv4(props.vpcCidr()), Port.allTraffic(), "Traffic to NAT from the VPC");

    instance = new HardenedInstance(this, "Instance", HardenedInstance.Props.of(props.vpc(), props.publicSubnet(),
            props.instanceType(), props.ami(), props.role(), sg, userData(props.vpcCidr()))
        .withRoot(8, true)
        .withRootVolumeType(props.volumeType())
        .asPublicRouter()
        // User data configures forwarding once, at first boot.
        .withReplacementOnNewUserData());
    instance.getNode().addDependency(props.internetRoute());
    if (props.ami().pinnedAtSynth()) {
      NagAcks.acknowledgeValidatorRule(instance, "W9010", "The NAT instance's AMI ID is fixed at synth"
          + " (local_zone.nat_ami) so that a newly published image cannot replace it, and cut egress, on a routine deploy");
    }

    route = CfnRoute.Builder.create(this, "PrivateDefaultRoute")
        .routeTableId(props.privateRouteTableId())
        .destinationCidrBlock("0.0.0.0/0")
        .instanceId(instance.getInstanceId())
        .build();
  }

  /**
   * The steps of "Create a NAT AMI" in the Amazon VPC User Guide (NAT instances), for AL2023:
   * iptables-services, persistent IP forwarding, masquerade on the primary interface, an empty
   * FORWARD chain, rules saved for reboots. Only the VPC CIDR is masqueraded.
   */
  static UserData userData(String vpcCidr) {
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        "dnf install -y iptables-services",
        "systemctl enable --now iptables",
        "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-fleetkit-nat.conf",
        "sysctl -p /etc/sysctl.d/90-fleetkit-nat.conf",
        "IFACE=$(ip -o -4 route show to default | awk '{print $5; exit}')",
        "iptables -t nat -A POSTROUTING -o \"$IFACE\" -s " + vpcCidr + " -j MASQUERADE",
        "iptables -F FORWARD",
        "service iptables save");
    return ud;
  }

  public HardenedInstance instance() {
    return instance;
  }

  /** The private subnet's default route; workloads that install packages at boot wait for it. */
  public IDependable route() {
    return route;
  }
}
