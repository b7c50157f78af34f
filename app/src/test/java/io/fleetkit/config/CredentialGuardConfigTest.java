package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code credential_guard} section: defaults, and one pinned error line per bad input. */
class CredentialGuardConfigTest {
  static final String FAMILIES = "expected a virtualized size of c5, c5d, c5n, c6i, c6id, c6in, c7i, c7i-flex, m5, m5d,"
      + " m5dn, m5n, m5zn, m6i, m6id, m6idn, m6in, m7i, m7i-flex, r5, r5b, r5d, r5dn, r5n, r6i, r6id, r6idn, r6in, r7i,"
      + " r7iz, t3, other than c7i.48xlarge, m7i.48xlarge, r7i.48xlarge; EC2 User Guide, Credential Guard for Windows"
      + " instances)";

  static List<String> errors(String section) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml",
        "project: {prefix: fleetkit}\ncredential_guard:\n  enabled: true\n" + section)).lines();
  }

  @Test
  void absentSectionIsDisabledWithDefaults() {
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\n").credentialGuard();
    assertFalse(c.enabled());
    assertEquals(CredentialGuardConfig.disabled(), c);
    assertEquals("CredentialGuard", c.tagKey());
    assertEquals("2022", c.windowsVersion());
    assertEquals("m6i.large", c.instanceType());
    assertEquals(2, c.lsaCfgFlags());
    assertEquals(50, c.rootVolumeGiB());
    assertEquals("rate(1 day)", c.schedule());
  }

  @Test
  void anUnquotedVersionReadsAsText() {
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\ncredential_guard: {enabled: true,"
        + " windows_version: 2019, uefi_lock: true}\n").credentialGuard();
    assertEquals("2019", c.windowsVersion());
    assertEquals(1, c.lsaCfgFlags());
  }

  @Test
  void windows2025IsRejectedWithTheReason() {
    assertEquals(List.of("test.yaml:4:20: credential_guard.windows_version: \"2025\" is not supported: AWS does not support"
        + " Credential Guard on Windows Server 2025 (expected one of: 2016, 2019, 2022)"), errors("  windows_version: 2025\n"));
  }

  @Test
  void anUnknownVersionIsRejected() {
    assertEquals(List.of("test.yaml:4:20: credential_guard.windows_version: \"2012\" is not allowed (did you mean"
        + " \"2016\"? expected one of: 2016, 2019, 2022)"), errors("  windows_version: \"2012\"\n"));
  }

  @Test
  void anInstanceTypeOutsideTheFamiliesIsRejected() {
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"m6a.large\" does not support Credential Guard:"
        + " its family is not one that AWS lists for Credential Guard (" + FAMILIES), errors("  instance_type: m6a.large\n"));
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"t3a.micro\" does not support Credential Guard:"
        + " its family is not one that AWS lists for Credential Guard (" + FAMILIES), errors("  instance_type: t3a.micro\n"));
  }

  @Test
  void bareMetalIsRejected() {
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"m5.metal\" does not support Credential Guard:"
        + " it is bare metal, which Credential Guard does not support (" + FAMILIES), errors("  instance_type: m5.metal\n"));
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"c7i.metal-24xl\" does not support Credential"
        + " Guard: it is bare metal, which Credential Guard does not support (" + FAMILIES),
        errors("  instance_type: c7i.metal-24xl\n"));
  }

  @Test
  void theThreeExcludedSizesAreRejected() {
    for (String type : List.of("c7i.48xlarge", "m7i.48xlarge", "r7i.48xlarge")) {
      assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"" + type + "\" does not support Credential"
          + " Guard: AWS excludes it by name (c7i, m7i and r7i 48xlarge) (" + FAMILIES), errors("  instance_type: " + type + "\n"));
    }
  }

  @Test
  void somethingThatIsNoInstanceTypeGetsTheSharedCheckOnly() {
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"large\" is not an EC2 instance type (expected a"
        + " type that AWS SDK for Java 2.40.2 lists, such as m5.large)"), errors("  instance_type: large\n"));
    assertEquals(List.of("test.yaml:4:18: credential_guard.instance_type: \"m6i.huge\" is not an EC2 instance type (expected"
        + " a size of m6i: m6i.12xlarge, m6i.16xlarge, m6i.24xlarge, m6i.2xlarge, m6i.32xlarge, m6i.4xlarge, m6i.8xlarge,"
        + " m6i.large, m6i.metal, m6i.xlarge)"), errors("  instance_type: m6i.huge\n"));
  }

  @Test
  void everyDocumentedFamilyAndExcludedSizeIsOneTheSdkLists() {
    var types = AwsNames.get().instanceTypes();
    for (String family : CredentialGuardConfig.SUPPORTED_FAMILIES) {
      assertTrue(types.stream().anyMatch(t -> t.startsWith(family + ".")), family);
    }
    for (String type : CredentialGuardConfig.UNSUPPORTED_TYPES) assertTrue(types.contains(type), type);
  }

  @Test
  void everyListedFamilyAndItsVariantsPass() {
    for (String type : List.of("c5.large", "c5n.18xlarge", "c6in.xlarge", "c7i-flex.large", "m5zn.large", "m6idn.xlarge",
        "m7i-flex.2xlarge", "r5b.large", "r7iz.large", "t3.medium", "c7i.24xlarge", "M6I.LARGE")) {
      assertEquals(Optional.empty(), CredentialGuardConfig.unsupported(type), type);
    }
  }

  @Test
  void anAwsTagKeyIsRejected() {
    assertEquals(List.of("test.yaml:5:10: credential_guard.target_tag.key: \"aws:ec2launchtemplate:id\" is not a tag key: the"
        + " aws: prefix is reserved for AWS (expected 1-128 letters, digits, spaces and _ . : / = + - @, not starting with"
        + " aws:)"), errors("  target_tag:\n    key: aws:ec2launchtemplate:id\n"));
    assertEquals(List.of("test.yaml:5:12: credential_guard.target_tag.value: \"a,b\" is not a tag value: it contains ','"
        + " (U+002C) (expected 0-256 letters, digits, spaces and _ . : / = + - @)"),
        errors("  target_tag:\n    value: \"a,b\"\n"));
  }

  @Test
  void aRootVolumeSmallerThanTheAmiSnapshotIsRejected() {
    assertEquals(List.of("test.yaml:4:20: credential_guard.root_volume_gib: 20 is out of range (expected 30 to 16384)"),
        errors("  root_volume_gib: 20\n"));
  }

  @Test
  void everyErrorOfTheSectionAtOnce() {
    assertEquals(4, errors("  windows_version: 2025\n  instance_type: m5.metal\n  target_tag: {key: \"aws:x\"}\n"
        + "  schedule: rate(5 minutes)\n").size());
  }
}
