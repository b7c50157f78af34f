package io.fleetkit.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.CfnLaunchTemplate;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.UserData;
import software.constructs.Construct;

/**
 * A launch template ({@code Template}) with fleetkit's defaults: IMDSv2 required with hop limit 1, an
 * encrypted (gp3 unless set) root volume on the AMI's root device, no public IP, detailed monitoring, and an
 * {@link SsmInstanceRole} (Session Manager instead of SSH; {@code InstanceRole} unless one is given).
 * Every Auto Scaling group in fleetkit launches from one of these.
 */
public class HardenedLaunchTemplate extends Construct {
  private final LaunchTemplate template;
  private final SsmInstanceRole role;

  public HardenedLaunchTemplate(Construct scope, String id, Props props) {
    super(scope, id);
    this.role = props.role() != null ? props.role()
        : new SsmInstanceRole(this, "InstanceRole", SsmInstanceRole.Props.of("fleetkit instance role: SSM Session Manager, no SSH"));
    var builder = LaunchTemplate.Builder.create(this, "Template")
        .machineImage(props.ami().machineImage())
        .requireImdsv2(true)
        .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
        // One hop: the token cannot leave the instance, so a container or a forwarded request cannot use it.
        .httpPutResponseHopLimit(1)
        .associatePublicIpAddress(props.publicIp())
        .detailedMonitoring(true)
        .role(role)
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(props.ami().rootDevice())
            .volume(BlockDeviceVolume.ebs(props.rootVolumeGiB(), EbsDeviceOptions.builder()
                .volumeType(props.volumeType())
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

  public SsmInstanceRole role() {
    return role;
  }

  /** The L1 resource, for settings the L2 does not model (such as CapacityReservationSpecification). */
  public CfnLaunchTemplate cfn() {
    return (CfnLaunchTemplate) template.getNode().getDefaultChild();
  }

  /**
   * @param ami the image and its root device, which the encrypted root volume is mapped to
   * @param instanceType null leaves it to the Auto Scaling group (mixed instances policies)
   * @param rootVolumeGiB root volume size
   * @param role null creates an {@link SsmInstanceRole} with AmazonSSMManagedInstanceCore alone
   * @param securityGroup null attaches none here (set one on the Auto Scaling group instead)
   * @param volumeType the root volume's EBS type (gp3 unless set: not every Local Zone offers gp3)
   */
  public record Props(AmiChoice ami, InstanceType instanceType, int rootVolumeGiB,
      boolean publicIp, SsmInstanceRole role, ISecurityGroup securityGroup, UserData userData,
      EbsDeviceVolumeType volumeType) {

    public static Props of(AmiChoice ami, InstanceType instanceType) {
      return new Props(ami, instanceType, 20, false, null, null, null, EbsDeviceVolumeType.GP3);
    }

    public Props withVolumeType(EbsDeviceVolumeType t) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, securityGroup, userData, t);
    }

    public Props withRole(SsmInstanceRole r) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, r, securityGroup, userData, volumeType);
    }

    public Props withSecurityGroup(ISecurityGroup sg) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, sg, userData, volumeType);
    }

    public Props withUserData(UserData ud) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, securityGroup, ud, volumeType);
    }

    public Props withRootVolumeGiB(int gib) {
      return new Props(ami, instanceType, gib, publicIp, role, securityGroup, userData, volumeType);
    }

    public Props withPublicIp(boolean p) {
      return new Props(ami, instanceType, rootVolumeGiB, p, role, securityGroup, userData, volumeType);
    }
  }
}
