package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetkit.support.SynthAll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two syntheses of the same commit in two JVMs write byte-identical templates, for the default config and
 * every example. Immutable {@code Map.of}/{@code Set.of} iterate in an order seeded per JVM start, so a
 * value that reaches a template through one differs between the runs; comparing parsed JSON with sorted
 * keys (as the approved-template tests do) could not see it, but the refresh pipeline and cdk diff do.
 */
class DeterministicSynthTest {
  @TempDir static Path out;
  static List<Path> configs;

  @BeforeAll
  static void synthesizeTwice() throws Exception {
    configs = new ArrayList<>(List.of(Path.of("config.yaml")));
    try (Stream<Path> examples = Files.list(Path.of("examples"))) {
      examples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(configs::add);
    }
    for (String run : List.of("first", "second")) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), SynthAll.class.getName(), out.resolve(run).toString()));
      configs.forEach(c -> command.add(c.toString()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.resolve(run + ".log").toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("synthesis (" + run + ") did not finish in 5 minutes");
      }
      assertEquals(0, p.exitValue(), () -> run + " synthesis failed:\n" + read(out.resolve(run + ".log")));
    }
  }

  @Test
  void everyTemplateIsByteIdenticalAcrossTwoJvms() throws IOException {
    int compared = 0;
    for (Path config : configs) {
      Path first = out.resolve("first").resolve(config.getFileName().toString());
      Path second = out.resolve("second").resolve(config.getFileName().toString());
      List<Path> templates;
      try (Stream<Path> files = Files.list(first)) {
        templates = files.filter(f -> f.toString().endsWith(".template.json")).sorted().toList();
      }
      assertFalse(templates.isEmpty(), "no template for " + config);
      for (Path t : templates) {
        Path twin = second.resolve(t.getFileName());
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(twin),
            config + ": " + t.getFileName() + " differs between two JVMs");
        compared++;
      }
      try (Stream<Path> files = Files.list(second)) {
        assertEquals(templates.size(), files.filter(f -> f.toString().endsWith(".template.json")).count(),
            config + ": the two runs wrote different sets of templates");
      }
    }
    // The default config alone has eight stacks; a run that wrote almost nothing must not pass.
    assertFalse(compared < configs.size() + 7, "only " + compared + " templates compared");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
