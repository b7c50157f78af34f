package io.fleetkit.stacks.capacity;

import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.MachineImage;

/** The AMI of a capacity stack: a configured SSM parameter, or the latest Amazon Linux 2023 for the CPU. */
final class Images {
  // Graviton families carry a "g" right after the generation: m7g, c7gn, r6gd, t4g, im4gn, g5g; plus a1.
  private static final Pattern GRAVITON_FAMILY = Pattern.compile("a1|[a-z]+\\d+g[a-z]*");

  private Images() {}

  static boolean isArm(String instanceType) {
    String family = instanceType.substring(0, Math.max(0, instanceType.indexOf('.')));
    int dash = family.indexOf('-');
    return GRAVITON_FAMILY.matcher(dash < 0 ? family : family.substring(0, dash)).matches();
  }

  /** Resolved at deploy time from SSM: synth stays offline and the template pins no AMI ID. */
  static IMachineImage image(Optional<String> ssmParameter, boolean arm) {
    return ssmParameter.<IMachineImage>map(MachineImage::fromSsmParameter)
        .orElseGet(() -> MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
            .cpuType(arm ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
            .build()));
  }
}
