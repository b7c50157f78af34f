package io.fleetkit.stacks.dashboard;

import io.fleetkit.config.Checks;
import io.fleetkit.config.ConfigError;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares what a snapshot was discovered for with what the config deploys: tag key, tag values, Region,
 * partition and account. A snapshot of another tag or account would publish a dashboard of resources that
 * do not exist, so each difference is a config error at the key that decides it, naming both values and
 * the command that records the right snapshot. Region and account come from {@code project.*}, else from
 * what the CDK CLI resolved ({@code CDK_DEFAULT_REGION}, {@code CDK_DEFAULT_ACCOUNT}), which is where the
 * stacks deploy; when neither is known the stacks are environment-agnostic and the next synth that knows
 * them (every {@code cdk deploy}) checks again.
 */
final class SnapshotCheck {
  static final String FIX = "run `bin/fleetkit discover` to record it, or set dashboard.snapshot to a snapshot discovered for it";

  private SnapshotCheck() {}

  static List<ConfigError> errors(FleetkitConfig config, Inventory inv, String path, Function<String, String> env) {
    List<ConfigError> out = new ArrayList<>();
    var d = config.dashboard();
    String from = "the snapshot " + path + " was discovered ";
    if (!d.tagName().equals(inv.tagKey())) {
      out.add(config.source().error("dashboard.tag_name", "\"" + d.tagName() + "\" is not the tag key " + from + "for (\""
          + inv.tagKey() + "\", on " + inv.discoveredAt() + ") (expected a snapshot of tag key \"" + d.tagName() + "\": "
          + FIX + ")"));
    }
    List<String> values = List.copyOf(new TreeSet<>(d.tagValues()));
    List<String> recorded = List.copyOf(new TreeSet<>(inv.tagValues()));
    if (!values.equals(recorded)) {
      out.add(config.source().error("dashboard.tag_values", values + " are not the tag values " + from + "for ("
          + recorded + ") (expected a snapshot of tag values " + values + ": " + FIX + ")"));
    }
    Optional<Known> region = known(config.project().region(), env, "CDK_DEFAULT_REGION", "project.region");
    region.ifPresent(r -> {
      if (!r.value().equals(inv.region())) {
        out.add(config.source().error("project.region", "the stacks deploy to " + r.value() + r.source() + ", but " + from
            + "in " + inv.region() + " (expected a snapshot of " + r.value() + ": " + FIX + ")"));
      } else if (!Checks.partitionOf(r.value()).equals(inv.partition())) {
        out.add(config.source().error("project.region", r.value() + r.source() + " is in partition "
            + Checks.partitionOf(r.value()) + ", but " + from + "in partition " + inv.partition() + " (expected a snapshot"
            + " of partition " + Checks.partitionOf(r.value()) + ": " + FIX + ")"));
      }
    });
    known(config.project().account(), env, "CDK_DEFAULT_ACCOUNT", "project.account").ifPresent(a -> {
      if (!a.value().equals(inv.account())) {
        out.add(config.source().error("project.account", "the stacks deploy to account " + a.value() + a.source() + ", but "
            + from + "in account " + inv.account() + " (expected a snapshot of account " + a.value() + ": " + FIX + ")"));
      }
    });
    return out;
  }

  /** A value and where it came from, for the message: empty for the config key, the variable otherwise. */
  record Known(String value, String source) {}

  private static Optional<Known> known(Optional<String> configured, Function<String, String> env, String variable,
      String key) {
    if (configured.isPresent()) return Optional.of(new Known(configured.get(), ""));
    String v = env.apply(variable);
    if (v == null || v.isBlank()) return Optional.empty();
    return Optional.of(new Known(v, " (" + variable + ", the CDK CLI's; " + key + " is not set)"));
  }
}
