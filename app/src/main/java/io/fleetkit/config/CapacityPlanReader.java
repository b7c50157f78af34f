package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks {@code capacity_reservation.plan}, which only {@code bin/fleetkit capacity-plan --compare} reads. */
final class CapacityPlanReader {
  static final Keys KEYS = new Keys("What `bin/fleetkit capacity-plan --compare` compares: reservations alone, with Savings"
      + " Plans or Reserved Instances, and Capacity Blocks for ML; notes: [capacity.md](capacity.md#capacity-plan---compare).");
  // Savings Plans and Reserved Instances run for 1 or 3 years; 60 months covers a 3-year term and its renewal decision.
  static final Key<Integer> HORIZON = KEYS.integer("horizon_months", 36,
      "Months the cost table covers (730 hours each).").range(1, 60);
  static final Key<Integer> NEED = KEYS.integer("expected_need_months", 12,
      "Months you expect to need the capacity; break-even and the recommendation are judged on it.").range(1, 60)
      .note("at most `horizon_months`");
  static final Key<List<String>> PAYMENT = KEYS.texts("payment_options", CapacityPlanConfig.PAYMENT_OPTIONS,
      "Payment options to compare, as Savings Plans and Reserved Instances name them.")
      .oneOf(CapacityPlanConfig.PAYMENT_OPTIONS).items(1, CapacityPlanConfig.PAYMENT_OPTIONS.size());
  static final Key<Boolean> CAPACITY_BLOCKS = KEYS.bool("include_capacity_blocks", true,
      "For GPU and Trainium types, also price Capacity Blocks for ML (`ec2:DescribeCapacityBlockOfferings`).");

  private CapacityPlanReader() {}

  static CapacityPlanConfig read(YamlMap m) {
    var c = new CapacityPlanConfig(m.get(HORIZON), m.get(NEED), m.get(PAYMENT), m.get(CAPACITY_BLOCKS));
    m.finish();
    return c;
  }

  static void check(CapacityPlanConfig c, String path, Problems p) {
    boolean horizonOk = HORIZON.check(p, path, c.horizonMonths());
    boolean needOk = NEED.check(p, path, c.expectedNeedMonths());
    if (horizonOk && needOk && c.expectedNeedMonths() > c.horizonMonths()) {
      p.error(NEED.at(path), c.expectedNeedMonths() + " months is beyond horizon_months " + c.horizonMonths()
          + " (expected at most the horizon, so the table shows the whole need)");
    }
    List<String> options = c.paymentOptions();
    if (options.size() < PAYMENT.minItems() || options.size() > PAYMENT.maxItems()) {
      p.error(PAYMENT.at(path), options.size() + " payment options (expected " + PAYMENT.minItems() + " to "
          + PAYMENT.maxItems() + " of: " + String.join(", ", PAYMENT.choices()) + ")");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < options.size(); i++) {
      String at = PAYMENT.at(path) + "[" + i + "]";
      if (PAYMENT.checkChoice(p, at, options.get(i)) && !seen.add(options.get(i))) {
        p.error(at, "\"" + options.get(i) + "\" is listed twice (expected each payment option once)");
      }
    }
  }
}
