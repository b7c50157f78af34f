package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local gateways snapshot: round trip, sorted output, atomic writes, and hostile content as one message. */
class LocalGatewaysTest {
  static final Path SAMPLE = Path.of("samples/local-gateways.json");

  @TempDir Path dir;

  @Test
  void theSampleRoundTripsByteForByte() throws Exception {
    LocalGateways s = LocalGateways.read(SAMPLE);
    assertEquals(Files.readString(SAMPLE), s.toJson());
    assertEquals("111122223333", s.account());
    assertEquals(Optional.empty(), s.gateways().get("lgw-0a1b2c3d4e5f60001").routeTables().get("lgw-rtb-0a1b2c3d4e5f60001")
        .managedBy());
    assertEquals(List.of("rtb-0a1b2c3d4e5f60010", "rtb-0a1b2c3d4e5f60011"), s.vpcs().get("vpc-0a1b2c3d4e5f60010").routeTables());
  }

  @Test
  void writesAtomicallyAndLeavesNothingBehindOnFailure() throws Exception {
    LocalGateways s = LocalGateways.read(SAMPLE);
    Path file = dir.resolve("lgw.json");
    s.write(file);
    assertEquals(Files.readString(SAMPLE), Files.readString(file));
    Path blocked = dir.resolve("not-a-dir");
    Files.writeString(blocked, "x");
    var e = assertThrows(UncheckedIOException.class, () -> s.write(blocked.resolve("lgw.json")));
    assertTrue(e.getMessage().startsWith("cannot write snapshot " + blocked.resolve("lgw.json") + ": "), e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("lgw.json", "not-a-dir"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void hostileContentIsOneMessage() {
    var notText = assertThrows(InventoryFile.SnapshotException.class, () -> LocalGateways.parse(
        "{\"format\":\"fleetkit-local-gateways\",\"version\":1,\"account\":\"12\"}", "x.json"));
    assertEquals("x.json: /account: \"12\" is not valid here (expected an AWS account ID, 12 digits; regenerate it"
        + " with: bin/fleetkit outpost-lgw show --region <region> --snapshot x.json)", notText.getMessage());
    var future = assertThrows(InventoryFile.SnapshotException.class, () -> LocalGateways.parse(
        "{\"format\":\"fleetkit-local-gateways\",\"version\":2}", "x.json"));
    assertEquals("x.json: /version: version 2 is not one this fleetkit reads (expected 1; regenerate it with:"
        + " bin/fleetkit outpost-lgw show --region <region> --snapshot x.json)", future.getMessage());
    var mode = assertThrows(InventoryFile.SnapshotException.class, () -> LocalGateways.parse(
        read().replace("\"mode\" : \"coip\",", "\"mode\" : 7,"), "x.json"));
    assertEquals("x.json: /local_gateways/lgw-0a1b2c3d4e5f60001/route_tables/lgw-rtb-0a1b2c3d4e5f60002/mode: is the number 7"
        + " (expected a routing mode such as coip; regenerate it with: bin/fleetkit outpost-lgw show --region <region>"
        + " --snapshot x.json)",
        mode.getMessage());
  }

  static String read() {
    try {
      return Files.readString(SAMPLE);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
