package io.fleetkit.stacks.instanceconnect;

import io.fleetkit.config.InstanceConnectConfig;
import io.fleetkit.constructs.ConnectTargetExports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.CfnInstanceConnectEndpoint;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.constructs.Construct;

/**
 * Creates an EC2 Instance Connect Endpoint in its own security group, which has no inbound rule and outbound rules
 * only to the target security groups on the endpoint's ports, and the targets' inbound rules on those ports: from the
 * endpoint's group, or with {@code preserve_client_ip} from the access rules' client blocks.
 *
 * <p>"Traffic to the endpoint originates from the EC2 Instance Connect Endpoint Service, and it is allowed regardless
 * of the inbound rules for the endpoint security group" (EC2 User Guide, "Security groups for EC2 Instance Connect
 * Endpoint"), so the group needs none; IAM decides who connects. With client IP preservation the instance sees the
 * client's address, so its group can check it too (same page: inbound from the client IP address).
 *
 * <p>CloudFormation replaces the endpoint when its subnet, security groups or {@code PreserveClientIp} change, and the
 * replacement fails because a VPC holds one endpoint ({@code AWS::EC2::InstanceConnectEndpoint}): the group's
 * description and logical ID therefore never change, and docs/instance-connect.md says how to move an endpoint.
 */
public class ConnectEndpoint extends Construct {
  private final CfnInstanceConnectEndpoint endpoint;
  private final CfnSecurityGroup group;

  public ConnectEndpoint(Construct scope, String id, InstanceConnectPlan.Endpoint plan) {
    super(scope, id);
    InstanceConnectConfig.Endpoint e = plan.config();
    String vpc = plan.producer().map(ConnectTargetExports::vpcId).orElse(e.vpc());
    String subnet = plan.producer().map(ConnectTargetExports::subnetId).orElseGet(() -> e.subnet().orElseThrow());
    // Target group IDs and the names their rules take in the construct tree (stable when the list is reordered).
    Map<String, String> targets = new LinkedHashMap<>();
    plan.producer().ifPresentOrElse(p -> targets.put("StackInstances", ConnectTargetExports.securityGroupId(p)),
        () -> e.targetSecurityGroups().forEach(sg -> targets.put(sg, sg)));

    List<Object> egress = new ArrayList<>();
    targets.forEach((name, sg) -> e.portNumbers().forEach(port -> egress.add(CfnSecurityGroup.EgressProperty.builder()
        .ipProtocol("tcp").fromPort(port).toPort(port).destinationSecurityGroupId(sg)
        .description("To the targets on TCP " + port).build())));
    group = CfnSecurityGroup.Builder.create(this, "SecurityGroup")
        .vpcId(vpc)
        .groupDescription("fleetkit EC2 Instance Connect Endpoint " + e.name() + ": no inbound, outbound to its targets only")
        .securityGroupEgress(egress)
        .build();
    endpoint = CfnInstanceConnectEndpoint.Builder.create(this, "Endpoint")
        .subnetId(subnet)
        .securityGroupIds(List.of(group.getAttrGroupId()))
        .preserveClientIp(e.preserveClientIp())
        .build();

    targets.forEach((name, sg) -> {
      for (int port : e.portNumbers()) {
        if (!e.preserveClientIp()) {
          ingress("Ingress-" + name + "-" + port, sg, port, "From EC2 Instance Connect Endpoint " + e.name())
              .setSourceSecurityGroupId(group.getAttrGroupId());
          continue;
        }
        for (String cidr : clientBlocks(e, port)) {
          ingress("Ingress-" + name + "-" + port + "-" + cidr.replace('.', '-').replace('/', '-'), sg, port,
              "Clients of EC2 Instance Connect Endpoint " + e.name() + " (client IP preserved)").setCidrIp(cidr);
        }
      }
    });
  }

  private CfnSecurityGroupIngress ingress(String id, String groupId, int port, String description) {
    return CfnSecurityGroupIngress.Builder.create(this, id)
        .groupId(groupId).ipProtocol("tcp").fromPort(port).toPort(port).description(description).build();
  }

  /** The client blocks the access rules allow on {@code port}, each once, in config order. */
  private static List<String> clientBlocks(InstanceConnectConfig.Endpoint e, int port) {
    List<String> out = new ArrayList<>();
    for (InstanceConnectConfig.Access a : e.access()) {
      if (!a.portNumbers().contains(port)) continue;
      a.sourceCidrs().stream().filter(c -> !out.contains(c)).forEach(out::add);
    }
    return out;
  }

  public CfnInstanceConnectEndpoint endpoint() {
    return endpoint;
  }

  public CfnSecurityGroup securityGroup() {
    return group;
  }
}
