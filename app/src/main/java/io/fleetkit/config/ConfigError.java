package io.fleetkit.config;

/** One problem in a config file, printed as {@code file:line:col: path: message}. */
public record ConfigError(String file, int line, int column, String path, String message)
    implements Comparable<ConfigError> {

  public String format() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "(root)" : path) + ": " + message;
  }

  @Override
  public int compareTo(ConfigError o) {
    int c = Integer.compare(line, o.line);
    if (c == 0) c = Integer.compare(column, o.column);
    if (c == 0) c = path.compareTo(o.path);
    return c == 0 ? message.compareTo(o.message) : c;
  }

  @Override
  public String toString() {
    return format();
  }
}
