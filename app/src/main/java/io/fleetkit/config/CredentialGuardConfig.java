package io.fleetkit.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Credential Guard on Windows Server instances (AWS Compute Blog "Enabling Microsoft Defender Credential Guard on
 * Amazon EC2"; EC2 User Guide, "Credential Guard for Windows instances",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/credential-guard.html).
 *
 * @param tagKey instances with this tag key...
 * @param tagValue ...and this value get the Command document through a State Manager association
 * @param windowsVersion Windows Server version of the launch template's AMI: 2016, 2019 or 2022
 * @param instanceType the launch template's instance type, one of {@link #SUPPORTED_FAMILIES}
 * @param uefiLock LsaCfgFlags 1 (enabled with UEFI lock) instead of 2 (enabled without lock)
 * @param rootVolumeGiB the launch template's encrypted root volume
 * @param schedule how often State Manager re-applies the document: rate(...) or a 6-field cron(...)
 */
public record CredentialGuardConfig(
    boolean enabled,
    String tagKey,
    String tagValue,
    String windowsVersion,
    String instanceType,
    boolean uefiLock,
    int rootVolumeGiB,
    String schedule) {

  /**
   * The instance types that support Credential Guard "across all sizes unless noted otherwise", as the EC2 User
   * Guide lists them (Credential Guard for Windows instances, Prerequisites, Instance types): C5, C5d, C5n, C6i,
   * C6id, C6in, C7i, C7i-flex, M5, M5d, M5dn, M5n, M5zn, M6i, M6id, M6idn, M6in, M7i, M7i-flex, R5, R5b, R5d, R5dn,
   * R5n, R6i, R6id, R6idn, R6in, R7i, R7iz, T3. Not T3a, not the AMD or Graviton families.
   */
  public static final List<String> SUPPORTED_FAMILIES = List.of(
      "c5", "c5d", "c5n", "c6i", "c6id", "c6in", "c7i", "c7i-flex",
      "m5", "m5d", "m5dn", "m5n", "m5zn", "m6i", "m6id", "m6idn", "m6in", "m7i", "m7i-flex",
      "r5", "r5b", "r5d", "r5dn", "r5n", "r6i", "r6id", "r6idn", "r6in", "r7i", "r7iz",
      "t3");

  /** "Credential Guard isn't supported for ... The following instance types: C7i.48xlarge, M7i.48xlarge, and R7i.48xlarge." */
  public static final List<String> UNSUPPORTED_TYPES = List.of("c7i.48xlarge", "m7i.48xlarge", "r7i.48xlarge");

  /** Windows Server versions with a NitroTPM and UEFI Secure Boot AMI, and their OS build numbers. */
  public static final Map<String, Integer> VERSIONS = builds();

  /**
   * Windows Server 2025 (build 26100): AWS documents Credential Guard for the NitroTPM Windows Server 2016, 2019
   * and 2022 AMIs, not for 2025.
   */
  public static final String UNSUPPORTED_VERSION = "2025";
  public static final int UNSUPPORTED_BUILD = 26_100;

  private static Map<String, Integer> builds() {
    Map<String, Integer> m = new TreeMap<>();
    m.put("2016", 14_393);
    m.put("2019", 17_763);
    m.put("2022", 20_348);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * AWS's public SSM parameter of the newest Windows Server AMI of {@code version} with NitroTPM and UEFI Secure
   * Boot (AWS Windows AMIs Reference, "AWS Windows Server NitroTPM enabled AMIs";
   * /aws/service/ami-windows-latest/TPM-Windows_Server-2016|2019|2022-English-Full-Base).
   */
  public static String amiParameter(String version) {
    return "/aws/service/ami-windows-latest/TPM-Windows_Server-" + version + "-English-Full-Base";
  }

  /** The instance type's family, such as c7i-flex for c7i-flex.large; empty when it has no dot. */
  public static Optional<String> family(String instanceType) {
    int dot = instanceType.indexOf('.');
    return dot <= 0 ? Optional.empty() : Optional.of(instanceType.substring(0, dot).toLowerCase(Locale.ROOT));
  }

  /** Whether the type is a bare metal size (m5.metal, c7i.metal-24xl). */
  public static boolean bareMetal(String instanceType) {
    int dot = instanceType.indexOf('.');
    return dot > 0 && instanceType.substring(dot + 1).toLowerCase(Locale.ROOT).startsWith("metal");
  }

  /** Why the type does not support Credential Guard, or empty when the EC2 User Guide lists it. */
  public static Optional<String> unsupported(String instanceType) {
    String t = instanceType.toLowerCase(Locale.ROOT);
    Optional<String> family = family(t);
    if (family.isEmpty() || !SUPPORTED_FAMILIES.contains(family.get())) {
      return Optional.of("its family is not one that AWS lists for Credential Guard");
    }
    if (bareMetal(t)) return Optional.of("it is bare metal, which Credential Guard does not support");
    if (UNSUPPORTED_TYPES.contains(t)) return Optional.of("AWS excludes it by name (c7i, m7i and r7i 48xlarge)");
    return Optional.empty();
  }

  /** The LsaCfgFlags value: 1 turns Credential Guard on with UEFI lock, 2 without lock (Microsoft, "Configure Credential Guard"). */
  public int lsaCfgFlags() {
    return uefiLock ? 1 : 2;
  }

  /** The section as an absent one reads: every key at its declared default. */
  public static CredentialGuardConfig disabled() {
    return new CredentialGuardConfig(false, CredentialGuardReader.TAG_KEY.defaultValue(),
        CredentialGuardReader.TAG_VALUE.defaultValue(), CredentialGuardReader.WINDOWS_VERSION.defaultValue(),
        CredentialGuardReader.INSTANCE_TYPE.defaultValue(), CredentialGuardReader.UEFI_LOCK.defaultValue(),
        CredentialGuardReader.ROOT_VOLUME_GIB.defaultValue(), CredentialGuardReader.SCHEDULE.defaultValue());
  }
}
