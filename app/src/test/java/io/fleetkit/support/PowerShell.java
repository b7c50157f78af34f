package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PowerShell in tests through app/src/test/node/powershell.mjs: a syntax check with the tree-sitter PowerShell
 * grammar (npm tree-sitter-powershell) and a run of a script's logic against a simulated Windows instance (the
 * registry, CIM classes, Secure Boot, TPM and instance metadata that a scenario describes). No PowerShell runtime is
 * obtainable on the build machine; the interpreter covers the subset fleetkit's scripts use and refuses the rest.
 */
public final class PowerShell {
  public static final Path SCRIPT = Path.of("app/src/test/node/powershell.mjs");
  public static final Path GRAMMAR = Path.of("node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PowerShell() {}

  /** A syntax error: where, and the text the grammar could not place. */
  public record SyntaxError(int line, int column, String text) {}

  /**
   * What a run did.
   *
   * @param exit the script's exit code (1 for an uncaught terminating error, as powershell.exe -File exits)
   * @param output the success stream (Write-Output, bare values at top level), as text
   * @param host Write-Host lines, and the message of an uncaught terminating error
   * @param registry the registry after the run: key path to value name to value
   * @param calls every simulated cmdlet call, in order, with its parameters (names in lower case)
   * @param harnessError why the harness refused the job (a construct or cmdlet it does not model, a script that
   *     does not parse); null when it ran
   */
  public record Run(int exit, List<String> output, List<String> host, Map<String, Map<String, Object>> registry,
      List<Map<String, Object>> calls, String harnessError) {
    /** This run, or an AssertionError with the harness's reason when it refused the job: a refused job proves nothing. */
    public Run ok() {
      if (harnessError != null) throw new AssertionError("the PowerShell harness refused the job: " + harnessError);
      return this;
    }

    /** The parameters of each call of one cmdlet, such as "new-itemproperty", in order (names in lower case). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> calls(String cmdlet) {
      return calls.stream().filter(c -> cmdlet.equals(c.get("command"))).map(c -> (Map<String, Object>) c.get("params"))
          .toList();
    }
  }

  /** Syntax errors of each file, by file; an empty list when the file parses. */
  public static Map<Path, List<SyntaxError>> syntaxErrors(List<Path> files) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("parse"));
    files.forEach(f -> args.add(f.toString()));
    List<Map<String, Object>> out = JSON.readValue(node(args), new TypeReference<>() {});
    Map<Path, List<SyntaxError>> result = new LinkedHashMap<>();
    for (Map<String, Object> file : out) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> errors = (List<Map<String, Object>>) file.get("errors");
      result.put(Path.of((String) file.get("file")), errors.stream()
          .map(e -> new SyntaxError((Integer) e.get("line"), (Integer) e.get("column"), (String) e.get("text"))).toList());
    }
    return result;
  }

  /** One run to make: a script and the instance it runs on (see powershell.mjs for the scenario's keys). */
  public record Job(String script, Map<String, Object> scenario) {}

  /** Runs {@code script} on the instance that {@code scenario} describes. */
  public static Run run(String script, Map<String, Object> scenario) throws IOException, InterruptedException {
    return runAll(List.of(new Job(script, scenario))).get(0).ok();
  }

  /**
   * Runs every job in one node process (loading the grammar takes seconds on a busy machine), in order. A job the
   * harness cannot run faithfully (a construct or cmdlet it does not model, a script that does not parse) comes
   * back with {@link Run#harnessError}; {@link Run#ok()} turns that into a failure.
   */
  public static List<Run> runAll(List<Job> jobs) throws IOException, InterruptedException {
    Path file = Files.createTempFile("powershell-jobs", ".json");
    try {
      JSON.writeValue(file.toFile(), jobs);
      List<Map<String, Object>> results = JSON.readValue(node(List.of("batch", file.toString())), new TypeReference<>() {});
      List<Run> runs = new ArrayList<>();
      for (Map<String, Object> r : results) runs.add(JSON.convertValue(r, Run.class));
      return runs;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String node(List<String> args) throws IOException, InterruptedException {
    assertTrue(Files.isRegularFile(GRAMMAR), GRAMMAR + " is missing: run `npm ci` first (README, set-up)");
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node"), SCRIPT.toString()));
    command.addAll(args);
    Path err = Files.createTempFile("powershell", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("powershell.mjs did not finish in 2 minutes");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("powershell.mjs " + args.get(0) + " exited " + p.exitValue() + ": " + Files.readString(err));
      }
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
