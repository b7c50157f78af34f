package io.fleetkit.stacks.credentialguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.PowerShell;
import io.fleetkit.support.PowerShell.Job;
import io.fleetkit.support.PowerShell.Run;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Credential Guard document's script, taken from the synthesized template, run on simulated Windows instances
 * ({@link PowerShell}): the reboot cycle as SSM Agent drives it (exit 3010, reboot, run again), idempotent re-runs,
 * and every refused prerequisite, each of which must fail before any registry value is written.
 */
class CredentialGuardScriptTest {
  static final String DG = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard";
  static final String HVCI = DG + "\\Scenarios\\HypervisorEnforcedCodeIntegrity";
  static final String LSA = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
  static final String POLICY = "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceGuard";
  static final String STATE = "HKLM:\\SOFTWARE\\fleetkit\\CredentialGuard";
  static final String BOOT_1 = "11/24/2026 09:30:00";
  static final String BOOT_2 = "11/24/2026 09:34:12";

  static String script;
  static String lockedScript;
  static final Map<String, Job> JOBS = new LinkedHashMap<>();
  static final Map<String, Run> RUNS = new LinkedHashMap<>();

  /** A fresh m6i.large from TPM-Windows_Server-2022: UEFI Secure Boot, NitroTPM, nothing configured. */
  static Map<String, Object> instance() {
    Map<String, Object> s = new TreeMap<>();
    s.put("os", new TreeMap<>(Map.of("BuildNumber", "20348", "ProductType", 3, "LastBootUpTime", BOOT_1)));
    s.put("secureBoot", true);
    s.put("tpm", Map.of("TpmPresent", true, "TpmReady", true));
    s.put("instanceType", "m6i.large");
    s.put("deviceGuard", guard(List.of(0), 0));
    Map<String, Object> registry = new TreeMap<>();
    registry.put(LSA, new TreeMap<>(Map.of("LsaPid", 700)));
    s.put("registry", registry);
    return s;
  }

  static Map<String, Object> guard(List<Integer> running, int vbsStatus) {
    return Map.of("SecurityServicesRunning", running, "VirtualizationBasedSecurityStatus", vbsStatus,
        "AvailableSecurityProperties", List.of(1, 2, 3, 5, 7), "RequiredSecurityProperties", List.of(1, 2, 3));
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> s = new TreeMap<>(base);
    s.put(key, value);
    return s;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> withRegistry(Map<String, Object> base, String key, String name, Object value) {
    Map<String, Object> registry = new TreeMap<>((Map<String, Object>) base.get("registry"));
    Map<String, Object> values = new TreeMap<>((Map<String, Object>) registry.getOrDefault(key, Map.of()));
    values.put(name, value);
    registry.put(key, values);
    return with(base, "registry", registry);
  }

  /** The instance after a reboot: the registry a run left, a new boot time, and what Windows then reports. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> rebooted(Run before, Map<String, Object> base, List<Integer> running) {
    Map<String, Object> os = new TreeMap<>((Map<String, Object>) base.get("os"));
    os.put("LastBootUpTime", BOOT_2);
    Map<String, Object> s = with(with(base, "os", os), "registry", new TreeMap<>(before.registry()));
    return with(s, "deviceGuard", guard(running, running.contains(1) ? 2 : 1));
  }

  @BeforeAll
  static void runTheScriptOnEveryInstance() throws Exception {
    Template template = TestApps.template(CredentialGuardStackTest.YAML, "fleetkit-credential-guard");
    script = scriptOf(template);
    lockedScript = scriptOf(TestApps.template(CredentialGuardStackTest.YAML.replace("uefi_lock: false", "uefi_lock: true"),
        "fleetkit-credential-guard"));

    Map<String, Object> fresh = instance();
    JOBS.put("fresh", new Job(script, fresh));
    JOBS.put("fresh, UEFI lock", new Job(lockedScript, fresh));
    JOBS.put("2025", new Job(script, with(fresh, "os", Map.of("BuildNumber", "26100", "ProductType", 3, "LastBootUpTime", BOOT_1))));
    JOBS.put("unknown build", new Job(script, with(fresh, "os", Map.of("BuildNumber", "17134", "ProductType", 3, "LastBootUpTime", BOOT_1))));
    JOBS.put("2016", new Job(script, with(fresh, "os", Map.of("BuildNumber", "14393", "ProductType", 3, "LastBootUpTime", BOOT_1))));
    JOBS.put("domain controller", new Job(script, with(fresh, "os", Map.of("BuildNumber", "17763", "ProductType", 2, "LastBootUpTime", BOOT_1))));
    JOBS.put("legacy BIOS", new Job(script, with(fresh, "secureBoot", "unsupported")));
    JOBS.put("Secure Boot off", new Job(script, with(fresh, "secureBoot", false)));
    JOBS.put("no TPM", new Job(script, with(fresh, "tpm", Map.of("TpmPresent", false))));
    JOBS.put("TPM error", new Job(script, with(fresh, "tpm", "error")));
    JOBS.put("no metadata", new Job(script, with(fresh, "instanceType", null)));
    JOBS.put("m6a", new Job(script, with(fresh, "instanceType", "m6a.large")));
    JOBS.put("t3a", new Job(script, with(fresh, "instanceType", "t3a.medium")));
    JOBS.put("metal", new Job(script, with(fresh, "instanceType", "m5.metal")));
    JOBS.put("c7i 48xlarge", new Job(script, with(fresh, "instanceType", "c7i.48xlarge")));
    JOBS.put("c7i-flex", new Job(script, with(fresh, "instanceType", "c7i-flex.xlarge")));
    JOBS.put("policy turns VBS off", new Job(script, withRegistry(fresh, POLICY, "EnableVirtualizationBasedSecurity", 0)));
    JOBS.put("policy locks", new Job(script, withRegistry(fresh, POLICY, "LsaCfgFlags", 1)));
    JOBS.put("policy agrees", new Job(script, withRegistry(fresh, POLICY, "LsaCfgFlags", 2)));
    JOBS.put("policy HVCI", new Job(script, withRegistry(fresh, POLICY, "HypervisorEnforcedCodeIntegrity", 2)));
    JOBS.put("HVCI locked", new Job(script, withRegistry(withRegistry(fresh, HVCI, "Enabled", 1), HVCI, "Locked", 1)));
    JOBS.put("HVCI unlocked", new Job(script, withRegistry(withRegistry(fresh, HVCI, "Enabled", 1), HVCI, "Locked", 0)));

    Map<String, Object> configured = withRegistry(withRegistry(withRegistry(withRegistry(fresh, DG,
        "EnableVirtualizationBasedSecurity", 1), DG, "RequirePlatformSecurityFeatures", 3), HVCI, "Enabled", 0), LSA,
        "LsaCfgFlags", 2);
    JOBS.put("configured elsewhere, not running", new Job(script, configured));
    JOBS.put("configured and running", new Job(script, with(configured, "deviceGuard", guard(List.of(1), 2))));
    JOBS.put("reboot requested, not yet rebooted", new Job(script, withRegistry(configured, STATE, "RebootRequestedAtBoot", BOOT_1)));
    runAll();

    // What SSM Agent does after exit 3010: reboot, then run the same script again.
    Run first = RUNS.get("fresh");
    JOBS.put("after reboot, running", new Job(script, rebooted(first, fresh, List.of(1))));
    JOBS.put("after reboot, not running", new Job(script, rebooted(first, fresh, List.of(0))));
    JOBS.put("after reboot, memory integrity runs", new Job(script, rebooted(first, fresh, List.of(1, 2))));
    runAll();
    // The next scheduled run after a failure: same boot, no second reboot.
    JOBS.put("scheduled run after the failure", new Job(script, rebooted(RUNS.get("after reboot, not running"), fresh, List.of(0))));
    JOBS.put("scheduled run while running", new Job(script, rebooted(RUNS.get("after reboot, running"), fresh, List.of(1))));
    runAll();
  }

  static void runAll() throws Exception {
    List<String> names = JOBS.keySet().stream().filter(n -> !RUNS.containsKey(n)).toList();
    List<Run> runs = PowerShell.runAll(names.stream().map(JOBS::get).toList());
    for (int i = 0; i < names.size(); i++) RUNS.put(names.get(i), runs.get(i).ok());
  }

  static String scriptOf(Template template) {
    Capture lines = new Capture();
    template.hasResourceProperties("AWS::SSM::Document", Map.of("Content", Match.objectLike(Map.of("mainSteps", List.of(
        Map.of("action", "aws:runPowerShellScript", "name", "EnableCredentialGuard", "precondition",
            Map.of("StringEquals", List.of("platformType", "Windows")), "inputs", Map.of("timeoutSeconds", "600",
                "runCommand", lines)))))));
    List<String> text = new ArrayList<>();
    lines.asArray().forEach(l -> text.add((String) l));
    return String.join("\n", text) + "\n";
  }

  /** Every registry value the run wrote, as path\\name=value, in order. */
  static List<String> written(Run run) {
    return run.calls("new-itemproperty").stream().map(p -> p.get("path") + "\\" + p.get("name") + "=" + p.get("value")).toList();
  }

  /** A refusal: exit 1, the reason as the only output line, and nothing written. */
  static void refused(String name, String reason) {
    Run run = RUNS.get(name);
    assertEquals(1, run.exit(), name + ": " + run);
    assertEquals(List.of("FAILED: " + reason), run.output(), name);
    assertEquals(List.of(), written(run), name + " wrote to the registry before refusing");
  }

  @Test
  void aFreshInstanceGetsTheSettingsAndAsksForOneReboot() {
    Run run = RUNS.get("fresh");
    assertEquals(3010, run.exit(), run.toString());
    assertEquals(List.of(DG + "\\EnableVirtualizationBasedSecurity=1", DG + "\\RequirePlatformSecurityFeatures=3",
        HVCI + "\\Enabled=0", LSA + "\\LsaCfgFlags=2", STATE + "\\RebootRequestedAtBoot=" + BOOT_1), written(run));
    assertEquals(List.of("Credential Guard settings written: asking SSM Agent for a reboot (exit 3010); the document"
        + " runs again after it"), run.output());
    assertEquals(Map.of("LsaPid", 700, "LsaCfgFlags", 2), run.registry().get(LSA));
    // Preflight reads the instance type with IMDSv2: a PUT for the token, then the token on the read.
    var metadata = run.calls("invoke-restmethod");
    assertEquals("Put", metadata.get(0).get("method"));
    assertEquals(Map.of("X-aws-ec2-metadata-token", "imds-token"), metadata.get(1).get("headers"));
  }

  @Test
  void uefiLockWritesLsaCfgFlagsOne() {
    assertTrue(written(RUNS.get("fresh, UEFI lock")).contains(LSA + "\\LsaCfgFlags=1"), RUNS.get("fresh, UEFI lock").toString());
    assertEquals(3010, RUNS.get("fresh, UEFI lock").exit());
  }

  @Test
  void afterTheRebootItVerifiesThatCredentialGuardRuns() {
    Run run = RUNS.get("after reboot, running");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of("Credential Guard is running (SecurityServicesRunning: 1; LsaCfgFlags 2; instance type"
        + " m6i.large; build 20348)"), run.output());
    assertEquals(List.of(), written(run), "nothing left to write");
    assertEquals(Map.of(), run.registry().get(STATE), "the reboot marker is cleared");
    Run again = RUNS.get("scheduled run while running");
    assertEquals(0, again.exit());
    assertEquals(List.of(), written(again));
    assertEquals(List.of(), again.calls("remove-itemproperty"));
  }

  @Test
  void whenItDoesNotRunAfterTheRebootItFailsAndNeverRebootsAgain() {
    Run run = RUNS.get("after reboot, not running");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(List.of("FAILED: Credential Guard does not run after the reboot that applied its settings"
        + " (SecurityServicesRunning: 0; VirtualizationBasedSecurityStatus: 1; AvailableSecurityProperties: 1,2,3,5,7;"
        + " RequiredSecurityProperties: 1,2,3); delete " + STATE + "\\RebootRequestedAtBoot to allow one more reboot"),
        run.output());
    assertEquals(List.of(), written(run));
    Run next = RUNS.get("scheduled run after the failure");
    assertEquals(1, next.exit(), "a later scheduled run fails again instead of rebooting: " + next);
    assertEquals(List.of(), written(next));
  }

  @Test
  void memoryIntegrityStillRunningFailsAfterTheReboot() {
    Run run = RUNS.get("after reboot, memory integrity runs");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.output().get(0).startsWith("FAILED: memory integrity still runs after the reboot, so Credential Guard"
        + " cannot (SecurityServicesRunning: 1,2;"), run.output().toString());
  }

  @Test
  void settingsMadeElsewhereGetOneRebootOnlyInTheBootThatHasNotHadIt() {
    Run run = RUNS.get("configured elsewhere, not running");
    assertEquals(3010, run.exit(), run.toString());
    assertEquals(List.of(STATE + "\\RebootRequestedAtBoot=" + BOOT_1), written(run));
    // The agent has not rebooted yet (same boot): asking again is still the one reboot.
    assertEquals(3010, RUNS.get("reboot requested, not yet rebooted").exit());
    Run running = RUNS.get("configured and running");
    assertEquals(0, running.exit(), running.toString());
    assertEquals(List.of(), written(running));
  }

  @Test
  void memoryIntegrityWithoutLockIsTurnedOff() {
    Run run = RUNS.get("HVCI unlocked");
    assertEquals(3010, run.exit());
    assertTrue(written(run).contains(HVCI + "\\Enabled=0"), written(run).toString());
  }

  @Test
  void everyPrerequisiteIsCheckedBeforeAnythingIsWritten() {
    refused("2025", "Windows Server 2025 (build 26100): AWS does not support Credential Guard on Windows Server 2025");
    refused("unknown build", "OS build 17134 is not Windows Server 2016 (14393), 2019 (17763) or 2022 (20348)");
    refused("domain controller", "this is a domain controller: Microsoft does not recommend Credential Guard there (no"
        + " added security, application compatibility issues)");
    refused("legacy BIOS", "the instance does not boot in UEFI mode (Cmdlet not supported on this platform: 0xC0000002):"
        + " launch it from a TPM-Windows_Server AMI");
    refused("Secure Boot off", "UEFI Secure Boot is off: launch the instance from a TPM-Windows_Server AMI, which turns it on");
    refused("no TPM", "no TPM: AWS requires an AMI with NitroTPM enabled (TPM-Windows_Server) and an instance type that"
        + " supports it");
    refused("TPM error", "Get-Tpm failed (The TPM is not available): AWS requires an AMI with NitroTPM (TPM-Windows_Server)");
    refused("no metadata", "cannot read the instance type from the instance metadata service (IMDSv2): Unable to connect to"
        + " the remote server");
    refused("m6a", "instance type m6a.large is not of a family that AWS lists for Credential Guard");
    refused("t3a", "instance type t3a.medium is not of a family that AWS lists for Credential Guard");
    refused("metal", "instance type m5.metal is bare metal: Credential Guard is not supported on bare metal");
    refused("c7i 48xlarge", "instance type c7i.48xlarge is excluded by AWS (c7i, m7i and r7i 48xlarge)");
    refused("policy turns VBS off", "Group Policy sets EnableVirtualizationBasedSecurity = 0 in " + POLICY
        + ", which overrides this document");
    refused("policy locks", "Group Policy sets LsaCfgFlags = 1 in " + POLICY + "; this document sets 2");
    refused("policy HVCI", "Group Policy turns on memory integrity (HypervisorEnforcedCodeIntegrity = 2 in " + POLICY
        + "); AWS requires it off for Credential Guard");
    refused("HVCI locked", "memory integrity is on with UEFI lock and cannot be turned off: AWS recommends a new instance"
        + " with memory integrity off");
  }

  @Test
  void supportedVariantsPassThePreflight() {
    for (String name : List.of("2016", "c7i-flex", "policy agrees")) {
      assertEquals(3010, RUNS.get(name).exit(), name + ": " + RUNS.get(name));
    }
  }
}
