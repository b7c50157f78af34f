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
  static final String SOURCE = "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=";

  @Test
  void writesVersionedSortedJsonThatReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/zones.json");
    ZoneOfferings.empty()
        .with("us-west-2-lax-1a", new ZoneOfferings.Zone("us-west-2", "us-west-2-lax-1", List.of("t3.medium", "c5.2xlarge"),
            List.of("gp3", "gp2"), SOURCE + "us-west-2-lax-1", "2026-11-26T04:00:00Z"))
        .with("us-east-1-atl-1a", new ZoneOfferings.Zone("us-east-1", "us-east-1-atl-1", List.of("t3.xlarge", "r5.2xlarge", "t3.xlarge"),
            List.of("gp2"), SOURCE + "us-east-1-atl-1", "2026-11-26T04:01:00Z"))
        .write(file);
    assertEquals("""
        {
          "format" : "fleetkit-zones",
          "version" : 2,
          "zones" : {
            "us-east-1-atl-1a" : {
              "fetched_at" : "2026-11-26T04:01:00Z",
              "group" : "us-east-1-atl-1",
              "instance_types" : [ "r5.2xlarge", "t3.xlarge" ],
              "region" : "us-east-1",
              "volume_types" : [ "gp2" ],
              "volume_types_source" : "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-east-1-atl-1"
            },
            "us-west-2-lax-1a" : {
              "fetched_at" : "2026-11-26T04:00:00Z",
              "group" : "us-west-2-lax-1",
              "instance_types" : [ "c5.2xlarge", "t3.medium" ],
              "region" : "us-west-2",
              "volume_types" : [ "gp2", "gp3" ],
              "volume_types_source" : "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-west-2-lax-1"
            }
          }
        }
        """, Files.readString(file));
    var read = ZoneOfferings.readIfExists(file).orElseThrow();
    assertEquals(List.of("r5.2xlarge", "t3.xlarge"), read.zone("us-east-1-atl-1a").orElseThrow().instanceTypes());
    assertEquals(List.of("gp2", "gp3"), read.zone("us-west-2-lax-1a").orElseThrow().volumeTypes());
  }

  @Test
  void aMissingFileIsNoSnapshotAndAVersion1OneIsRecordedAgain(@TempDir Path dir) throws Exception {
    assertTrue(ZoneOfferings.readIfExists(dir.resolve("none.json")).isEmpty());
    Path old = dir.resolve("old.json");
    Files.writeString(old, "{\"format\":\"fleetkit-zones\",\"version\":1,\"zones\":{}}");
    assertEquals(old + ": /version: version 1 is not one this fleetkit reads (expected 2" + again(old), error(old));
  }

  @Test
  void truncatedOrHandEditedSnapshotsAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("cut.json");
    Files.writeString(cut, "{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":{\"us-east-1-atl-1a\":{\"group\"");
    assertEquals(cut + ": line 1, column 76: not valid JSON: Unexpected end-of-input within/between Object entries"
        + " (expected a snapshot written by fleetkit" + again(cut), error(cut));
    Path noVolumes = dir.resolve("no-volumes.json");
    Files.writeString(noVolumes, """
        {"format":"fleetkit-zones","version":2,"zones":{"us-east-1-atl-1a":{"fetched_at":"2026-11-26T04:00:00Z",
         "group":"us-east-1-atl-1","region":"us-east-1","instance_types":["t3.medium"],"volume_types":[],
         "volume_types_source":"x"}}}""");
    assertEquals(noVolumes + ": /zones/us-east-1-atl-1a/volume_types: is empty (expected at least an EBS volume type"
        + " such as gp2" + again(noVolumes), error(noVolumes));
    Path noZones = dir.resolve("no-zones.json");
    Files.writeString(noZones, "{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":[]}");
    assertEquals(noZones + ": /zones: is an array (expected a JSON object" + again(noZones), error(noZones));
    Path noSource = dir.resolve("no-source.json");
    Files.writeString(noSource, """
        {"format":"fleetkit-zones","version":2,"zones":{"us-east-1-atl-1a":{"fetched_at":"2026-11-26T04:00:00Z",
         "group":"us-east-1-atl-1","region":"us-east-1","instance_types":["t3.medium"],"volume_types":["gp2"]}}}""");
    assertEquals(noSource + ": /zones/us-east-1-atl-1a/volume_types_source: missing (expected a value there"
        + again(noSource), error(noSource));
  }

  private static String again(Path file) {
    return "; regenerate it with: bin/fleetkit zones offerings ZONE --snapshot " + file + " for each zone, after deleting "
        + file + ")";
  }

  static String error(Path file) {
    var e = assertThrows(UncheckedIOException.class, () -> ZoneOfferings.readIfExists(file));
    return e.getCause().getMessage();
  }
}
