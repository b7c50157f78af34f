package io.fleetkit.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.HttpTokens;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceProps;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.constructs.Construct;

/**
 * One EC2 instance with fleetkit's defaults: IMDSv2 required, detailed monitoring, an encrypted (gp3 unless
 * set) root volume on the AMI's root device, and an {@link SsmInstanceRole} instead of SSH. For singletons such as
 * a NAT instance or a database; groups launch from {@link HardenedLaunchTemplate}.
 *
 * <p>It is the {@link Instance} itself (not a wrapper), so its construct path and logical IDs are those of
 * a plain Instance with the same id.
 */
public class HardenedInstance extends Instance {

  /** How IMDSv2 is required. */
  public enum Imds {
    /**
     * HttpTokens required and hop limit 1 on the instance's MetadataOptions: the token cannot leave the
     * instance. The default for new instances.
     */
    V2_HOP_LIMIT_1,
    /**
     * HttpTokens required through a launch template beside the instance (CDK's requireImdsv2), hop limit
     * as the AMI sets it (2 for AMIs with ImdsSupport v2.0, such as Amazon Linux 2023: EC2 API Reference,
     * Image ImdsSupport). Only for instances that already exist in this form: moving one to
     * {@link #V2_HOP_LIMIT_1} drops its LaunchTemplate property, and CloudFormation replaces an
     * AWS::EC2::Instance whose LaunchTemplate changes ("Update requires: Replacement").
     */
    V2_AMI_HOP_LIMIT
  }

  /**
   * @param terminationProtection null leaves DisableApiTermination out of the template (EC2's default: off)
   * @param publicIp a public IPv4 address on the primary interface (the instance then gets a network
   *     interface specification instead of SubnetId and SecurityGroupIds)
   * @param routesTraffic source/destination check off, as a NAT instance needs
   * @param userDataCausesReplacement a new logical ID (so a new instance) whenever the user data changes
   * @param rootVolumeType the root volume's EBS type (gp3 unless set: not every Local Zone offers gp3)
   */
  public record Props(IVpc vpc, ISubnet subnet, InstanceType instanceType, AmiChoice ami, SsmInstanceRole role,
      ISecurityGroup securityGroup, UserData userData, int rootVolumeGiB, boolean deleteRootOnTermination,
      Boolean terminationProtection, boolean publicIp, boolean routesTraffic, boolean userDataCausesReplacement,
      Imds imds, EbsDeviceVolumeType rootVolumeType) {

    /** An 8 GiB gp3 root deleted with the instance, no public IP, IMDSv2 with hop limit 1. */
    public static Props of(IVpc vpc, ISubnet subnet, InstanceType instanceType, AmiChoice ami, SsmInstanceRole role,
        ISecurityGroup securityGroup, UserData userData) {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, 8, true, null, false, false, false,
          Imds.V2_HOP_LIMIT_1, EbsDeviceVolumeType.GP3);
    }

    /** The root volume's size, and whether it outlives the instance (false keeps the data when the instance goes). */
    public Props withRoot(int gib, boolean deleteOnTermination) {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, gib, deleteOnTermination,
          terminationProtection, publicIp, routesTraffic, userDataCausesReplacement, imds, rootVolumeType);
    }

    public Props withTerminationProtection(boolean on) {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, rootVolumeGiB,
          deleteRootOnTermination, on, publicIp, routesTraffic, userDataCausesReplacement, imds, rootVolumeType);
    }

    /** A public IP and source/destination check off: a NAT instance. */
    public Props asPublicRouter() {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, rootVolumeGiB,
          deleteRootOnTermination, terminationProtection, true, true, userDataCausesReplacement, imds, rootVolumeType);
    }

    /** A new instance whenever the user data changes, for instances configured only at first boot. */
    public Props withReplacementOnNewUserData() {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, rootVolumeGiB,
          deleteRootOnTermination, terminationProtection, publicIp, routesTraffic, true, imds, rootVolumeType);
    }

    public Props withImds(Imds i) {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, rootVolumeGiB,
          deleteRootOnTermination, terminationProtection, publicIp, routesTraffic, userDataCausesReplacement, i, rootVolumeType);
    }

    /** The root volume's EBS type, such as gp2 where a Local Zone does not offer gp3. */
    public Props withRootVolumeType(EbsDeviceVolumeType t) {
      return new Props(vpc, subnet, instanceType, ami, role, securityGroup, userData, rootVolumeGiB,
          deleteRootOnTermination, terminationProtection, publicIp, routesTraffic, userDataCausesReplacement, imds, t);
    }
  }

  public HardenedInstance(Construct scope, String id, Props props) {
    super(scope, id, instanceProps(props));
    if (props.imds() == Imds.V2_HOP_LIMIT_1) {
      // cdk-nag 3.0.2's EC2EBSVolumeEncrypted reads the LaunchTemplate of every instance and throws for one
      // without it whenever the stack holds any launch template (lib/rules/ec2/EC2EBSVolumeEncrypted.js).
      NagAcks.acknowledge(this, "AwsSolutions-EC26", "The rule throws for an instance without a launch template in a"
          + " stack that has one; this instance's only block device mapping is its encrypted root volume");
    }
  }

  private static InstanceProps instanceProps(Props p) {
    var b = InstanceProps.builder()
        .vpc(p.vpc())
        .vpcSubnets(SubnetSelection.builder().subnets(List.of(p.subnet())).build())
        .instanceType(p.instanceType())
        .machineImage(p.ami().machineImage())
        .securityGroup(p.securityGroup())
        .role(p.role())
        .detailedMonitoring(true)
        .userData(p.userData())
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(p.ami().rootDevice())
            .volume(BlockDeviceVolume.ebs(p.rootVolumeGiB(), EbsDeviceOptions.builder()
                .volumeType(p.rootVolumeType()).encrypted(true).deleteOnTermination(p.deleteRootOnTermination())
                .build()))
            .build()));
    // Each setting is written only when it differs from the default, so that existing instances keep
    // their templates: a new property on an instance may replace it.
    if (p.imds() == Imds.V2_HOP_LIMIT_1) {
      b.httpTokens(HttpTokens.REQUIRED).httpPutResponseHopLimit(1);
    } else {
      b.requireImdsv2(true);
    }
    if (p.terminationProtection() != null) b.disableApiTermination(p.terminationProtection());
    // Always explicit: CDK then renders the NetworkInterfaces form with AssociatePublicIpAddress, which Control
    // Tower's CT.EC2.PR.8 reads (SubnetId alone leaves the public IP to the subnet's MapPublicIpOnLaunch).
    b.associatePublicIpAddress(p.publicIp());
    if (p.routesTraffic()) b.sourceDestCheck(false);
    if (p.userDataCausesReplacement()) b.userDataCausesReplacement(true);
    return b.build();
  }
}
