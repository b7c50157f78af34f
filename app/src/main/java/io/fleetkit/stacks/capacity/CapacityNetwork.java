package io.fleetkit.stacks.capacity;

import io.fleetkit.config.CapacityNetworkConfig;
import io.fleetkit.constructs.LogsKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.autoscaling.CfnAutoScalingGroup;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetFilter;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.constructs.Construct;

/**
 * The VPC of a capacity stack. Create mode builds a VPC in exactly the configured zones with one
 * workload subnet per zone (private, egress through NAT for SSM and the Auto Scaling API) and small
 * public subnets for NAT and an internet-facing load balancer. Existing mode looks the VPC up
 * (context, cached in cdk.context.json) and keeps only the configured subnets.
 */
public class CapacityNetwork extends Construct {
  public static final String WORKLOAD = "Workload";
  /** The VPC ID Vpc.fromLookup returns before the real context is known. */
  private static final String LOOKUP_DUMMY_VPC = "vpc-12345";

  private final IVpc vpc;
  private final Map<String, List<ISubnet>> subnetsByZone = new LinkedHashMap<>();
  private final List<ISubnet> workloadSubnets;
  private final String cidr;

  public CapacityNetwork(Construct scope, String id, CapacityNetworkConfig network, List<String> zones) {
    this(scope, id, network, zones, true);
  }

  /**
   * @param restrictDefaultSecurityGroup remove the rules of the created VPC's default security group, which
   *     CDK does with a Lambda-backed custom resource; false keeps AWS's default rules and a stack without
   *     any Lambda function (nothing here attaches the default security group)
   */
  public CapacityNetwork(Construct scope, String id, CapacityNetworkConfig network, List<String> zones,
      boolean restrictDefaultSecurityGroup) {
    super(scope, id);
    if (network.createsVpc()) {
      var vpc = Vpc.Builder.create(this, "Vpc")
          .ipAddresses(IpAddresses.cidr(network.cidr()))
          .availabilityZones(zones)
          .natGateways(network.natGateways())
          .subnetConfiguration(List.of(
              SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).cidrMask(24)
                  .mapPublicIpOnLaunch(false).build(),
              SubnetConfiguration.builder().name(WORKLOAD).subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build()));
      // Only when asked: the builder leaves the feature flag's default (restrict) untouched otherwise.
      if (!restrictDefaultSecurityGroup) vpc.restrictDefaultSecurityGroup(false);
      Vpc created = vpc.build();
      FlowLog flowLog = created.addFlowLog("FlowLog", FlowLogOptions.builder()
          .destination(FlowLogDestination.toCloudWatchLogs())
          .trafficType(FlowLogTrafficType.REJECT)
          .build());
      // CT.CLOUDWATCH.PR.3: the flow log group, which CDK creates inside the flow log (retention two years,
      // so CT.CLOUDWATCH.PR.2 holds), is encrypted with a customer managed key. Set on the group CDK made, so
      // its logical ID stays; KmsKeyId "Update requires: No interruption" (AWS::Logs::LogGroup).
      LogsKey key = new LogsKey(this, "LogsKey", "Encrypts the VPC flow logs of " + getNode().getPath());
      ((CfnLogGroup) flowLog.getNode().findChild("LogGroup").getNode().getDefaultChild()).setKmsKeyId(key.getKeyArn());
      this.vpc = created;
      this.workloadSubnets = created.selectSubnets(SubnetSelection.builder().subnetGroupName(WORKLOAD).build()).getSubnets();
    } else {
      this.vpc = Vpc.fromLookup(this, "Vpc", VpcLookupOptions.builder().vpcId(network.vpcId().get()).build());
      this.workloadSubnets = vpc.selectSubnets(SubnetSelection.builder()
          .subnetFilters(List.of(SubnetFilter.byIds(network.subnetIds()))).build()).getSubnets();
    }
    this.cidr = network.createsVpc() ? network.cidr() : vpc.getVpcCidrBlock();
    for (String zone : zones) subnetsByZone.put(zone, new ArrayList<>());
    boolean realLookup = network.createsVpc() || !LOOKUP_DUMMY_VPC.equals(vpc.getVpcId());
    for (ISubnet s : workloadSubnets) {
      String zone = s.getAvailabilityZone();
      if (subnetsByZone.containsKey(zone)) {
        subnetsByZone.get(zone).add(s);
      } else if (realLookup && !Token.isUnresolved(zone)) {
        throw new IllegalArgumentException("subnet " + s.getSubnetId() + " is in " + zone
            + ", which is not one of the configured availability_zones " + zones);
      }
    }
    if (realLookup && !network.createsVpc()) {
      List<String> empty = subnetsByZone.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
      if (!empty.isEmpty() || workloadSubnets.size() != network.subnetIds().size()) {
        throw new IllegalArgumentException("the subnets " + network.subnetIds() + " of " + network.vpcId().get()
            + " do not cover every configured zone " + zones + " (zones without a subnet: " + empty + ")");
      }
    }
  }

  /**
   * The configured zones as the group's AvailabilityZones (CT.AUTOSCALING.PR.1 asks a group to declare at
   * least two). The workload subnets lie in exactly these zones (checked above for an existing VPC), as
   * EC2 Auto Scaling requires when a group names both ("If you specify VPCZoneIdentifier with
   * AvailabilityZones, the subnets that you specify must reside in those Availability Zones",
   * CreateAutoScalingGroup, EC2 Auto Scaling API Reference).
   */
  public void declareZones(CfnAutoScalingGroup group) {
    group.setAvailabilityZones(new ArrayList<>(subnetsByZone.keySet()));
  }

  /** The VPC's IPv4 range as text: the configured one in create mode, the looked-up one otherwise. */
  public String cidr() {
    return cidr;
  }

  public IVpc vpc() {
    return vpc;
  }

  public SubnetSelection workload() {
    return SubnetSelection.builder().subnets(workloadSubnets).build();
  }

  /** The workload subnets in each configured zone, in config order. */
  public Map<String, List<ISubnet>> subnetsByZone() {
    return subnetsByZone;
  }
}
