package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.inventory.InstanceTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceType;

/**
 * The hardened launch template's Nitro Enclaves option: on for types the instance types snapshot records as
 * supporting them (DescribeInstanceTypes NitroEnclavesSupport), refused for any other, and absent by default.
 */
class HardenedLaunchTemplateEnclavesTest {
  static final String SAMPLE = "samples/instance-types.json";
  static InstanceTypes snapshot;
  static Stack stack;
  static Template template;

  @BeforeAll
  static void build() {
    snapshot = InstanceTypes.read(Path.of(SAMPLE));
    stack = new Stack(new App(), "Enclaves", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
    var ami = AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64);
    new HardenedLaunchTemplate(stack, "WithEnclaves", HardenedLaunchTemplate.Props.of(ami, new InstanceType("c5.xlarge"))
        .withEnclaves(new HardenedLaunchTemplate.Enclaves(List.of("m5.xlarge"), snapshot, SAMPLE)));
    new HardenedLaunchTemplate(stack, "Plain", HardenedLaunchTemplate.Props.of(ami, new InstanceType("m5.large")));
    template = Template.fromStack(stack);
  }

  @Test
  void enclavesAreOnWhereAsked() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateData",
        Match.objectLike(Map.of("InstanceType", "c5.xlarge", "EnclaveOptions", Map.of("Enabled", true))))));
  }

  @Test
  void enclavesAreAbsentByDefault() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateData",
        Match.objectLike(Map.of("InstanceType", "m5.large", "EnclaveOptions", Match.absent())))));
  }

  @Test
  void aTypeWithoutEnclaveSupportIsRefusedWithTheSnapshotsWord() {
    var e = assertThrows(IllegalArgumentException.class, () -> new HardenedLaunchTemplate(stack, "Refused",
        HardenedLaunchTemplate.Props.of(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64), new InstanceType("m5.large"))
            .withEnclaves(new HardenedLaunchTemplate.Enclaves(List.of("t2.micro"), snapshot, SAMPLE))));
    assertEquals("t2.micro does not support Nitro Enclaves (instance types snapshot samples/instance-types.json:"
        + " NitroEnclavesSupport is unsupported in us-east-1); m5.large does not support Nitro Enclaves (instance types snapshot"
        + " samples/instance-types.json: NitroEnclavesSupport is unsupported in us-east-1)", e.getMessage());
  }

  @Test
  void aMixedInstancesTemplateNeedsTheTypesThatLaunchFromIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> new HardenedLaunchTemplate(stack, "NoTypes",
        HardenedLaunchTemplate.Props.of(AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64), null)
            .withEnclaves(new HardenedLaunchTemplate.Enclaves(List.of(), snapshot, SAMPLE))));
    assertEquals("Nitro Enclaves need the instance types that launch from Enclaves/NoTypes", e.getMessage());
  }
}
