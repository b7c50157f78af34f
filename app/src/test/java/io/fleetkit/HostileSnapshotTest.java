package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Broken zones snapshots, one line each in {@code hostile/snapshot-cases.txt}, read the way synth reads them (the
 * local_zone plan): each is one config error at {@code local_zone.zones_snapshot} that names the file, the JSON
 * pointer or line, and the command that writes it again. The dashboard's inventory snapshot has its own list.
 */
class HostileSnapshotTest extends SnapshotCorpusTest {
  @Override
  Path cases() {
    return HostileConfigTest.DIR.resolve("snapshot-cases.txt");
  }

  @Override
  Path base() {
    return HostileConfigTest.DIR.resolve("zones-snapshot.json");
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
  @Override
  List<String> errors(Path snapshot) throws IOException {
    String config = Files.readString(HostileConfigTest.DIR.resolve("localzone.yaml"), StandardCharsets.UTF_8)
        .replace("zones_snapshot: none", "zones_snapshot: " + snapshot);
    return HostileConfigTest.errors(config.getBytes(StandardCharsets.UTF_8));
  }
}
