package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Broken zones snapshots, one line each in {@code hostile/snapshot-cases.txt}, read the way synth reads them (the
 * local_zone plan): each is one config error at {@code local_zone.zones_snapshot} that names the file, the JSON
 * pointer or line, and the command that writes it again. The dashboard's inventory snapshot has its own list.
 */
class HostileSnapshotTest {
  static final Path CASES = HostileConfigTest.DIR.resolve("snapshot-cases.txt");
  static final Path BASE = HostileConfigTest.DIR.resolve("zones-snapshot.json");
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
      out.add(Arguments.of(new Case(i + 1, f[0], f[1], f[2])));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenSnapshotIsOneConfigErrorNamingTheFileAndWhere(Case c) throws IOException {
    Path snapshot = dir.resolve("zones-" + c.line() + ".json");
    String base = Files.readString(BASE, StandardCharsets.UTF_8);
    byte[] find = HostileConfigTest.bytes(c.find());
    String findText = new String(find, StandardCharsets.UTF_8);
    assertTrue(base.indexOf(findText) >= 0 && base.indexOf(findText) == base.lastIndexOf(findText), c + ": not once in the base");
    int at = base.getBytes(StandardCharsets.UTF_8).length - base.substring(base.indexOf(findText)).getBytes(StandardCharsets.UTF_8).length;
    byte[] all = base.getBytes(StandardCharsets.UTF_8);
    var out = new java.io.ByteArrayOutputStream();
    out.write(all, 0, at);
    out.writeBytes(HostileConfigTest.bytes(c.replace()));
    out.write(all, at + find.length, all.length - at - find.length);
    Files.write(snapshot, out.toByteArray());
    assertEquals(List.of(c.expected().replace("{file}", snapshot.toString())), errors(snapshot), c.toString());
  }

  @Test
  void theBaseIsAValidSnapshot() throws IOException {
    Path snapshot = Files.copy(BASE, dir.resolve("base.json"));
    assertEquals(List.of(), errors(snapshot));
  }

  @Test
  void aSnapshotLargerThanTheCapIsRefusedBeforeItIsRead() throws IOException {
    Path big = dir.resolve("big.json");
    try (var w = Files.newBufferedWriter(big)) {
      w.write("{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":{},\"pad\":\"");
      for (int i = 0; i < (17 << 20) / 64; i++) w.write("0123456789012345678901234567890123456789012345678901234567890123");
      w.write("\"}");
    }
    assertEquals(List.of("config.yaml:21:19: local_zone.zones_snapshot: " + big + ": the file is " + Files.size(big)
        + " bytes (expected at most 16777216; regenerate it with: bin/fleetkit zones offerings ZONE --snapshot " + big
        + " for each zone, after deleting " + big + ")"), errors(big));
  }

  /** The errors of the local_zone base pointed at {@code snapshot}, loaded and planned as synth does. */
  static List<String> errors(Path snapshot) throws IOException {
    String config = Files.readString(HostileConfigTest.DIR.resolve("localzone.yaml"), StandardCharsets.UTF_8)
        .replace("zones_snapshot: none", "zones_snapshot: " + snapshot);
    return HostileConfigTest.errors(config.getBytes(StandardCharsets.UTF_8));
  }
}
