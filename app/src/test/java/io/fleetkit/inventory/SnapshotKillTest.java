package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill in the middle of a write: a child JVM rewrites a large zones snapshot as fast as it can and is killed
 * (SIGKILL) at some moment. Whatever the moment, the file holds one whole snapshot, old or new, never a torn one.
 */
class SnapshotKillTest {
  @TempDir Path dir;

  /** The child: writes snapshot A, then B, then A... into args[0] until it is killed. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean first = true;
    System.out.println("writing");
    System.out.flush();
    while (true) {
      snapshot(first ? "a" : "b").write(file);
      first = !first;
    }
  }

  /** About 1 MB: large enough that a write takes a while, so the kill lands inside one. */
  static ZoneOfferings snapshot(String variant) {
    ZoneOfferings z = ZoneOfferings.empty();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < 400; i++) types.add("m" + i + variant + ".large");
    for (int i = 0; i < 100; i++) {
      z = z.with("us-east-1-zz" + i + "-1a", new ZoneOfferings.Zone("us-east-1", "us-east-1-zz" + i + "-1", types,
          List.of("gp2", "gp3"), "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-east-1-zz" + i + "-1",
          "2026-11-26T04:00:00Z"));
    }
    return z;
  }

  @Test
  void aKilledWriterLeavesOneWholeSnapshot() throws Exception {
    Path file = dir.resolve("zones.json");
    String old = "{\"format\":\"fleetkit-zones\",\"version\":2,\"zones\":{}}\n";
    Files.writeString(file, old);
    List<String> whole = List.of(old, snapshot("a").toJson(), snapshot("b").toJson());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 3; round++) {
      Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          SnapshotKillTest.class.getName(), file.toString()).redirectErrorStream(true).start();
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertEquals("writing", out.readLine());
        Thread.sleep(200 + 350L * round);
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      String now = Files.readString(file);
      assertTrue(whole.contains(now), "round " + round + ": a torn snapshot of " + now.length() + " characters");
      assertTrue(ZoneOfferings.readIfExists(file).isPresent());
    }
  }
}
