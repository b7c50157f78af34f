package io.fleetkit.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;

/**
 * Collects errors for one config file. The structure pass records where each key path was read,
 * so the meaning pass can report against the same file:line:col.
 */
public final class Problems implements Report {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, Mark> locations = new LinkedHashMap<>();
  private final Set<Declared<?>> keysRead = new LinkedHashSet<>();

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  void locate(String path, Mark mark) {
    locations.putIfAbsent(path, mark);
  }

  void read(Declared<?> key) {
    keysRead.add(key);
  }

  /** The declared keys that readers asked for while loading this file (declarations are compared by identity). */
  Set<Declared<?>> keysRead() {
    return java.util.Collections.unmodifiableSet(keysRead);
  }

  /** Reports at a mark from the YAML tree (structure pass). */
  public void at(Mark mark, String path, String message) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int col = mark == null ? 1 : mark.getColumn() + 1;
    errors.add(new ConfigError(file, line, col, path, message));
  }

  /**
   * Reports against a key path (meaning pass). Falls back to the nearest located parent, so a
   * default value that is wrong still points at its section.
   */
  @Override
  public void error(String path, String message) {
    // A key that already failed the structure layer is not judged again on its default value.
    for (ConfigError e : errors) {
      if (path.equals(e.path()) || path.startsWith(e.path() + ".") || path.startsWith(e.path() + "[")) return;
    }
    at(markOf(path), path, message);
  }

  /**
   * Whether an error was already reported at {@code path} or inside it, such as a wrong type found by the structure
   * layer: a meaning check about the whole mapping ("neither of two keys is set") then adds nothing true.
   */
  boolean failedWithin(String path) {
    for (ConfigError e : errors) {
      if (e.path().equals(path) || e.path().startsWith(path + ".") || e.path().startsWith(path + "[")) return true;
    }
    return false;
  }

  private Mark markOf(String path) {
    for (String p = path; ; p = parent(p)) {
      Mark m = locations.get(p);
      if (m != null || p.isEmpty()) return m;
    }
  }

  private static String parent(String path) {
    int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The recorded positions, for checks that run after loading. */
  public SourceMap sourceMap() {
    Map<String, int[]> out = new LinkedHashMap<>();
    locations.forEach((k, m) -> out.put(k, new int[] {m.getLine() + 1, m.getColumn() + 1}));
    return new SourceMap(file, out);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws every error so far, sorted by position, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) throw new ConfigException(new ArrayList<>(new TreeSet<>(errors)));
  }
}
