package io.fleetkit.stacks.localzones;

import io.fleetkit.constructs.LogsKey;
import java.util.List;
import software.amazon.awscdk.services.ec2.CfnInternetGateway;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.CfnRouteTable;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.amazon.awscdk.services.ec2.CfnSubnetRouteTableAssociation;
import software.amazon.awscdk.services.ec2.CfnVPC;
import software.amazon.awscdk.services.ec2.CfnVPCGatewayAttachment;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * A VPC of the parent Region with one public and one private subnet in a Local Zone. The L2 Vpc
 * picks Availability Zones from the stack's environment, so the subnets are CfnSubnets with their
 * AvailabilityZone set to the Local Zone, and the result is offered to L2 constructs as an imported
 * IVpc. The public route table's default route goes to the internet gateway, which serves the zone.
 */
public class LocalZoneNetwork extends Construct {
  private final CfnVPC vpc;
  private final CfnSubnet publicSubnet;
  private final CfnSubnet privateSubnet;
  private final CfnRouteTable privateRoutes;
  private final CfnVPCGatewayAttachment attachment;
  private final CfnRoute internetRoute;
  private final IVpc imported;

  /**
   * @param zone the Local Zone, such as us-east-1-atl-1a
   * @param flowLogRetention how long VPC flow logs are kept
   */
  public record Props(String zone, String vpcCidr, String publicSubnetCidr, String privateSubnetCidr,
      RetentionDays flowLogRetention) {}

  public LocalZoneNetwork(Construct scope, String id, Props props) {
    super(scope, id);
    vpc = CfnVPC.Builder.create(this, "Vpc")
        .cidrBlock(props.vpcCidr())
        .enableDnsHostnames(true)
        .enableDnsSupport(true)
        .build();
    var igw = CfnInternetGateway.Builder.create(this, "InternetGateway").build();
    attachment = CfnVPCGatewayAttachment.Builder.create(this, "InternetGatewayAttachment")
        .vpcId(vpc.getRef())
        .internetGatewayId(igw.getRef())
        .build();

    publicSubnet = subnet("Public", props.zone(), props.publicSubnetCidr());
    CfnRouteTable publicRoutes = routeTable("Public", publicSubnet);
    internetRoute = CfnRoute.Builder.create(this, "PublicDefaultRoute")
        .routeTableId(publicRoutes.getRef())
        .destinationCidrBlock("0.0.0.0/0")
        .gatewayId(igw.getRef())
        .build();
    internetRoute.getNode().addDependency(attachment);

    privateSubnet = subnet("Private", props.zone(), props.privateSubnetCidr());
    privateRoutes = routeTable("Private", privateSubnet);

    imported = Vpc.fromVpcAttributes(this, "Imported", VpcAttributes.builder()
        .vpcId(vpc.getRef())
        .vpcCidrBlock(props.vpcCidr())
        .availabilityZones(List.of(props.zone()))
        .publicSubnetIds(List.of(publicSubnet.getRef()))
        .publicSubnetRouteTableIds(List.of(publicRoutes.getRef()))
        .privateSubnetIds(List.of(privateSubnet.getRef()))
        .privateSubnetRouteTableIds(List.of(privateRoutes.getRef()))
        .build());
    // Encrypted with a customer managed key (CT.CLOUDWATCH.PR.3); KmsKeyId "Update requires: No interruption".
    var logs = LogGroup.Builder.create(this, "FlowLogs").retention(props.flowLogRetention())
        .encryptionKey(new LogsKey(this, "FlowLogsKey", "Encrypts the VPC flow logs of " + getNode().getPath()))
        .build();
    FlowLog.Builder.create(this, "FlowLog")
        .resourceType(FlowLogResourceType.fromVpc(imported))
        .destination(FlowLogDestination.toCloudWatchLogs(logs))
        .trafficType(FlowLogTrafficType.ALL)
        .build();
  }

  private CfnSubnet subnet(String name, String zone, String cidr) {
    return CfnSubnet.Builder.create(this, name + "Subnet")
        .vpcId(vpc.getRef())
        .availabilityZone(zone)
        .cidrBlock(cidr)
        .mapPublicIpOnLaunch(false)
        .tags(List.of(software.amazon.awscdk.CfnTag.builder()
            .key("Name").value(name.toLowerCase() + " (" + zone + ")").build()))
        .build();
  }

  private CfnRouteTable routeTable(String name, CfnSubnet subnet) {
    var table = CfnRouteTable.Builder.create(this, name + "RouteTable").vpcId(vpc.getRef()).build();
    CfnSubnetRouteTableAssociation.Builder.create(this, name + "RouteTableAssociation")
        .subnetId(subnet.getRef())
        .routeTableId(table.getRef())
        .build();
    return table;
  }

  /** The VPC as an L2 interface, for load balancers, groups and instances. */
  public IVpc vpc() {
    return imported;
  }

  public ISubnet publicSubnet() {
    return imported.getPublicSubnets().get(0);
  }

  public ISubnet privateSubnet() {
    return imported.getPrivateSubnets().get(0);
  }

  public CfnSubnet publicSubnetResource() {
    return publicSubnet;
  }

  public String privateRouteTableId() {
    return privateRoutes.getRef();
  }

  /**
   * The public subnet's default route to the internet gateway (which depends on the attachment).
   * The NAT, the load balancer and anything that downloads at boot from the public subnet wait for it.
   */
  public IDependable internetRoute() {
    return internetRoute;
  }
}
