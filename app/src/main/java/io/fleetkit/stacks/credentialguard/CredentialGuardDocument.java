package io.fleetkit.stacks.credentialguard;

import io.fleetkit.config.CredentialGuardConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SSM Command document (schema 2.2) that State Manager runs on tagged Windows instances: one
 * {@code aws:runPowerShellScript} step, {@value #STEP}, whose script (enable-credential-guard.ps1 beside this class,
 * with the settings of config.yaml put in at its {@value #SETTINGS_MARKER} line) checks the prerequisites, turns
 * memory integrity off, writes the Credential Guard registry values, exits 3010 once so that SSM Agent reboots the
 * instance and runs it again, and then fails unless {@code Win32_DeviceGuard} reports Credential Guard running.
 */
public final class CredentialGuardDocument {
  static final String SCRIPT = "enable-credential-guard.ps1";
  static final String SETTINGS_MARKER = "# fleetkit: settings";
  public static final String STEP = "EnableCredentialGuard";
  /** SSM Agent reboots a Windows node and runs the script again when it exits 3010 (Systems Manager User Guide, "Handling reboots when running commands"). */
  public static final int REBOOT_EXIT_CODE = 3010;
  /**
   * RequirePlatformSecurityFeatures: 1 is Secure Boot, 3 Secure Boot and DMA protection (Microsoft, "Configure
   * Credential Guard", registry). The EC2 User Guide's steps choose "Secure Boot and DMA Protection" for EC2.
   */
  public static final int PLATFORM_SECURITY_FEATURES = 3;
  /** aws:runPowerShellScript timeoutSeconds; the script makes a few local calls and one metadata request. */
  static final String TIMEOUT_SECONDS = "600";

  private CredentialGuardDocument() {}

  /** The document content, ordered as written. */
  static Map<String, Object> content(CredentialGuardConfig config) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("timeoutSeconds", TIMEOUT_SECONDS);
    inputs.put("runCommand", script(config));
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("action", "aws:runPowerShellScript");
    step.put("name", STEP);
    // A tagged Linux instance skips the step instead of failing on PowerShell.
    step.put("precondition", Map.of("StringEquals", List.of("platformType", "Windows")));
    step.put("inputs", inputs);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", "2.2");
    doc.put("description", "fleetkit credential_guard: checks the prerequisites, turns memory integrity off, turns on"
        + " Credential Guard (LsaCfgFlags " + config.lsaCfgFlags() + (config.uefiLock() ? ", UEFI lock" : ", without lock")
        + "), reboots once through exit 3010, then fails unless Win32_DeviceGuard reports Credential Guard running");
    doc.put("mainSteps", List.of(step));
    return doc;
  }

  /** The script's lines, with config's settings at the marker line. */
  static List<String> script(CredentialGuardConfig config) {
    List<String> body = resourceLines();
    List<String> out = new ArrayList<>();
    int markers = 0;
    for (String line : body) {
      if (line.equals(SETTINGS_MARKER)) {
        markers++;
        out.add("# Settings from config.yaml (credential_guard) and the EC2 User Guide's supported instance types.");
        out.add("$LsaCfgFlags = " + config.lsaCfgFlags());
        out.add("$PlatformSecurityFeatures = " + PLATFORM_SECURITY_FEATURES);
        out.add("$SupportedBuilds = @(" + CredentialGuardConfig.VERSIONS.values().stream().map(String::valueOf)
            .collect(Collectors.joining(", ")) + ")");
        out.add("$UnsupportedBuild = " + CredentialGuardConfig.UNSUPPORTED_BUILD);
        out.add("$SupportedFamilies = " + array(CredentialGuardConfig.SUPPORTED_FAMILIES));
        out.add("$UnsupportedTypes = " + array(CredentialGuardConfig.UNSUPPORTED_TYPES));
      } else {
        out.add(line);
      }
    }
    if (markers != 1) throw new IllegalStateException(SCRIPT + " has " + markers + " \"" + SETTINGS_MARKER + "\" lines (expected 1)");
    return out;
  }

  private static String array(List<String> values) {
    return "@(" + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + ")";
  }

  private static List<String> resourceLines() {
    try (InputStream in = CredentialGuardDocument.class.getResourceAsStream(SCRIPT)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + SCRIPT + " beside " + CredentialGuardDocument.class);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
