package io.fleetkit.stacks.credentialguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigException;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Issue 14's acceptance for {@code <prefix>-credential-guard}, on a config with every key set. */
class CredentialGuardStackTest {
  static final String YAML = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: eu-west-1
      credential_guard:
        enabled: true
        target_tag: {key: Security, value: credential-guard}
        windows_version: "2022"
        instance_type: m6i.large
        uefi_lock: false
        root_volume_gib: 60
        schedule: rate(12 hours)
      """;
  /** SSM document content quota: 64 KB (Systems Manager endpoints and quotas, "Maximum size of a document"). */
  static final int DOCUMENT_MAX_BYTES = 64 * 1024;
  static Template template;
  static String script;

  @BeforeAll
  static void synth() {
    template = TestApps.template(YAML, "fleetkit-credential-guard");
    script = CredentialGuardScriptTest.scriptOf(template);
  }

  @Test
  void theCommandDocumentWritesTheRegistryValuesRebootsOnceAndVerifies() {
    template.resourceCountIs("AWS::SSM::Document", 1);
    // Named, and updated in place to a new default version (constructs/SsmDocument).
    template.hasResourceProperties("AWS::SSM::Document", Map.of("DocumentType", "Command", "DocumentFormat", "JSON",
        "Name", "fleetkit-EnableCredentialGuard", "UpdateMethod", "NewVersion", "TargetType", "/AWS::EC2::Instance",
        "Content", Match.objectLike(Map.of("schemaVersion", "2.2"))));
    // The four settings (Microsoft "Configure Credential Guard", registry; "Enable memory integrity", registry).
    for (String write : List.of(
        "Set-RegistryDword -Path $DeviceGuardKey -Name 'EnableVirtualizationBasedSecurity' -Value 1",
        "Set-RegistryDword -Path $DeviceGuardKey -Name 'RequirePlatformSecurityFeatures' -Value $PlatformSecurityFeatures",
        "Set-RegistryDword -Path $HvciKey -Name 'Enabled' -Value 0",
        "Set-RegistryDword -Path $LsaKey -Name 'LsaCfgFlags' -Value $LsaCfgFlags",
        "$DeviceGuardKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard'",
        "$HvciKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity'",
        "$LsaKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa'",
        "$LsaCfgFlags = 2", "$PlatformSecurityFeatures = 3", "Confirm-SecureBootUEFI", "Get-Tpm",
        "exit 3010",
        "$guard = Get-CimInstance -ClassName Win32_DeviceGuard -Namespace 'root\\Microsoft\\Windows\\DeviceGuard'",
        "if ($running -contains 1 -and $running -notcontains 2) {")) {
      assertTrue(script.contains(write), "the script lacks: " + write);
    }
    assertTrue(script.contains("$SupportedFamilies = @('c5', 'c5d', 'c5n', 'c6i', 'c6id', 'c6in', 'c7i', 'c7i-flex', 'm5',"),
        script);
  }

  @Test
  void theScriptDownloadsNothingAndOnlyAsksTheInstanceMetadataService() {
    assertTrue(!Pattern.compile("(?i)Invoke-WebRequest|Start-BitsTransfer|DownloadFile|DownloadString|WebClient|curl|wget|"
        + "Install-Module|Install-Package|Expand-Archive").matcher(script).find(), script);
    // SSM reads {{ name }} in a document as a parameter reference (none is declared).
    assertTrue(!script.contains("{{"), script);
    List<String> restCalls = script.lines().filter(l -> l.contains("Invoke-RestMethod")).toList();
    assertEquals(2, restCalls.size());
    restCalls.forEach(l -> assertTrue(l.contains("-Uri 'http://169.254.169.254/latest/"), l));
  }

  @Test
  void theDocumentFitsTheSsmSizeQuota() throws Exception {
    Capture content = new Capture();
    template.hasResourceProperties("AWS::SSM::Document", Map.of("Content", content));
    int bytes = new ObjectMapper().writeValueAsString(content.asObject()).getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes < DOCUMENT_MAX_BYTES / 4, bytes + " bytes");
  }

  @Test
  void anAssociationByTagRunsTheDocumentWithComplianceSeverityHigh() {
    template.resourceCountIs("AWS::SSM::Association", 1);
    template.hasResourceProperties("AWS::SSM::Association", Map.of(
        "AssociationName", "fleetkit-credential-guard",
        "Name", Map.of("Ref", template.findResources("AWS::SSM::Document").keySet().iterator().next()),
        "DocumentVersion", "$DEFAULT",
        "Targets", List.of(Map.of("Key", "tag:Security", "Values", List.of("credential-guard"))),
        "ComplianceSeverity", "HIGH",
        "ScheduleExpression", "rate(12 hours)",
        "MaxConcurrency", "10%",
        "MaxErrors", "10%"));
  }

  @Test
  void theLaunchTemplateBootsTheNitroTpmWindowsAmiWithImdsv2AndAnEncryptedRootVolume() {
    template.resourceCountIs("AWS::EC2::LaunchTemplate", 1);
    Capture image = new Capture();
    template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of(
        "LaunchTemplateName", "fleetkit-credential-guard-windows-2022",
        "LaunchTemplateData", Match.objectLike(Map.of(
            "ImageId", Map.of("Ref", image),
            "InstanceType", "m6i.large",
            "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
            "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of(
                "Encrypted", true, "VolumeType", "gp3", "VolumeSize", 60, "DeleteOnTermination", true))),
            "NetworkInterfaces", List.of(Map.of("AssociatePublicIpAddress", false, "DeviceIndex", 0)),
            // No user data: not the Linux #!/bin/bash of a generic image, nor an empty <powershell> block.
            "UserData", Match.absent(),
            "TagSpecifications", Match.arrayWith(List.of(Match.objectLike(Map.of("ResourceType", "instance",
                "Tags", Match.arrayWith(List.of(Map.of("Key", "Security", "Value", "credential-guard")))))))))));
    template.hasParameter(image.asString(), Map.of("Type", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        "Default", "/aws/service/ami-windows-latest/TPM-Windows_Server-2022-English-Full-Base"));
  }

  @Test
  void theInstanceRoleIsTheSsmCoreOnly() {
    template.resourceCountIs("AWS::IAM::Role", 1);
    template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("",
        List.of("arn:", Map.of("Ref", "AWS::Partition"), ":iam::aws:policy/AmazonSSMManagedInstanceCore")))),
        "Policies", Match.absent()));
    template.resourceCountIs("AWS::IAM::Policy", 0);
  }

  @Test
  void eachVersionHasItsPublicParameter() {
    for (String v : List.of("2016", "2019")) {
      var plan = CredentialGuardPlan.of(TestApps.config(YAML.replace("\"2022\"", "\"" + v + "\"")));
      assertEquals("/aws/service/ami-windows-latest/TPM-Windows_Server-" + v + "-English-Full-Base", plan.amiParameter());
      assertEquals("fleetkit-credential-guard-windows-" + v, plan.launchTemplateName());
    }
  }

  @Test
  void theChinaRegionsHaveNoAmiForIt() {
    var e = assertThrows(ConfigException.class, () -> CredentialGuardPlan.of(TestApps.config(YAML.replace("eu-west-1",
        "cn-north-1"))));
    assertEquals(List.of("test.yaml:6:12: credential_guard.enabled: project.region cn-north-1 has no Windows AMI with"
        + " UEFI Secure Boot and NitroTPM (AWS does not offer them in the China Regions), which Credential Guard needs"
        + " (expected credential_guard in a Region outside China)"), e.lines());
  }

  @Test
  void aPrefixThatWouldNameAReservedDocumentIsAConfigError() {
    var e = assertThrows(ConfigException.class, () -> CredentialGuardPlan.of(TestApps.config(YAML.replace("prefix: fleetkit",
        "prefix: amazon-edge"))));
    assertEquals(List.of("test.yaml:2:11: project.prefix: \"amazon-edge\" would name the SSM document"
        + " amazon-edge-EnableCredentialGuard, and SSM reserves names starting with aws, amazon or amzn (expected another"
        + " prefix when credential_guard is enabled)"), e.lines());
  }

  @Test
  void approvedTemplate() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-credential-guard", template.toJSON());
  }
}
