package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.UserData;

/**
 * {@link HardenedLaunchTemplate} on a Windows AMI: the root volume on /dev/sda1, no user data unless given (not the
 * {@code #!/bin/bash} a generic SSM-parameter image gets), and Windows user data as a {@code <powershell>} block.
 */
class WindowsLaunchTemplateTest {
  static final String PARAMETER = "/aws/service/ami-windows-latest/TPM-Windows_Server-2022-English-Full-Base";
  static Template template;

  @BeforeAll
  static void build() {
    // cdk.json's feature flags: @aws-cdk/aws-ec2:launchTemplateDefaultUserData gives a template its image's user data.
    Stack stack = new Stack(TestApps.app(), "Windows", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
    new HardenedLaunchTemplate(stack, "Plain", HardenedLaunchTemplate.Props
        .of(AmiChoice.windows(PARAMETER), new InstanceType("m6i.large")).withRootVolumeGiB(50));
    UserData script = UserData.forWindows();
    script.addCommands("Write-Output 'hello'");
    new HardenedLaunchTemplate(stack, "WithScript", HardenedLaunchTemplate.Props
        .of(AmiChoice.windows(PARAMETER), new InstanceType("m6i.large")).withRootVolumeGiB(50).withUserData(script));
    // The same parameter as a generic (Linux) image: what the template had before AmiChoice knew Windows.
    new HardenedLaunchTemplate(stack, "AsLinux", HardenedLaunchTemplate.Props
        .of(new AmiChoice(new AmiChoice.SsmParameter(PARAMETER), AmiChoice.WINDOWS_ROOT_DEVICE), new InstanceType("m6i.large")));
    template = Template.fromStack(stack);
  }

  @Test
  void aWindowsChoiceIsWindowsWithItsRootDevice() {
    assertEquals(new AmiChoice(new AmiChoice.WindowsSsmParameter(PARAMETER), "/dev/sda1"), AmiChoice.windows(PARAMETER));
    assertEquals(List.of(true, false), List.of(AmiChoice.windows(PARAMETER).windows(),
        new AmiChoice(new AmiChoice.SsmParameter(PARAMETER), "/dev/sda1").windows()));
  }

  @Test
  void withoutUserDataTheTemplateHasNone() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of("DeleteOnTermination", true,
            "Encrypted", true, "VolumeSize", 50, "VolumeType", "gp3"))),
        "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
        "UserData", Match.absent()))));
  }

  @Test
  void givenUserDataIsAPowerShellBlockAndNeverABashLine() {
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "UserData", Map.of("Fn::Base64", "<powershell>Write-Output 'hello'</powershell>")))));
    // What the generic image would have given a Windows AMI.
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
        "UserData", Map.of("Fn::Base64", "#!/bin/bash")))));
    template.resourceCountIs("AWS::EC2::LaunchTemplate", 3);
  }
}
