package io.fleetkit.config;

import java.util.List;
import java.util.Map;

/**
 * One declared config value: its kind and its default, next to what {@link Declared} holds. A key has
 * a fixed default (read with {@link YamlMap#get(Key)}), a default the reader computes from other keys
 * and that the reference describes in words ({@link #computed}; read with {@link YamlMap#get(Key, Object)}
 * or {@link YamlMap#optional}), or none (read with {@link YamlMap#optional}).
 */
final class Key<T> extends Declared<Key<T>> {
  enum Kind {
    BOOL("bool"), INT("int"), TEXT("text"), TEXTS("list of text"), TEXT_MAP("map of text to text");

    final String typeName;

    Kind(String typeName) {
      this.typeName = typeName;
    }
  }

  final Kind kind;
  private final T defaultValue;
  private String computedDefault;

  Key(Keys owner, String name, Kind kind, T defaultValue, String description) {
    super(owner, name, description);
    this.kind = kind;
    this.defaultValue = defaultValue;
  }

  @Override
  Key<T> self() {
    return this;
  }

  @Override
  String typeName() {
    return kind.typeName;
  }

  @Override
  boolean isList() {
    return kind == Kind.TEXTS;
  }

  /** The default depends on other keys; the reader passes it and the reference prints {@code words}. */
  Key<T> computed(String words) {
    if (defaultValue != null) throw new IllegalStateException(name + " has a fixed default, so it is not computed");
    computedDefault = words;
    return this;
  }

  boolean hasFixedDefault() {
    return defaultValue != null;
  }

  boolean isComputed() {
    return computedDefault != null;
  }

  T defaultValue() {
    if (defaultValue == null) throw new IllegalStateException(name + " has no fixed default");
    return defaultValue;
  }

  /** The default as the reference prints it. */
  String defaultText() {
    if (requiredWhen() != null) return "—";
    if (computedDefault != null) return computedDefault;
    if (defaultValue == null) return "none";
    if (defaultValue instanceof String s) return s.isEmpty() ? "none" : "`" + s + "`";
    if (defaultValue instanceof List<?> l) {
      if (l.isEmpty()) return "none";
      if (kind == Kind.TEXTS && l.size() > 1 && hasChoices() && l.equals(choices())) return "all of them";
      return "`[" + String.join(", ", l.stream().map(String::valueOf).toList()) + "]`";
    }
    if (defaultValue instanceof Map<?, ?> m && m.isEmpty()) return "none";
    return "`" + defaultValue + "`";
  }
}
