package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken-snapshot corpus ({@link SnapshotCases}) read the way synth reads it: each case is the base snapshot with
 * one replacement, planned through the config that names it, and must give exactly its pinned config error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SnapshotCorpusTest {
  @TempDir Path dir;

  /** The corpus, under {@code hostile/}. */
  abstract Path cases();

  /** The valid snapshot every case changes. */
  abstract Path base();

  /** The config errors of planning with {@code snapshot} (none: an empty list). */
  abstract List<String> errors(Path snapshot) throws IOException;

  Stream<Arguments> corpus() throws IOException {
    return SnapshotCases.read(cases());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenSnapshotIsOneConfigErrorNamingTheFileAndWhere(SnapshotCases.Case c) throws IOException {
    Path snapshot = SnapshotCases.write(base(), c, dir.resolve("case-" + c.line() + ".json"));
    assertEquals(List.of(c.expectedFor(snapshot)), errors(snapshot), c.toString());
  }

  @Test
  void theBaseIsAValidSnapshotAndTheCorpusIsNotEmpty() throws IOException {
    assertEquals(List.of(), errors(Files.copy(base(), dir.resolve("base.json"))));
    assertTrue(corpus().count() >= 15, cases() + ": fewer than 15 cases");
  }
}
