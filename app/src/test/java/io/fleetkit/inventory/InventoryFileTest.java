package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.inventory.Inventory.Bucket;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import io.fleetkit.inventory.Inventory.Gap;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.TargetGroup;
import io.fleetkit.inventory.InventoryFile.SnapshotException;
import io.fleetkit.support.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileTest {
  static final Path SAMPLE = Path.of("samples/outposts-inventory.json");

  @TempDir Path dir;

  private static Inventory unsorted() {
    return new Inventory(2, Series.provenance("us-east-1", "111122223333", "Dashboard", List.of("prod", "edge"),
        "2026-11-26T04:00:00Z"),
        List.of(new Inventory.Outpost("op-1", "arn:op-1", "rack", "os-1", "111122223333", "ACTIVE", List.of("m5.large"),
            List.of(Series.of("AWS/Outposts", "ConnectedStatus", "OutpostId", "op-1"),
                Series.of("AWS/Outposts", "AvailableInstanceType_Count", "OutpostId", "op-1", "InstanceType", "m5.large")))),
        List.of(new Ec2Instance("i-2", "m5.large", true, "running", null, List.of("vol-b", "vol-a")),
            new Ec2Instance("i-1", "m4.large", false, "stopped", null, List.of())),
        List.of(new LoadBalancer("arn:lb/b", "b", "app/b/2", List.of()),
            new LoadBalancer("arn:lb/a", "a", "app/a/1", List.of(new TargetGroup("arn:tg/z", "z", "targetgroup/z/9"),
                new TargetGroup("arn:tg/y", "y", "targetgroup/y/8")))),
        List.of(new Bucket("zeta"), new Bucket("alpha")), List.of(), List.of(),
        List.of(new Gap("rds", "GetResources", "AccessDenied"), new Gap("elbv2", "DescribeTargetGroups", "AccessDenied")));
  }

  @Test
  void sortedSortsEveryListIncludingNestedOnes() {
    Inventory s = unsorted().sorted();
    assertEquals(List.of("edge", "prod"), s.tagValues());
    assertEquals(List.of("i-1", "i-2"), s.instances().stream().map(Ec2Instance::id).toList());
    assertEquals(List.of("vol-a", "vol-b"), s.instances().get(1).volumeIds());
    assertEquals(List.of("a", "b"), s.loadBalancers().stream().map(LoadBalancer::name).toList());
    assertEquals(List.of("y", "z"), s.loadBalancers().get(0).targetGroups().stream().map(TargetGroup::name).toList());
    assertEquals(List.of("alpha", "zeta"), s.buckets().stream().map(Bucket::name).toList());
    assertEquals(List.of("elbv2", "rds"), s.gaps().stream().map(Gap::service).toList());
    assertEquals(List.of("AvailableInstanceType_Count", "ConnectedStatus"),
        s.outposts().get(0).metrics().stream().map(Inventory.MetricSeries::metricName).toList());
    assertEquals(List.of("InstanceType", "OutpostId"),
        List.copyOf(s.outposts().get(0).metrics().get(0).dimensions().keySet()), "dimensions by name");
  }

  @Test
  void writeThenReadRoundTripsSortedWithStableKeyOrder() throws IOException {
    Path file = dir.resolve("inv.json");
    InventoryFile.write(file, unsorted());
    String text = Files.readString(file);
    assertEquals(unsorted().sorted(), InventoryFile.read(file));
    // keys alphabetical at the top level, two-space indent, trailing newline
    assertTrue(text.startsWith("{\n  \"autoScalingGroups\" : [ ],\n  \"buckets\" : [ {\n"), text);
    assertTrue(text.contains("\"provenance\" : {\n    \"account\" : \"111122223333\",\n    \"discoveredAt\" : "
        + "\"2026-11-26T04:00:00Z\",\n    \"fleetkitVersion\" : \"" + FleetkitVersion.VERSION + "\",\n    \"partition\" : "
        + "\"aws\",\n    \"region\" : \"us-east-1\",\n    \"s3Namespaces\" : [ \"S3Outposts\", \"AWS/S3Outposts\" ],\n"
        + "    \"tagKey\" : \"Dashboard\",\n    \"tagValues\" : [ \"edge\", \"prod\" ]\n  },\n  \"schemaVersion\" : 2\n}\n"), text);
    assertTrue(text.endsWith("\n}\n"));
    assertTrue(text.indexOf("\"i-1\"") < text.indexOf("\"i-2\""));
    // writing the same inventory twice gives the same bytes
    InventoryFile.write(file, unsorted().sorted());
    assertEquals(text, Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void failedWriteLeavesOldSnapshotUntouched() throws IOException {
    Path file = dir.resolve("inv.json");
    InventoryFile.write(file, unsorted());
    String before = Files.readString(file);
    // A non-empty directory at the target path: the rename fails after the temp file was written.
    Path blocked = dir.resolve("blocked.json");
    Files.createDirectories(blocked.resolve("child"));
    assertThrows(UncheckedIOException.class, () -> InventoryFile.write(blocked, unsorted()));
    assertTrue(Files.isDirectory(blocked.resolve("child")));
    assertEquals(before, Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file removed");
    }
  }

  @Test
  void aSnapshotOfANewerSchemaVersionNamesBothVersions() {
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 3}"));
    assertEquals("s.json: schemaVersion 3 is newer than this fleetkit reads (expected 2; use the fleetkit that wrote it,"
        + " or run `bin/fleetkit discover` with this one)", e.getMessage());
  }

  @Test
  void aSnapshotOfAnOlderSchemaVersionAsksForANewDiscovery() {
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 1}"));
    assertEquals("s.json: schemaVersion 1 is not supported (expected 2, which records provenance and metric evidence;"
        + " run `bin/fleetkit discover` again with this version of fleetkit)", e.getMessage());
  }

  @Test
  void malformedFileIsAClearError() {
    var notJson = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "schemaVersion: 2\n"));
    assertEquals("s.json: not valid JSON at line 1, column 1 (expected a snapshot written by `bin/fleetkit discover`)",
        notJson.getMessage());
    var missing = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "[]"));
    assertEquals("s.json: not a JSON object (expected a snapshot written by `bin/fleetkit discover`)", missing.getMessage());
    var unknown = assertThrows(SnapshotException.class,
        () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 2, \"instancez\": []}"));
    assertTrue(unknown.getMessage().startsWith("s.json: malformed snapshot (Unrecognized field \"instancez\""),
        unknown.getMessage());
    assertFalse(unknown.getMessage().contains("\n"), "one line");
    var absent = assertThrows(SnapshotException.class, () -> InventoryFile.read(dir.resolve("none.json")));
    assertTrue(absent.getMessage().endsWith("none.json: no such snapshot (run `bin/fleetkit discover` to create it)"));
    var empty = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", " \n"));
    assertEquals("s.json: the snapshot is empty (expected a snapshot written by `bin/fleetkit discover`)", empty.getMessage());
  }

  @Test
  void aTruncatedSnapshotSaysItEndsEarly() throws IOException {
    String whole = Files.readString(SAMPLE);
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", whole.substring(0, whole.length() / 2)));
    assertTrue(e.getMessage().matches("s\\.json: the JSON ends early, at line \\d+ \\(truncated\\? run `bin/fleetkit"
        + " discover` again\\)"), e.getMessage());
  }

  @Test
  void aKeyTwiceInOneObjectIsRefusedNotLastOneWins() throws IOException {
    String twice = Files.readString(SAMPLE).replaceFirst("\"region\" : \"us-east-1\",",
        "\"region\" : \"us-east-1\",\n    \"region\" : \"eu-west-1\",");
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", twice));
    assertTrue(e.getMessage().matches("s\\.json: the key \"region\" appears twice in one object, at line \\d+ \\(expected"
        + " each key once, as `bin/fleetkit discover` writes it\\)"), e.getMessage());
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWithTheirLine() throws IOException {
    Path latin1 = dir.resolve("latin1.json");
    byte[] bytes = Files.readString(SAMPLE).replaceFirst("edge-api-asg", "edge-caf\u00e9-asg")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(latin1, bytes);
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.read(latin1));
    assertEquals(latin1 + ": byte 0xE9 at line 3 is not UTF-8 (expected a snapshot written by `bin/fleetkit discover`)",
        e.getMessage());
  }

  @Test
  void aSnapshotWithoutProvenanceIsRefused() {
    var none = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 2}"));
    assertEquals("s.json: malformed snapshot (no provenance in provenance; expected a snapshot written by"
        + " `bin/fleetkit discover`)", none.getMessage());
    var partial = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json",
        "{\"schemaVersion\": 2, \"provenance\": {\"region\": \"us-east-1\", \"tagKey\": \"Dashboard\"}}"));
    assertEquals("s.json: malformed snapshot (no fleetkitVersion, partition, account, discoveredAt in provenance;"
        + " expected a snapshot written by `bin/fleetkit discover`)", partial.getMessage());
  }

  @Test
  void anOutpostSeriesWithoutADimensionValueIsRefused() throws IOException {
    String bad = Files.readString(SAMPLE).replaceFirst("\"InstanceType\" : \"c5.2xlarge\"", "\"InstanceType\" : null");
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", bad));
    assertEquals("s.json: malformed snapshot (outposts[0].metrics[0] has no namespace, metricName or dimension value;"
        + " expected a snapshot written by `bin/fleetkit discover`)", e.getMessage());
  }

  @Test
  void twoOutpostsWithOneIdAreRefused() throws IOException {
    String bad = Files.readString(SAMPLE).replace("\"id\" : \"op-0a1b2c3d4e5f60002\"", "\"id\" : \"op-0a1b2c3d4e5f60001\"");
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", bad));
    assertEquals("s.json: malformed snapshot (outposts[1] repeats id op-0a1b2c3d4e5f60001; expected a snapshot written"
        + " by `bin/fleetkit discover`)", e.getMessage());
  }

  @Test
  void aSnapshotOverFiftyMegabytesIsRefusedUnread() throws IOException {
    Path big = dir.resolve("big.json");
    try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}), InventoryFile.MAX_BYTES);
    }
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.read(big));
    assertEquals(big + ": the snapshot is 50000001 bytes, more than 50000000 (50 MB; 10,000 resources take about 2.2 MB):"
        + " not a snapshot written by `bin/fleetkit discover`", e.getMessage());
  }

  @Test
  void shippedSampleIsCanonicalAndRealistic() throws IOException {
    Inventory sample = InventoryFile.read(SAMPLE);
    assertEquals(InventoryFile.toJson(sample), Files.readString(SAMPLE), "sample is stored sorted and pretty printed");
    assertEquals(2, sample.outposts().stream().filter(Inventory.Outpost::active).count());
    assertTrue(sample.instances().stream().anyMatch(Ec2Instance::nitro));
    assertTrue(sample.instances().stream().anyMatch(i -> !i.nitro() && !i.volumeIds().isEmpty()));
    assertFalse(sample.loadBalancers().get(0).targetGroups().isEmpty());
    assertFalse(sample.buckets().isEmpty());
    assertFalse(sample.autoScalingGroups().isEmpty());
    assertFalse(sample.dbInstances().isEmpty());
    // The default config names the sample: its provenance is what config.yaml configures.
    assertEquals(Series.provenance("us-east-1", "111122223333", "Dashboard", List.of("edge", "outposts-prod"),
        "2026-11-20T09:30:00Z"), sample.provenance());
    Inventory.Outpost dallas = sample.outposts().get(0);
    assertEquals(List.of("111122223333", "444455556666"), dallas.series("UsedInstanceType_Count").stream()
        .map(m -> m.dimension("Account")).distinct().toList(), "a shared Outpost: the owner and one more account");
    assertEquals(List.of("S3Outposts"), dallas.series("OutpostTotalBytes").stream().map(Inventory.MetricSeries::namespace).toList());
    assertEquals(List.of(), sample.outposts().get(1).series("OutpostTotalBytes"), "plant-berlin has no S3 on Outposts");
  }
}
