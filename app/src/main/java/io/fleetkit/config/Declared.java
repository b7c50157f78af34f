package io.fleetkit.config;

import java.util.List;

/**
 * What every declared config key has: its name, the mapping it belongs to, a one-line description,
 * whether it is required, and its bounds. {@link Key} is a value; {@link Block} is a nested mapping or a
 * list of mappings. Declarations are made once, in static fields of the reader, and are fixed after that.
 */
abstract sealed class Declared<D extends Declared<D>> permits Key, Block {
  final Keys owner;
  final String name;
  final String description;
  /** Null: optional. "": always required. Otherwise the condition, such as "when enabled". */
  private String requiredWhen;
  /** The "(expected ...)" of the missing-key message; null when a meaning check enforces the requirement. */
  private String missingExpected;
  private Long min;
  private Long max;
  private Integer minItems;
  private Integer maxItems;
  private List<String> choices;
  private String note;

  Declared(Keys owner, String name, String description) {
    if (description.isBlank() || description.contains("\n")) {
      throw new IllegalArgumentException(name + ": the description must be one line");
    }
    this.owner = owner;
    this.name = name;
    this.description = description;
  }

  abstract D self();

  /** The kind of value, as the reference names it. */
  abstract String typeName();

  abstract boolean isList();

  /**
   * Required {@code when} ("" for always, else a condition such as "when enabled"), enforced by a meaning
   * check of the reader (such as "no zone").
   */
  final D required(String when) {
    requiredWhen = when;
    return self();
  }

  /** Required {@code when}; reading it through {@link YamlMap#require} reports "missing required key ... (expected ...)". */
  final D required(String when, String expected) {
    requiredWhen = when;
    missingExpected = expected;
    return self();
  }

  /** Whole-number bounds, both inclusive. */
  final D range(long min, long max) {
    return min(min).max(max);
  }

  final D min(long value) {
    numeric();
    min = value;
    return self();
  }

  final D max(long value) {
    numeric();
    max = value;
    return self();
  }

  /** How many items a list holds, both inclusive. */
  final D items(int min, int max) {
    return minItems(min).maxItems(max);
  }

  final D minItems(int value) {
    list();
    minItems = value;
    return self();
  }

  final D maxItems(int value) {
    list();
    maxItems = value;
    return self();
  }

  /** The allowed values of a text key, or of each item of a list of text. */
  final D oneOf(List<String> allowed) {
    if (!(this instanceof Key<?> k) || k.kind != Key.Kind.TEXT && k.kind != Key.Kind.TEXTS) {
      throw new IllegalStateException(name + ": only text and lists of text have choices");
    }
    choices = List.copyOf(allowed);
    return self();
  }

  /** A bound that depends on other keys, in words, such as "at least `min`". */
  final D note(String text) {
    note = text;
    return self();
  }

  private void numeric() {
    if (!(this instanceof Key<?> k) || k.kind != Key.Kind.INT) throw new IllegalStateException(name + ": only whole numbers have a range");
  }

  private void list() {
    if (!isList()) throw new IllegalStateException(name + ": only lists have a number of items");
  }

  String requiredWhen() {
    return requiredWhen;
  }

  String missingExpected() {
    if (missingExpected == null) {
      throw new IllegalStateException(name + " is not declared required(when, expected), so it has no missing-key message");
    }
    return missingExpected;
  }

  boolean hasMissingMessage() {
    return missingExpected != null;
  }

  /** Whether the declaration has any bound that a single value can break (for tests that try each). */
  boolean hasMin() {
    return min != null;
  }

  boolean hasMax() {
    return max != null;
  }

  boolean hasMinItems() {
    return minItems != null;
  }

  boolean hasMaxItems() {
    return maxItems != null;
  }

  long min() {
    if (min == null) throw new IllegalStateException(name + " has no declared minimum");
    return min;
  }

  long max() {
    if (max == null) throw new IllegalStateException(name + " has no declared maximum");
    return max;
  }

  int minItems() {
    if (minItems == null) throw new IllegalStateException(name + " has no declared minimum number of items");
    return minItems;
  }

  int maxItems() {
    if (maxItems == null) throw new IllegalStateException(name + " has no declared maximum number of items");
    return maxItems;
  }

  boolean hasChoices() {
    return choices != null;
  }

  List<String> choices() {
    if (choices == null) throw new IllegalStateException(name + " has no declared choices");
    return choices;
  }

  /** The path of this key inside the mapping at {@code parent}. */
  String at(String parent) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** Reports "v is out of range (expected min to max)" at this key under {@code parent}, from the declared range. */
  boolean check(Problems p, String parent, long value) {
    return Checks.range(p, at(parent), value, min(), max());
  }

  /** Reports a value that is not one of the declared choices, with a suggestion. */
  boolean checkChoice(Problems p, String path, String value) {
    return Checks.oneOf(p, path, value, choices());
  }

  /** The bounds as the reference prints them; empty when there are none. */
  String boundsText() {
    StringBuilder b = new StringBuilder();
    if (min != null && max != null) b.append('`').append(min).append("` to `").append(max).append('`');
    else if (min != null) b.append("at least `").append(min).append('`');
    else if (max != null) b.append("at most `").append(max).append('`');
    if (minItems != null || maxItems != null) {
      sep(b);
      if (minItems != null && maxItems != null) b.append(minItems).append(" to ").append(maxItems).append(" items");
      else if (minItems != null) b.append("at least ").append(minItems).append(minItems == 1 ? " item" : " items");
      else b.append("at most ").append(maxItems).append(" items");
    }
    if (choices != null) {
      sep(b);
      b.append(this instanceof Key<?> k && k.kind == Key.Kind.TEXTS ? "each one of " : "one of ");
      b.append(String.join(", ", choices.stream().map(c -> "`" + c + "`").toList()));
    }
    if (note != null) sep(b).append(note);
    return b.toString();
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.isEmpty() ? b : b.append("; ");
  }
}
