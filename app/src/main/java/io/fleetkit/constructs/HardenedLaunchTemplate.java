package io.fleetkit.constructs;

import io.fleetkit.inventory.InstanceTypes;
import java.util.ArrayList;
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
 * encrypted (gp3 unless set) root volume on the AMI's root device (/dev/xvda for Amazon Linux, /dev/sda1 for
 * Windows), user data of the AMI's OS (none for Windows unless given), no public IP, detailed monitoring, and an
 * {@link SsmInstanceRole} (Session Manager instead of SSH; {@code InstanceRole} unless one is given), and
 * optionally Nitro Enclaves. Every Auto Scaling group in fleetkit launches from one of these.
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
    if (props.enclaves() != null) {
      List<String> types = new ArrayList<>(props.enclaves().instanceTypes());
      if (props.instanceType() != null && !types.contains(props.instanceType().toString())) types.add(props.instanceType().toString());
      // A plan reports these as config errors first; reaching here with one is a programming error.
      List<String> problems = props.enclaves().snapshot().enclaveProblems(types, props.enclaves().snapshotName());
      if (types.isEmpty() || !problems.isEmpty()) {
        throw new IllegalArgumentException(types.isEmpty() ? "Nitro Enclaves need the instance types that launch from "
            + getNode().getPath() : String.join("; ", problems));
      }
      // LaunchTemplateData.EnclaveOptions.Enabled (EC2 User Guide, "Nitro Enclaves": enabled at launch).
      builder.nitroEnclaveEnabled(true);
    }
    this.template = builder.build();
    if (props.ami().windows() && props.userData() == null) {
      // The L2 always renders the image's default user data; a Windows image's is an empty <powershell></powershell>
      // block, which runs nothing. Without user data of its own, the template has none.
      cfn().addPropertyDeletionOverride("LaunchTemplateData.UserData");
    }
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
   * @param enclaves null leaves Nitro Enclaves off
   */
  public record Props(AmiChoice ami, InstanceType instanceType, int rootVolumeGiB,
      boolean publicIp, SsmInstanceRole role, ISecurityGroup securityGroup, UserData userData,
      EbsDeviceVolumeType volumeType, Enclaves enclaves) {

    public static Props of(AmiChoice ami, InstanceType instanceType) {
      return new Props(ami, instanceType, 20, false, null, null, null, EbsDeviceVolumeType.GP3, null);
    }

    public Props withVolumeType(EbsDeviceVolumeType t) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, securityGroup, userData, t, enclaves);
    }

    /** Nitro Enclaves on, for instances of {@code instanceTypes}, each of which the snapshot must record as supporting them. */
    public Props withEnclaves(Enclaves e) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, securityGroup, userData, volumeType, e);
    }

    public Props withRole(SsmInstanceRole r) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, r, securityGroup, userData, volumeType, enclaves);
    }

    public Props withSecurityGroup(ISecurityGroup sg) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, sg, userData, volumeType, enclaves);
    }

    public Props withUserData(UserData ud) {
      return new Props(ami, instanceType, rootVolumeGiB, publicIp, role, securityGroup, ud, volumeType, enclaves);
    }

    public Props withRootVolumeGiB(int gib) {
      return new Props(ami, instanceType, gib, publicIp, role, securityGroup, userData, volumeType, enclaves);
    }

    public Props withPublicIp(boolean p) {
      return new Props(ami, instanceType, rootVolumeGiB, p, role, securityGroup, userData, volumeType, enclaves);
    }
  }

  /**
   * Nitro Enclaves for the instances of a launch template.
   *
   * @param instanceTypes every type that may launch from the template (an Auto Scaling group's overrides too)
   * @param snapshot the instance types snapshot of {@code bin/fleetkit nitro-audit --snapshot}
   * @param snapshotName its file, for messages
   */
  public record Enclaves(List<String> instanceTypes, InstanceTypes snapshot, String snapshotName) {
    public Enclaves {
      instanceTypes = List.copyOf(instanceTypes);
    }
  }
}
