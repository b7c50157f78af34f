package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.stacks.outpostlgw.OutpostLgwPlan;
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
 * Broken or foreign local gateways snapshots, one line each in {@code hostile/local-gateways-cases.txt}, read the way
 * synth reads them (the outpost_routing plan of {@code hostile/outpost-edge.yaml}): each is one config error at
 * {@code outpost_routing.snapshot} that names the file, the JSON pointer or line, and the command that writes it
 * again, or the account, Region or partition it was recorded for.
 */
class HostileLocalGatewaysTest {
  static final Path CASES = HostileConfigTest.DIR.resolve("local-gateways-cases.txt");
  static final Path BASE = Path.of("samples/local-gateways.json");
  static final Path CONFIG = HostileConfigTest.DIR.resolve("outpost-edge.yaml");
  @TempDir static Path dir;

  static Stream<Arguments> corpus() throws IOException {
    return SnapshotCases.read(CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenSnapshotIsOneConfigErrorNamingTheFileAndWhere(SnapshotCases.Case c) throws IOException {
    Path snapshot = SnapshotCases.write(BASE, c, dir.resolve("lgw-" + c.line() + ".json"));
    assertEquals(List.of(c.expectedFor(snapshot)), errors(snapshot), c.toString());
  }

  @Test
  void theBaseIsAValidSnapshotAndEveryCaseIsPinned() throws IOException {
    assertEquals(List.of(), errors(BASE));
    assertTrue(corpus().count() >= 15);
  }

  static List<String> errors(Path snapshot) throws IOException {
    String text = Files.readString(CONFIG).replace("snapshot: samples/local-gateways.json", "snapshot: " + snapshot);
    try {
      OutpostLgwPlan.of(ConfigLoader.parse("config.yaml", text));
      return List.of();
    } catch (ConfigException e) {
      return e.lines();
    }
  }
}
