package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code capacity_reservation.plan}: defaults, and one pinned config error line per bad input. */
class CapacityPlanConfigTest {
  static final String SECTION = """
      project:
        prefix: fk
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 4
        availability_zones: [us-east-1a, us-east-1b, us-east-1c]
      """;

  static List<String> errors(String plan) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", SECTION + plan)).lines();
  }

  @Test
  void defaults() {
    CapacityPlanConfig plan = ConfigLoader.parse("test.yaml", SECTION).capacityReservation().plan();
    assertEquals(new CapacityPlanConfig(36, 12, List.of("No Upfront", "Partial Upfront", "All Upfront"), true), plan);
  }

  @Test
  void readsEveryKey() {
    CapacityPlanConfig plan = ConfigLoader.parse("test.yaml", SECTION + """
          plan:
            horizon_months: 24
            expected_need_months: 6
            payment_options: [All Upfront]
            include_capacity_blocks: false
        """).capacityReservation().plan();
    assertEquals(new CapacityPlanConfig(24, 6, List.of("All Upfront"), false), plan);
  }

  @Test
  void horizonOutsideOneToSixtyMonths() {
    assertEquals(List.of("test.yaml:10:21: capacity_reservation.plan.horizon_months: 0 is out of range (expected 1 to 60)"),
        errors("  plan:\n    horizon_months: 0\n    expected_need_months: 1\n"));
    assertEquals(List.of("test.yaml:10:21: capacity_reservation.plan.horizon_months: 61 is out of range (expected 1 to 60)"),
        errors("  plan:\n    horizon_months: 61\n"));
  }

  @Test
  void needOutsideOneToSixtyMonthsOrBeyondTheHorizon() {
    assertEquals(List.of("test.yaml:10:27: capacity_reservation.plan.expected_need_months: 0 is out of range (expected 1 to 60)"),
        errors("  plan:\n    expected_need_months: 0\n"));
    assertEquals(List.of("test.yaml:11:27: capacity_reservation.plan.expected_need_months: 61 is out of range (expected 1 to"
        + " 60)"), errors("  plan:\n    horizon_months: 60\n    expected_need_months: 61\n"));
    assertEquals(List.of("test.yaml:11:27: capacity_reservation.plan.expected_need_months: 24 months is beyond horizon_months"
        + " 12 (expected at most the horizon, so the table shows the whole need)"),
        errors("  plan:\n    horizon_months: 12\n    expected_need_months: 24\n"));
  }

  @Test
  void unknownOrRepeatedPaymentOption() {
    assertEquals(List.of("test.yaml:10:35: capacity_reservation.plan.payment_options[1]: \"Partial Upfrnt\" is not allowed"
        + " (did you mean \"Partial Upfront\"? expected one of: No Upfront, Partial Upfront, All Upfront)"),
        errors("  plan:\n    payment_options: [No Upfront, Partial Upfrnt]\n"));
    assertEquals(List.of("test.yaml:12:9: capacity_reservation.plan.payment_options[1]: \"All Upfront\" is listed twice"
        + " (expected each payment option once)"),
        errors("  plan:\n    payment_options:\n      - All Upfront\n      - All Upfront\n"));
    assertEquals(List.of("test.yaml:10:22: capacity_reservation.plan.payment_options: 0 payment options (expected 1 to 3 of:"
        + " No Upfront, Partial Upfront, All Upfront)"), errors("  plan:\n    payment_options: []\n"));
  }

  @Test
  void unknownKeyInPlan() {
    assertEquals(List.of("test.yaml:10:5: capacity_reservation.plan.horizon: unknown key \"horizon\" (expected one of:"
        + " horizon_months, expected_need_months, payment_options, include_capacity_blocks)"),
        errors("  plan:\n    horizon: 12\n"));
  }
}
