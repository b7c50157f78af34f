package io.fleetkit.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The declared keys of one YAML mapping: a section, a nested mapping, or each item of a list of
 * mappings. A {@link YamlMap} reads only keys declared here, so every key a reader can read is in
 * docs/config-reference.md (written by {@link ConfigReference}). Declare a key once, in the reader:
 * <pre>{@code
 * static final Keys KEYS = new Keys("What the section builds.");
 * static final Key<Integer> PORT = KEYS.integer("port", 80, "Port the targets listen on.").range(1, 65_535);
 * }</pre>
 */
final class Keys {
  final String description;
  private final List<Declared<?>> entries = new ArrayList<>();

  Keys(String description) {
    this.description = description;
  }

  List<Declared<?>> entries() {
    return Collections.unmodifiableList(entries);
  }

  Key<Boolean> bool(String name, boolean defaultValue, String description) {
    return add(new Key<>(this, name, Key.Kind.BOOL, defaultValue, description));
  }

  /** A bool whose default the reader computes; say it with {@link Key#computed}. */
  Key<Boolean> bool(String name, String description) {
    return add(new Key<>(this, name, Key.Kind.BOOL, null, description));
  }

  Key<Integer> integer(String name, int defaultValue, String description) {
    return add(new Key<>(this, name, Key.Kind.INT, defaultValue, description));
  }

  /** A whole number without a fixed default: optional, computed or required. */
  Key<Integer> integer(String name, String description) {
    return add(new Key<>(this, name, Key.Kind.INT, null, description));
  }

  Key<String> text(String name, String defaultValue, String description) {
    return add(new Key<>(this, name, Key.Kind.TEXT, defaultValue, description));
  }

  /** Text without a fixed default: optional, computed or required. */
  Key<String> text(String name, String description) {
    return add(new Key<>(this, name, Key.Kind.TEXT, null, description));
  }

  Key<List<String>> texts(String name, List<String> defaultValue, String description) {
    return add(new Key<>(this, name, Key.Kind.TEXTS, List.copyOf(defaultValue), description));
  }

  /** A mapping of names the user chooses to text values, such as tags. */
  Key<Map<String, String>> textMap(String name, String description) {
    return add(new Key<>(this, name, Key.Kind.TEXT_MAP, Map.of(), description));
  }

  /** A nested mapping with its own keys, declared on the returned block's {@code keys}. */
  Block map(String name, String description) {
    return add(new Block(this, name, new Keys(description), false, description));
  }

  /** A nested mapping whose keys are declared elsewhere (shared by several parents). */
  Block map(String name, Keys keys) {
    return add(new Block(this, name, keys, false, keys.description));
  }

  /** A nested mapping whose keys are declared elsewhere, described for this parent. */
  Block map(String name, Keys keys, String description) {
    return add(new Block(this, name, keys, false, description));
  }

  /** A list of mappings; each item's keys are declared on the returned block's {@code keys}. */
  Block list(String name, String description) {
    return add(new Block(this, name, new Keys(description), true, description));
  }

  /** A list of mappings whose item keys are declared elsewhere. */
  Block list(String name, Keys items, String description) {
    return add(new Block(this, name, items, true, description));
  }

  private <D extends Declared<?>> D add(D d) {
    for (Declared<?> e : entries) {
      if (e.name.equals(d.name)) throw new IllegalStateException("\"" + d.name + "\" is declared twice");
    }
    entries.add(d);
    return d;
  }
}
