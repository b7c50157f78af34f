package io.fleetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fleetkit.cli.CommitmentOption.Kind;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of one option, at its edges. */
class CommitmentOptionTest {
  @Test
  void aSavingsPlanCommitmentIsRoundedUpToWhatCanBeBought() {
    // 3 x 0.0123456 = 0.0370368/h; CreateSavingsPlan takes five decimals, so 0.03704 (rounded up: it must cover).
    var o = CommitmentOption.savingsPlan(Kind.COMPUTE_SP, 12, "Partial Upfront", 3, new BigDecimal("0.0123456"), "id");
    assertEquals(new BigDecimal("0.03704"), o.hourlyCommitment());
    // 0.03704 x 730 x 12 = 324.4704; half up front.
    assertEquals(0, new BigDecimal("324.4704").compareTo(o.termTotal()));
    assertEquals(0, new BigDecimal("162.2352").compareTo(o.upfront()));
  }

  @Test
  void aNeedPastTheTermBuysAnotherTerm() {
    var o = CommitmentOption.savingsPlan(Kind.EC2_SP, 12, "No Upfront", 1, new BigDecimal("0.05"), "id");
    // 0.05 x 8,760 = 438 a term; 13 months need two terms.
    assertEquals(0, new BigDecimal("438").compareTo(o.costFor(12)));
    assertEquals(0, new BigDecimal("876").compareTo(o.costFor(13)));
  }

  @Test
  void aBreakEvenPastTheTermIsNotWithinIt() {
    // Reservations alone 10 a month; a 12-month term costing 130 breaks even after 13 months: never within the term.
    var o = new CommitmentOption(Kind.REGIONAL_RI, 12, "All Upfront", new BigDecimal("130"), new BigDecimal("130"), null,
        List.of("id"), null);
    assertEquals(new BigDecimal("13.00"), o.breakEvenMonths(BigDecimal.TEN));
    assertFalse(o.breaksEvenWithinTerm(BigDecimal.TEN));
    assertNull(CommitmentOption.reservations(1, BigDecimal.ONE).breakEvenMonths(BigDecimal.TEN));
  }

  @Test
  void zonalRisThatHoldEveryReservationLeaveNothingToBuy() {
    var none = CommitmentOption.unavailable(Kind.COMPUTE_SP, 12, "No Upfront", "nothing to reserve");
    var c = new CommitmentComparison("m5.large", "Linux/UNIX", "default", "us-east-1", "USD", List.of("us-east-1a", "us-east-1b"),
        1, Map.of(), List.of(), Map.of("us-east-1a", 0, "us-east-1b", 0),
        new Ec2OnDemandPrices.Price("SKU", new BigDecimal("0.096"), ""), 12, 6,
        List.of(CommitmentOption.reservations(0, new BigDecimal("0.096")), none), null, List.of(), List.of());
    assertEquals(2, c.coveredByZonalRis());
    assertEquals("nothing to reserve: active zonal Reserved Instances already hold 2 of 2 reserved instances",
        c.recommendation().deciding());
  }
}
