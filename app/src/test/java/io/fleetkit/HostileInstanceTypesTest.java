package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.stacks.guardrails.GuardrailsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken or foreign instance types snapshots, one line each in {@code hostile/instance-types-cases.txt}, read the way
 * synth reads them (the guardrails plan of {@code hostile/guardrails.yaml}, whose nitro_only policy reads the
 * snapshot): each is one config error at {@code guardrails.nitro_only.snapshot} that names the file, the JSON pointer
 * or line, and the command that writes it again.
 */
class HostileInstanceTypesTest {
  static final Path CASES = HostileConfigTest.DIR.resolve("instance-types-cases.txt");
  static final Path BASE = Path.of("samples/instance-types.json");
  static final Path CONFIG = HostileConfigTest.DIR.resolve("guardrails.yaml");
  @TempDir static Path dir;

  static Stream<Arguments> corpus() throws IOException {
    return SnapshotCases.read(CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenSnapshotIsOneConfigErrorNamingTheFileAndWhere(SnapshotCases.Case c) throws IOException {
    Path snapshot = SnapshotCases.write(BASE, c, dir.resolve("types-" + c.line() + ".json"));
    assertEquals(List.of(c.expectedFor(snapshot)), errors(snapshot), c.toString());
  }

  @Test
  void theBaseIsAValidSnapshotAndEveryCaseIsPinned() throws IOException {
    assertEquals(List.of(), errors(BASE));
    assertTrue(corpus().count() >= 15);
  }

  static List<String> errors(Path snapshot) throws IOException {
    String text = Files.readString(CONFIG).replace("snapshot: samples/instance-types.json", "snapshot: " + snapshot);
    try {
      GuardrailsPlan.of(ConfigLoader.parse("config.yaml", text));
      return List.of();
    } catch (ConfigException e) {
      return e.lines();
    }
  }
}
