package io.fleetkit.cli;

import io.fleetkit.config.CredentialGuardConfig;
import io.fleetkit.discovery.CredentialGuardProbe.ImageFacts;
import io.fleetkit.discovery.CredentialGuardProbe.InstanceFacts;
import io.fleetkit.discovery.CredentialGuardProbe.ManagedFacts;
import io.fleetkit.discovery.CredentialGuardProbe.TypeFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prerequisites of Credential Guard on EC2 (EC2 User Guide, "Credential Guard for Windows instances"; NitroTPM
 * and UEFI requirements), judged from what EC2 and SSM said: each is met, not met, or cannot be told.
 */
final class CredentialGuardCheck {
  enum Status { MET, NOT_MET, UNKNOWN }

  /** One prerequisite of one subject (an AMI, an instance type or an instance) and what was found. */
  record Result(String subject, String prerequisite, Status status, String found) {}

  private final List<Result> results = new ArrayList<>();

  List<Result> results() {
    return List.copyOf(results);
  }

  boolean allMet() {
    return results.stream().allMatch(r -> r.status() == Status.MET);
  }

  void image(String id, Optional<ImageFacts> facts) {
    String subject = "AMI " + id;
    if (facts.isEmpty()) {
      add(subject, "available", Status.UNKNOWN, "EC2 no longer lists it (deregistered?): its boot mode and TPM support"
          + " cannot be read");
      return;
    }
    ImageFacts i = facts.get();
    add(subject, "platform", "windows".equals(i.platform()), "windows".equals(i.platform()) ? "windows"
        : "Linux/UNIX (Credential Guard is a Windows feature)");
    String boot = i.bootMode();
    add(subject, "boot mode", "uefi".equals(boot) || "uefi-preferred".equals(boot), boot == null
        ? "none set (boots in the type's default, legacy BIOS on most: expected uefi, as TPM-Windows_Server AMIs have)"
        : "uefi-preferred".equals(boot) ? "uefi-preferred (UEFI on types that support it)" : boot);
    add(subject, "TPM support", "v2.0".equals(i.tpmSupport()), "v2.0".equals(i.tpmSupport()) ? "v2.0 (NitroTPM)"
        : "none (AWS requires an AMI with NitroTPM: TPM-Windows_Server-<version>-English-Full-Base)");
  }

  void instanceType(TypeFacts t) {
    String subject = "instance type " + t.type();
    Optional<String> why = CredentialGuardConfig.unsupported(t.type());
    add(subject, "listed by AWS", why.isEmpty(), why.map(w -> "no: " + w)
        .orElse(CredentialGuardConfig.family(t.type()).orElse(t.type()) + " family, size supported"));
    add(subject, "hypervisor", "nitro".equals(t.hypervisor()), t.hypervisor() == null ? "none" : t.hypervisor());
    add(subject, "bare metal", !t.bareMetal(), t.bareMetal() ? "yes (not supported)" : "no");
    add(subject, "UEFI boot", t.bootModes().contains("uefi"), t.bootModes().isEmpty() ? "no boot modes listed"
        : String.join(", ", t.bootModes()));
    boolean tpm = "supported".equals(t.nitroTpm()) && t.tpmVersions().contains("2.0");
    add(subject, "NitroTPM", tpm, tpm ? "supported (" + String.join(", ", t.tpmVersions()) + ")"
        : t.nitroTpm() == null ? "unsupported" : t.nitroTpm());
  }

  void instance(InstanceFacts i, Optional<ManagedFacts> managed) {
    String subject = "instance " + i.id();
    add(subject, "platform", "windows".equals(i.platform()), "windows".equals(i.platform()) ? "windows" : "Linux/UNIX");
    String boot = i.currentBootMode();
    if (boot == null) add(subject, "current boot mode", Status.UNKNOWN, "not reported (stopped instances report none)");
    else add(subject, "current boot mode", "uefi".equals(boot), boot);
    add(subject, "NitroTPM", "v2.0".equals(i.tpmSupport()), i.tpmSupport() == null ? "none" : i.tpmSupport());
    if (managed.isEmpty()) {
      add(subject, "managed by SSM", false, "no: State Manager cannot run the document there (SSM Agent and an"
          + " instance profile with AmazonSSMManagedInstanceCore)");
      add(subject, "OS build", Status.UNKNOWN, "SSM has no inventory of it");
      return;
    }
    ManagedFacts m = managed.get();
    add(subject, "managed by SSM", "Online".equals(m.pingStatus()), m.pingStatus() == null ? "no ping status" : m.pingStatus());
    osBuild(subject, m);
  }

  private void osBuild(String subject, ManagedFacts m) {
    String version = m.platformVersion();
    String build = version == null ? "" : version.substring(version.lastIndexOf('.') + 1);
    String name = m.platformName() == null ? "" : "; " + m.platformName();
    if (!build.matches("\\d+")) {
      add(subject, "OS build", Status.UNKNOWN, "SSM reports platform version " + version + name);
      return;
    }
    int number = Integer.parseInt(build);
    if (number == CredentialGuardConfig.UNSUPPORTED_BUILD) {
      add(subject, "OS build", false, build + " (Windows Server 2025: AWS does not support Credential Guard on it" + name + ")");
      return;
    }
    Optional<String> release = CredentialGuardConfig.VERSIONS.entrySet().stream().filter(e -> e.getValue() == number)
        .map(Map.Entry::getKey).findFirst();
    add(subject, "OS build", release.isPresent(), release.map(r -> build + " (Windows Server " + r + name + ")")
        .orElse(build + " (not Windows Server 2016, 2019 or 2022" + name + ")"));
  }

  private void add(String subject, String prerequisite, boolean met, String found) {
    add(subject, prerequisite, met ? Status.MET : Status.NOT_MET, found);
  }

  private void add(String subject, String prerequisite, Status status, String found) {
    results.add(new Result(subject, prerequisite, status, found));
  }
}
