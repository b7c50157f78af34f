package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneOfferingsTest {
  @Test
  void writesVersionedSortedJsonThatReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/zones.json");
    ZoneOfferings.empty()
        .with("us-west-2-lax-1a", new ZoneOfferings.Zone("us-west-2", "us-west-2-lax-1", List.of("t3.medium", "c5.2xlarge"), "2026-11-26T04:00:00Z"))
        .with("us-east-1-atl-1a", new ZoneOfferings.Zone("us-east-1", "us-east-1-atl-1", List.of("t3.xlarge", "r5.2xlarge", "t3.xlarge"), "2026-11-26T04:01:00Z"))
        .write(file);
    assertEquals("""
        {
          "format" : "fleetkit-zones",
          "version" : 1,
          "zones" : {
            "us-east-1-atl-1a" : {
              "fetched_at" : "2026-11-26T04:01:00Z",
              "group" : "us-east-1-atl-1",
              "instance_types" : [ "r5.2xlarge", "t3.xlarge" ],
              "region" : "us-east-1"
            },
            "us-west-2-lax-1a" : {
              "fetched_at" : "2026-11-26T04:00:00Z",
              "group" : "us-west-2-lax-1",
              "instance_types" : [ "c5.2xlarge", "t3.medium" ],
              "region" : "us-west-2"
            }
          }
        }
        """, Files.readString(file));
    var read = ZoneOfferings.readIfExists(file).orElseThrow();
    assertEquals(List.of("r5.2xlarge", "t3.xlarge"), read.zone("us-east-1-atl-1a").orElseThrow().instanceTypes());
  }

  @Test
  void aMissingFileIsNoSnapshotAndABrokenOneIsAnError(@TempDir Path dir) throws Exception {
    assertTrue(ZoneOfferings.readIfExists(dir.resolve("none.json")).isEmpty());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":{}}");
    var e = assertThrows(UncheckedIOException.class, () -> ZoneOfferings.readIfExists(broken));
    assertEquals(broken + ": /version: version 2 is not one this fleetkit reads (expected 1; regenerate it with:"
        + " bin/fleetkit zones offerings ZONE --snapshot " + broken + " for each zone, after deleting " + broken + ")",
        e.getCause().getMessage());
  }
}
