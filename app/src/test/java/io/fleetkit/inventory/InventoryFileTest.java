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
    return new Inventory(1, "us-east-1", "111122223333", "Dashboard", List.of("prod", "edge"), "2026-11-26T04:00:00Z",
        List.of(),
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
  }

  @Test
  void writeThenReadRoundTripsSortedWithStableKeyOrder() throws IOException {
    Path file = dir.resolve("inv.json");
    InventoryFile.write(file, unsorted());
    String text = Files.readString(file);
    assertEquals(unsorted().sorted(), InventoryFile.read(file));
    // keys alphabetical at the top level, two-space indent, trailing newline
    assertTrue(text.startsWith("{\n  \"account\" : \"111122223333\",\n  \"autoScalingGroups\" : [ ],\n"), text);
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
  void wrongSchemaVersionIsAClearError() {
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 2}"));
    assertEquals("s.json: schemaVersion 2 is not supported (expected 1; run `bin/fleetkit discover` again "
        + "with this version of fleetkit)", e.getMessage());
  }

  @Test
  void malformedFileIsAClearError() {
    var e = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 1,"));
    assertTrue(e.getMessage().startsWith("s.json: not valid JSON at line 1, column "), e.getMessage());
    var missing = assertThrows(SnapshotException.class, () -> InventoryFile.parse("s.json", "[]"));
    assertEquals("s.json: not a JSON object (expected a snapshot written by `bin/fleetkit discover`)", missing.getMessage());
    var unknown = assertThrows(SnapshotException.class,
        () -> InventoryFile.parse("s.json", "{\"schemaVersion\": 1, \"instancez\": []}"));
    assertTrue(unknown.getMessage().startsWith("s.json: malformed snapshot (Unrecognized field \"instancez\""),
        unknown.getMessage());
    var absent = assertThrows(SnapshotException.class, () -> InventoryFile.read(dir.resolve("none.json")));
    assertTrue(absent.getMessage().endsWith("none.json: no such snapshot (run `bin/fleetkit discover` to create it)"));
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
  }
}
