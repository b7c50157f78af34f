package io.fleetkit.stacks.credentialguard;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.CredentialGuardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.SsmDocument;
import java.util.List;
import java.util.Map;

/**
 * What {@code <prefix>-credential-guard} builds, decided before any construct exists: the Command document's
 * content ({@link CredentialGuardDocument}) and name, the association's name, and the launch template's AMI parameter.
 *
 * @param amiParameter AWS's public SSM parameter of the NitroTPM Windows Server AMI of the configured version
 */
public record CredentialGuardPlan(String prefix, CredentialGuardConfig config, String amiParameter,
    Map<String, Object> documentContent) {

  public static CredentialGuardPlan of(FleetkitConfig config) {
    CredentialGuardConfig c = config.credentialGuard();
    String region = config.project().region().orElse("");
    // "AMIs of this type are not available in the China (Beijing) and China (Ningxia) Regions" (EC2 User Guide,
    // "Launch an instance with UEFI Secure Boot support", Windows AMIs).
    if (region.startsWith("cn-")) {
      throw new ConfigException(List.of(config.source().error("credential_guard.enabled", "project.region " + region
          + " has no Windows AMI with UEFI Secure Boot and NitroTPM (AWS does not offer them in the China Regions),"
          + " which Credential Guard needs (expected credential_guard in a Region outside China)")));
    }
    String prefix = config.project().prefix();
    var badName = SsmDocument.nameProblem(documentName(prefix));
    if (badName.isPresent()) {
      throw new ConfigException(List.of(config.source().error("project.prefix", "\"" + prefix + "\" would name the SSM"
          + " document " + documentName(prefix) + ", and " + badName.get() + " (expected another prefix when credential_guard is enabled)")));
    }
    return new CredentialGuardPlan(prefix, c,
        CredentialGuardConfig.amiParameter(c.windowsVersion()), CredentialGuardDocument.content(c));
  }

  /** The Command document, {@code <prefix>-EnableCredentialGuard}. */
  public static String documentName(String prefix) {
    return prefix + "-EnableCredentialGuard";
  }

  public String documentName() {
    return documentName(prefix);
  }

  /** The State Manager association, {@code <prefix>-credential-guard}. */
  public String associationName() {
    return prefix + "-credential-guard";
  }

  /** The launch template, {@code <prefix>-credential-guard-windows-<version>}. */
  public String launchTemplateName() {
    return prefix + "-credential-guard-windows-" + config.windowsVersion();
  }
}
