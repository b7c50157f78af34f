package io.fleetkit.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows as left-aligned columns two spaces apart, the first row being the header. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<List<String>> rows) {
    for (String line : lines(rows)) out.println(line);
  }

  /** The same rows as text, each line ended by a newline. */
  static String render(List<List<String>> rows) {
    StringBuilder b = new StringBuilder();
    for (String line : lines(rows)) b.append(line).append('\n');
    return b.toString();
  }

  private static List<String> lines(List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] width = new int[cols];
    for (List<String> r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r.get(i).length());
    return rows.stream().map(r -> {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) line.append(i == cols - 1 ? r.get(i) : String.format("%-" + (width[i] + 2) + "s", r.get(i)));
      return line.toString().stripTrailing();
    }).toList();
  }
}
