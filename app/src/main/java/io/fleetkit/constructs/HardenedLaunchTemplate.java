package io.fleetkit.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.CfnLaunchTemplate;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * A launch template with fleetkit's defaults: IMDSv2 required (hop limit 1), an encrypted gp3 root
 * volume, no public IP, detailed monitoring, and an instance role with SSM Session Manager access
 * instead of SSH. Every EC2 workload in fleetkit launches from one of these.
 */
public class HardenedLaunchTemplate extends Construct {
  /** Amazon Linux 2023's root device. */
  public static final String ROOT_DEVICE = "/dev/xvda";

  private final LaunchTemplate template;
  private final IRole role;

  public HardenedLaunchTemplate(Construct scope, String id, Props props) {
    super(scope, id);
    this.role = props.role() != null ? props.role() : Role.Builder.create(this, "InstanceRole")
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description("fleetkit instance role: SSM Session Manager, no SSH")
        .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
        .build();
    var builder = LaunchTemplate.Builder.create(this, "Template")
        .machineImage(props.machineImage())
        .requireImdsv2(true)
        .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
        .httpPutResponseHopLimit(1)
        .associatePublicIpAddress(props.publicIp())
        .detailedMonitoring(true)
        .role(role)
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(ROOT_DEVICE)
            .volume(BlockDeviceVolume.ebs(props.rootVolumeGiB(), EbsDeviceOptions.builder()
                .volumeType(EbsDeviceVolumeType.GP3)
                .encrypted(true)
                .deleteOnTermination(true)
                .build()))
            .build()));
    if (props.instanceType() != null) builder.instanceType(props.instanceType());
    if (props.securityGroup() != null) builder.securityGroup(props.securityGroup());
    if (props.userData() != null) builder.userData(props.userData());
    this.template = builder.build();
  }

  public LaunchTemplate template() {
    return template;
  }

  public IRole role() {
    return role;
  }

  /** The L1 resource, for settings the L2 does not model (such as CapacityReservationSpecification). */
  public CfnLaunchTemplate cfn() {
    return (CfnLaunchTemplate) template.getNode().getDefaultChild();
  }

  /**
   * @param instanceType null leaves it to the Auto Scaling group (mixed instances policies)
   * @param rootVolumeGiB root volume size
   * @param role null creates a role with AmazonSSMManagedInstanceCore
   * @param securityGroup null attaches none here (set one on the Auto Scaling group instead)
   */
  public record Props(IMachineImage machineImage, InstanceType instanceType, int rootVolumeGiB,
      boolean publicIp, IRole role, ISecurityGroup securityGroup, UserData userData) {

    public static Props of(IMachineImage machineImage, InstanceType instanceType) {
      return new Props(machineImage, instanceType, 20, false, null, null, null);
    }

    public Props withRole(IRole r) {
      return new Props(machineImage, instanceType, rootVolumeGiB, publicIp, r, securityGroup, userData);
    }

    public Props withSecurityGroup(ISecurityGroup sg) {
      return new Props(machineImage, instanceType, rootVolumeGiB, publicIp, role, sg, userData);
    }

    public Props withUserData(UserData ud) {
      return new Props(machineImage, instanceType, rootVolumeGiB, publicIp, role, securityGroup, ud);
    }

    public Props withRootVolumeGiB(int gib) {
      return new Props(machineImage, instanceType, gib, publicIp, role, securityGroup, userData);
    }

    public Props withPublicIp(boolean p) {
      return new Props(machineImage, instanceType, rootVolumeGiB, p, role, securityGroup, userData);
    }
  }
}
