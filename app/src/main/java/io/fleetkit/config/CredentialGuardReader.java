package io.fleetkit.config;

import java.util.List;

/** Reads and checks the {@code credential_guard} section. */
final class CredentialGuardReader {
  static final Keys KEYS = new Keys("Credential Guard on Windows Server instances: an SSM Command document that turns"
      + " it on (memory integrity off, one reboot, then a check that it runs), a State Manager association by tag, and a"
      + " launch template on the NitroTPM Windows Server AMI; notes: [credential-guard.md](credential-guard.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-credential-guard`.");
  static final Block TARGET_TAG = KEYS.map("target_tag", "Instances with this tag get the document; the launch template"
      + " tags its instances with it.");
  // Tag characters exclude the commas and quotes that would split a State Manager target (Key=tag:<key>,Values=<value>).
  static final Key<String> TAG_KEY = TARGET_TAG.keys.text("key", "CredentialGuard",
      "Tag key; 1-128 letters, digits, spaces and `_ . : / = + - @`, not starting with `aws:`.");
  static final Key<String> TAG_VALUE = TARGET_TAG.keys.text("value", "enabled",
      "Tag value; 0-256 letters, digits, spaces and `_ . : / = + - @`.");
  static final Key<String> WINDOWS_VERSION = KEYS.text("windows_version", "2022", "Windows Server version of the launch"
      + " template's AMI, `TPM-Windows_Server-<version>-English-Full-Base` (NitroTPM and UEFI Secure Boot).")
      .oneOf(List.copyOf(CredentialGuardConfig.VERSIONS.keySet()))
      .note("2025 is rejected: AWS does not support Credential Guard on Windows Server 2025");
  static final Key<String> INSTANCE_TYPE = KEYS.text("instance_type", "m6i.large", "The launch template's instance type:"
      + " a size of a family the EC2 User Guide lists for Credential Guard (C5, C5d, C5n, C6i, C6id, C6in, C7i, C7i-flex,"
      + " M5, M5d, M5dn, M5n, M5zn, M6i, M6id, M6idn, M6in, M7i, M7i-flex, R5, R5b, R5d, R5dn, R5n, R6i, R6id, R6idn,"
      + " R6in, R7i, R7iz, T3), not bare metal, not c7i, m7i or r7i 48xlarge.");
  static final Key<Boolean> UEFI_LOCK = KEYS.bool("uefi_lock", false, "`true` sets LsaCfgFlags 1 (Credential Guard with"
      + " UEFI lock: it cannot be turned off from Windows, and turning it off needs a key press at boot, which an EC2"
      + " instance cannot give); `false` sets 2 (without lock).");
  // Windows Server base AMIs have a 30 GiB root snapshot; a volume cannot be smaller than its snapshot. gp3: up to 16,384 GiB.
  static final Key<Integer> ROOT_VOLUME_GIB = KEYS.integer("root_volume_gib", 50,
      "The launch template's encrypted gp3 root volume in GiB (the Windows AMIs' root snapshot is 30 GiB).").range(30, 16_384);
  static final Key<String> SCHEDULE = KEYS.text("schedule", "rate(1 day)", "How often State Manager re-applies the"
      + " document (it also runs when the association is created and when a tagged instance appears):"
      + " `rate(<n> minutes|hours|days)` of at least 30 minutes, or a 6-field `cron(...)`.");

  private CredentialGuardReader() {}

  static CredentialGuardConfig read(YamlMap m) {
    boolean enabled = m.get(ENABLED);
    YamlMap t = m.map(TARGET_TAG);
    String key = t.get(TAG_KEY);
    String value = t.get(TAG_VALUE);
    t.finish();
    String version = m.get(WINDOWS_VERSION);
    String type = m.get(INSTANCE_TYPE);
    boolean lock = m.get(UEFI_LOCK);
    int root = m.get(ROOT_VOLUME_GIB);
    String schedule = m.get(SCHEDULE);
    m.finish();
    return new CredentialGuardConfig(enabled, key, value, version, type, lock, root, schedule);
  }

  static void check(CredentialGuardConfig c, Problems p) {
    if (!c.enabled()) return;
    String base = "credential_guard";
    Checks.tagKey(p, base + ".target_tag.key", c.tagKey());
    Checks.tagValue(p, base + ".target_tag.value", c.tagValue());
    if (c.windowsVersion().equals(CredentialGuardConfig.UNSUPPORTED_VERSION)) {
      p.error(base + ".windows_version", "\"2025\" is not supported: AWS does not support Credential Guard on Windows"
          + " Server 2025 (expected one of: " + String.join(", ", WINDOWS_VERSION.choices()) + ")");
    } else {
      WINDOWS_VERSION.checkChoice(p, base + ".windows_version", c.windowsVersion());
    }
    // First a type the SDK's EC2 model lists, then one of the sizes the EC2 User Guide lists for Credential Guard.
    String type = c.instanceType();
    if (Checks.instanceType(p, base + ".instance_type", type)) {
      CredentialGuardConfig.unsupported(type).ifPresent(why -> p.error(base + ".instance_type", "\"" + type
          + "\" does not support Credential Guard: " + why + " (expected a virtualized size of "
          + String.join(", ", CredentialGuardConfig.SUPPORTED_FAMILIES) + ", other than "
          + String.join(", ", CredentialGuardConfig.UNSUPPORTED_TYPES) + "; EC2 User Guide, Credential Guard for Windows"
          + " instances)"));
    }
    ROOT_VOLUME_GIB.check(p, base, c.rootVolumeGiB());
    Schedules.association(p, base + ".schedule", c.schedule());
  }
}
