package io.fleetkit.config;

import java.util.List;

/**
 * Where a shared check ({@link Checks}) reports what is wrong: against a key path, as one line
 * {@code file:line:col: path: message}. {@link Problems} is one while a config file loads; a plan, which runs
 * after loading, gets one from {@link SourceMap#into(List)}.
 */
@FunctionalInterface
public interface Report {
  void error(String path, String message);

  /** A report that collects into {@code errors} at the positions of {@code source}. */
  static Report into(SourceMap source, List<ConfigError> errors) {
    return (path, message) -> errors.add(source.error(path, message));
  }
}
