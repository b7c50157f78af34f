package io.fleetkit.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found in a config file, reported together. */
public final class ConfigException extends RuntimeException {
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::format).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** The messages, one per line, in file order. */
  public List<String> lines() {
    return errors.stream().map(ConfigError::format).toList();
  }
}
