package io.fleetkit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes docs/config-reference.md from the key declarations ({@link ConfigLoader#ROOT} and the readers'
 * {@link Keys}): every section, nested mapping and list of mappings, with type, required, default, bounds
 * and description. The output depends on nothing but the declarations, so it is the same on every run.
 */
public final class ConfigReference {
  /** The one command that regenerates the committed reference (run at the repository root). */
  public static final String COMMAND = "bin/java-main io.fleetkit.config.ConfigReference docs/config-reference.md";

  private ConfigReference() {}

  /** Writes the reference to the file given, or prints it when there is none. */
  public static void main(String[] args) throws IOException {
    String text = render();
    if (args.length == 0) {
      System.out.print(text);
    } else {
      Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
    }
  }

  public static String render() {
    StringBuilder out = new StringBuilder();
    out.append("<!-- Generated from the key declarations in app/src/main/java/io/fleetkit/config; do not edit.\n")
        .append("     Regenerate: ").append(COMMAND).append(" -->\n");
    out.append("""
        # Config reference

        Every key that fleetkit reads from `config.yaml` (or the file given with `-c config=<file>`). This page is
        generated from the declarations in the code that reads each key, so it lists exactly what is read.

        - A section that is absent creates nothing. A present section creates its stacks only with `enabled: true`,
          except `local_zone`, which is enabled when present.
        - Unknown keys, wrong types and missing required keys are errors, with a "did you mean" for misspelt keys.
          Every error in the file is reported at once, each as `file:line:col: path.to.key: what is wrong (what is
          expected)`, and no template is written.
        - **Key**: the path inside the section. `a.b` is key `b` of the mapping `a`; `a[].b` is key `b` of each item
          of the list of mappings `a`.
        - **Type**: `bool` (`true` or `false`), `int` (a whole number), `text`, `list of text`, `map of text to text`
          (names you choose, such as tags), `mapping`, `list of mappings`.
        - **Required**: `yes`, `no`, or the condition under which the key is required (such as "when enabled": when
          the section, or the block that holds the key, is enabled).
        - **Default**: the value used when the key is absent; words where it follows from other keys; `—` for a
          required key.
        - **Bounds**: what synth checks, both ends included; more checks (formats, ARNs, IDs) are in the
          descriptions.

        """);
    out.append("Sections:");
    List<Block> sections = sections();
    for (int i = 0; i < sections.size(); i++) {
      String name = sections.get(i).name;
      out.append(i == 0 ? " " : " · ").append('[').append('`').append(name).append("`](#").append(name).append(')');
    }
    out.append("\n");
    for (Block section : sections) {
      out.append("\n## `").append(section.name).append('`');
      if ("".equals(section.requiredWhen())) out.append(" (required)");
      out.append("\n\n").append(section.keys.description).append("\n\n");
      out.append("| Key | Type | Required | Default | Bounds | Description |\n");
      out.append("|---|---|---|---|---|---|\n");
      rows(section.keys, "", out);
    }
    return out.toString();
  }

  /** The top-level sections, in declaration order. */
  static List<Block> sections() {
    List<Block> out = new ArrayList<>();
    for (Declared<?> d : ConfigLoader.ROOT.entries()) out.add((Block) d);
    return out;
  }

  private static void rows(Keys keys, String prefix, StringBuilder out) {
    for (Declared<?> d : keys.entries()) {
      String path = prefix + d.name;
      out.append("| `").append(path).append("` | ").append(d.typeName()).append(" | ").append(required(d))
          .append(" | ").append(cell(defaultText(d))).append(" | ").append(cell(d.boundsText())).append(" | ")
          .append(cell(d.description)).append(" |\n");
      if (d instanceof Block b) rows(b.keys, path + (b.isList() ? "[]." : "."), out);
    }
  }

  private static String required(Declared<?> d) {
    String when = d.requiredWhen();
    return when == null ? "no" : when.isEmpty() ? "yes" : cell(when);
  }

  private static String defaultText(Declared<?> d) {
    if (d instanceof Key<?> k) return k.defaultText();
    if (d.requiredWhen() != null) return "—";
    return d.isList() ? "none" : "";
  }

  /** A table cell: a pipe would end the cell, even inside a code span. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
