package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.stacks.outpostlgw.OutpostLgwPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  record Case(int line, String find, String replace, String expected) {
    @Override
    public String toString() {
      return "line " + line + ": " + (replace.length() > 50 ? replace.substring(0, 50) + "..." : replace);
    }
  }

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(CASES, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank() || lines.get(i).startsWith("#")) continue;
      String[] f = lines.get(i).split(java.util.regex.Pattern.quote(HostileConfigTest.SEPARATOR), -1);
      if (f.length != 3) throw new IllegalStateException(CASES + ":" + (i + 1) + ": expected 3 fields");
      out.add(Arguments.of(new Case(i + 1, f[0], f[1], f[2])));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenSnapshotIsOneConfigErrorNamingTheFileAndWhere(Case c) throws IOException {
    byte[] all = Files.readAllBytes(BASE);
    String base = new String(all, StandardCharsets.UTF_8);
    byte[] find = HostileConfigTest.bytes(c.find());
    String findText = new String(find, StandardCharsets.UTF_8);
    assertTrue(base.indexOf(findText) >= 0 && base.indexOf(findText) == base.lastIndexOf(findText), c + ": not once in the base");
    int at = base.substring(0, base.indexOf(findText)).getBytes(StandardCharsets.UTF_8).length;
    var out = new java.io.ByteArrayOutputStream();
    out.write(all, 0, at);
    out.writeBytes(HostileConfigTest.bytes(c.replace()));
    out.write(all, at + find.length, all.length - at - find.length);
    Path snapshot = dir.resolve("lgw-" + c.line() + ".json");
    Files.write(snapshot, out.toByteArray());
    assertEquals(List.of(c.expected().replace("{file}", snapshot.toString())), errors(snapshot), c.toString());
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
