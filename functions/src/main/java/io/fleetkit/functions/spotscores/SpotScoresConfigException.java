package io.fleetkit.functions.spotscores;

import java.util.List;

/** A collector configuration that cannot be used, with every problem, one per line. */
public final class SpotScoresConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public SpotScoresConfigException(List<String> problems) {
    super("invalid Spot placement score configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code path: what is wrong (what is expected)}. */
  public List<String> problems() {
    return problems;
  }
}
