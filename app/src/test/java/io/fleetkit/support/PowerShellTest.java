package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.PowerShell.Job;
import io.fleetkit.support.PowerShell.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PowerShell harness itself: the parser finds errors, and the interpreter keeps PowerShell's semantics where
 * scripts commonly go wrong, or refuses. Every run is made once, in one node process.
 */
class PowerShellTest {
  static final String STOP = "$ErrorActionPreference = 'Stop'\n";
  static final Map<String, Object> BIOS = Map.of("secureBoot", "unsupported");
  static final Map<String, Job> JOBS = new LinkedHashMap<>();
  static final Map<String, Run> RUNS = new LinkedHashMap<>();

  static {
    // The classic mistake: Write-Output inside a function becomes part of its value, so $flag is true.
    JOBS.put("function output", new Job(STOP + """
        function Get-Flag {
          Write-Output 'noise'
          return $false
        }
        $flag = Get-Flag
        if ($flag) {
          exit 7
        }
        exit 0
        """, Map.of()));
    JOBS.put("exit in a function", new Job(STOP + """
        function Stop-Run {
          param([string]$Reason)
          Write-Output "FAILED: $Reason"
          exit 1
        }
        Stop-Run 'no TPM'
        Write-Output 'never'
        """, Map.of()));
    JOBS.put("caught", new Job(STOP + """
        try {
          $on = Confirm-SecureBootUEFI -ErrorAction Stop
        } catch {
          Write-Output "caught: $($_.Exception.Message)"
          exit 4
        }
        """, BIOS));
    JOBS.put("uncaught", new Job(STOP + "$on = Confirm-SecureBootUEFI -ErrorAction Stop\nexit 0\n", BIOS));
    JOBS.put("comparisons", new Job(STOP + """
        $list = @('c5', 'm6i')
        if ('M6I' -eq 'm6i' -and 1 -eq '1' -and $list -contains 'C5' -and $list -notcontains 'm6a' -and $null -eq $missing) {
          exit 0
        }
        exit 1
        """, Map.of()));
    // New-Item -Force on an existing registry key recreates it empty: scripts must test for the key first.
    JOBS.put("new-item wipes", new Job(STOP + """
        New-Item -Path 'HKLM:\\SOFTWARE\\x' -Force | Out-Null
        $item = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\x' -Name 'v' -ErrorAction SilentlyContinue
        if ($null -eq $item) {
          exit 3
        }
        exit 0
        """, Map.of("registry", Map.of("HKLM:\\SOFTWARE\\x", Map.of("v", 1)))));
    JOBS.put("unknown cmdlet", new Job(STOP + "Restart-Computer -Force\n", Map.of()));
    // Not even the script's own try/catch may swallow a refusal.
    JOBS.put("unknown cmdlet in try", new Job(STOP + "try {\n  Restart-Computer\n} catch {\n  exit 0\n}\n", Map.of()));
    JOBS.put("unparseable", new Job(STOP + "if ($x {\n", Map.of()));
    JOBS.put("lenient", new Job("exit 0\n", Map.of()));
  }

  @BeforeAll
  static void runEveryJob() throws Exception {
    List<Run> runs = PowerShell.runAll(new ArrayList<>(JOBS.values()));
    List<String> names = new ArrayList<>(JOBS.keySet());
    for (int i = 0; i < runs.size(); i++) RUNS.put(names.get(i), runs.get(i));
  }

  @Test
  void theParserFindsABrokenScriptAndPassesAGoodOne(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.ps1"), "if ($x -eq 1) {\n  Write-Output 'one'\n}\n");
    Path bad = Files.writeString(dir.resolve("bad.ps1"), "if ($x -eq 1 {\n  Write-Output 'one'\n}\n");
    Map<Path, List<PowerShell.SyntaxError>> errors = PowerShell.syntaxErrors(List.of(good, bad));
    assertEquals(List.of(), errors.get(good));
    assertTrue(!errors.get(bad).isEmpty(), errors.toString());
    assertEquals(1, errors.get(bad).get(0).line());
  }

  @Test
  void aFunctionReturnsEverythingItWritesNotOnlyWhatItReturns() {
    assertEquals(7, RUNS.get("function output").ok().exit());
  }

  @Test
  void exitInsideAFunctionEndsTheScriptAfterItsOutputStreamed() {
    Run run = RUNS.get("exit in a function").ok();
    assertEquals(1, run.exit());
    assertEquals(List.of("FAILED: no TPM"), run.output());
  }

  @Test
  void aCmdletErrorIsCaughtByTryCatchAndEndsTheScriptOtherwise() {
    Run caught = RUNS.get("caught").ok();
    assertEquals(4, caught.exit());
    assertEquals(List.of("caught: Cmdlet not supported on this platform: 0xC0000002"), caught.output());
    Run uncaught = RUNS.get("uncaught").ok();
    assertEquals(1, uncaught.exit());
    assertEquals(List.of("terminating error: Cmdlet not supported on this platform: 0xC0000002"), uncaught.host());
  }

  @Test
  void newItemWithForceOnAnExistingRegistryKeyDropsItsValues() {
    assertEquals(3, RUNS.get("new-item wipes").ok().exit());
  }

  @Test
  void comparisonsConvertTheRightSideAndIgnoreCase() {
    assertEquals(0, RUNS.get("comparisons").ok().exit());
  }

  @Test
  void whatTheHarnessDoesNotModelIsRefusedInsteadOfGuessed() {
    assertEquals("command not modelled: restart-computer at line 2", RUNS.get("unknown cmdlet").harnessError());
    assertEquals("command not modelled: restart-computer at line 3", RUNS.get("unknown cmdlet in try").harnessError());
    assertTrue(RUNS.get("unparseable").harnessError().startsWith("the script does not parse: "),
        RUNS.get("unparseable").harnessError());
    assertEquals("the script does not set $ErrorActionPreference = 'Stop'; only that is modelled",
        RUNS.get("lenient").harnessError());
    assertNull(RUNS.get("comparisons").harnessError());
  }
}
