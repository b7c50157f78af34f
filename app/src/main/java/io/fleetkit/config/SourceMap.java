package io.fleetkit.config;

import java.util.Map;

/**
 * Where each key path of a loaded config sits, so checks after loading (such as SCP sizes, which
 * need the built policies) report file:line:col like the loader does.
 */
public record SourceMap(String file, Map<String, int[]> positions) {
  public SourceMap {
    positions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(positions));
  }

  public static SourceMap empty(String file) {
    return new SourceMap(file, Map.of());
  }

  /** A {@link Report} for the shared checks that adds each error, at its position, to {@code errors}. */
  public Report into(java.util.List<ConfigError> errors) {
    return Report.into(this, errors);
  }

  public ConfigError error(String path, String message) {
    for (String p = path; ; ) {
      int[] pos = positions.get(p);
      if (pos != null) return new ConfigError(file, pos[0], pos[1], path, message);
      if (p.isEmpty()) return new ConfigError(file, 1, 1, path, message);
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
