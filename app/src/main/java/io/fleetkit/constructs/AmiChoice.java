package io.fleetkit.constructs;

import io.fleetkit.config.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.OperatingSystemType;
import software.amazon.awscdk.services.ec2.SsmParameterImageOptions;

/**
 * The AMI an instance or launch template boots and the name of that AMI's root device, which the
 * encrypted root volume mapping must use. A plan decides it from config; {@link #machineImage()} makes
 * the CDK image only when a construct needs it.
 *
 * <p>Two sources resolve at deploy time ({@link SsmParameter}, {@link LatestAmazonLinux2023}): CloudFormation
 * reads the parameter at every deploy, so a new image replaces an instance on the next deploy. Two pin the
 * AMI at synth, for stateful or singleton instances: {@link AmiId} (an ID from config) and
 * {@link CachedLatestAmazonLinux2023} (looked up once and cached in cdk.context.json).
 *
 * @param rootDevice the AMI's root device name, /dev/xvda or /dev/sda1 (EC2 User Guide, "Device names
 *     for volumes on Amazon EC2 instances": it differs by AMI)
 */
public record AmiChoice(Source source, String rootDevice) {
  /** The root device of Amazon Linux 2023, fleetkit's default image (defined once, in config). */
  public static final String AMAZON_LINUX_ROOT_DEVICE = Checks.AMAZON_LINUX_ROOT_DEVICE;
  /** The root device of AWS's Windows Server AMIs (EC2 User Guide, "Device names for volumes on Amazon EC2 instances"). */
  public static final String WINDOWS_ROOT_DEVICE = "/dev/sda1";

  /** Where the AMI ID comes from. */
  public sealed interface Source permits SsmParameter, WindowsSsmParameter, LatestAmazonLinux2023, AmiId,
      CachedLatestAmazonLinux2023 {
    IMachineImage machineImage();
  }

  /** An SSM parameter that holds the AMI ID; CloudFormation reads it at every deploy. */
  public record SsmParameter(String name) implements Source {
    @Override
    public IMachineImage machineImage() {
      return MachineImage.fromSsmParameter(name);
    }
  }

  /**
   * An SSM parameter that holds a Windows AMI ID, read at every deploy. The image is a Windows one for CDK, so a
   * launch template gets Windows user data ({@code <powershell>}), never a {@code #!/bin/bash} line.
   */
  public record WindowsSsmParameter(String name) implements Source {
    @Override
    public IMachineImage machineImage() {
      return MachineImage.fromSsmParameter(name, SsmParameterImageOptions.builder().os(OperatingSystemType.WINDOWS).build());
    }
  }

  /**
   * AWS's public SSM parameter for the latest Amazon Linux 2023 (kernel 6.1) of the CPU, read at every
   * deploy: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64 or -arm64.
   */
  public record LatestAmazonLinux2023(Cpu cpu) implements Source {
    @Override
    public IMachineImage machineImage() {
      return MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
          .cpuType(cpu == Cpu.ARM_64 ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
          .build());
    }
  }

  /** An AMI ID fixed in config for {@code region}: the template holds the ID itself. */
  public record AmiId(String region, String id) implements Source {
    @Override
    public IMachineImage machineImage() {
      return MachineImage.genericLinux(Map.of(region, id));
    }
  }

  /**
   * The latest Amazon Linux 2023 (kernel 6.1) of the CPU, read from AWS's public SSM parameter by the CDK CLI at
   * the first synth with credentials and cached in cdk.context.json ({@code cachedInContext}, a context lookup
   * like Vpc.fromLookup): the template holds the ID, and a newer AMI changes nothing until the cached value is
   * reset ({@code cdk context --reset}). The stack needs a concrete account and Region.
   */
  public record CachedLatestAmazonLinux2023(Cpu cpu) implements Source {
    @Override
    public IMachineImage machineImage() {
      return MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
          .cpuType(cpu == Cpu.ARM_64 ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
          .cachedInContext(true)
          .build());
    }
  }

  /** The CPU architecture an AMI is built for. */
  public enum Cpu {
    X86_64, ARM_64;

    // Graviton families carry a "g" right after the generation: m7g, c7gn, r6gd, t4g, im4gn, g5g; plus a1.
    private static final Pattern GRAVITON_FAMILY = Pattern.compile("a1|[a-z]+\\d+g[a-z]*");

    /** The CPU of an instance type, such as m7g.large (ARM_64) or m7i-flex.large (X86_64). */
    public static Cpu of(String instanceType) {
      String family = instanceType.substring(0, Math.max(0, instanceType.indexOf('.')));
      int dash = family.indexOf('-');
      return GRAVITON_FAMILY.matcher(dash < 0 ? family : family.substring(0, dash)).matches() ? ARM_64 : X86_64;
    }
  }

  public AmiChoice {
    if (source == null || rootDevice == null || rootDevice.isBlank()) {
      throw new IllegalArgumentException("an AMI choice needs a source and a root device name");
    }
  }

  /** The latest Amazon Linux 2023 for the CPU, with its root device. */
  public static AmiChoice latestAmazonLinux2023(Cpu cpu) {
    return new AmiChoice(new LatestAmazonLinux2023(cpu), AMAZON_LINUX_ROOT_DEVICE);
  }

  /**
   * The configured image: {@code image_ssm_parameter} with its {@code image_root_device}, else the latest
   * Amazon Linux 2023 for the CPU (config allows only /dev/xvda then).
   */
  public static AmiChoice of(Optional<String> ssmParameter, String rootDevice, Cpu cpu) {
    return ssmParameter.map(p -> new AmiChoice(new SsmParameter(p), rootDevice))
        .orElseGet(() -> new AmiChoice(new LatestAmazonLinux2023(cpu), rootDevice));
  }

  /**
   * An Amazon Linux 2023 image fixed at synth: the AMI ID of {@code region} when one is given, else the cached
   * lookup of the newest image for the CPU.
   */
  public static AmiChoice pinnedAmazonLinux2023(Optional<String> amiId, String region, Cpu cpu) {
    Source s = amiId.<Source>map(id -> new AmiId(region, id)).orElseGet(() -> new CachedLatestAmazonLinux2023(cpu));
    return new AmiChoice(s, AMAZON_LINUX_ROOT_DEVICE);
  }

  /** A Windows AMI from an SSM parameter (such as AWS's public Windows parameters), with Windows's root device. */
  public static AmiChoice windows(String ssmParameter) {
    return new AmiChoice(new WindowsSsmParameter(ssmParameter), WINDOWS_ROOT_DEVICE);
  }

  /** Whether the AMI runs Windows. */
  public boolean windows() {
    return source instanceof WindowsSsmParameter;
  }

  /** Whether the AMI is fixed in the template at synth (not read from SSM at deploy time). */
  public boolean pinnedAtSynth() {
    return source instanceof AmiId || source instanceof CachedLatestAmazonLinux2023;
  }

  public IMachineImage machineImage() {
    return source.machineImage();
  }
}
