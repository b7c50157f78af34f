package io.fleetkit.config;

/**
 * A declared nested mapping, or a list of mappings, whose own keys are {@link #keys}. One set of keys
 * may sit under several parents (the health-check gate is in two sections).
 */
final class Block extends Declared<Block> {
  final Keys keys;
  private final boolean list;

  Block(Keys owner, String name, Keys keys, boolean list, String description) {
    super(owner, name, description);
    this.keys = keys;
    this.list = list;
  }

  @Override
  Block self() {
    return this;
  }

  @Override
  String typeName() {
    return list ? "list of mappings" : "mapping";
  }

  @Override
  boolean isList() {
    return list;
  }
}
