package io.fleetkit.stacks.dashboard.body;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fixed colour palette keyed by series name, so the same snapshot always draws the same colours
 * (the blog's sample picked random colours, so every synth differed). Within one widget a colour
 * already taken moves to the next free one, in series order, which is sorted and therefore stable.
 */
public final class Palette {
  /** CloudWatch's own default graph colours, then ten darker companions. */
  public static final List<String> COLORS = List.of(
      "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
      "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5");

  private final Set<Integer> used = new LinkedHashSet<>();

  /** A fresh palette for one widget. */
  public Palette() {}

  /** The colour for {@code key}; String.hashCode is specified by the JLS, so it is stable across JVMs. */
  public String color(String key) {
    int start = Math.floorMod(key.hashCode(), COLORS.size());
    for (int i = 0; i < COLORS.size(); i++) {
      int c = (start + i) % COLORS.size();
      if (used.add(c)) return COLORS.get(c);
    }
    return COLORS.get(start); // more series than colours: repeat, still deterministic
  }
}
