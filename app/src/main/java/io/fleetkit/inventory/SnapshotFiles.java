package io.fleetkit.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes snapshot text the way every fleetkit snapshot is written: beside the target, then renamed over it. */
public final class SnapshotFiles {
  private SnapshotFiles() {}

  /**
   * Writes {@code text} to a temporary file in the folder of {@code file} and renames it over {@code file} atomically;
   * on any failure the temporary file is removed and the old snapshot stays as it was.
   */
  public static void writeAtomically(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed; that error is the one to report.
        }
      }
    }
  }
}
