package io.fleetkit.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * One way to pay for the reservations to create, over whole commitment terms: what it costs in a term, how much of
 * that is paid up front, and when it breaks even against reservations alone (on-demand rate, 730 hours a month).
 *
 * @param kind the family of the option, in the order ties are broken (the more flexible first)
 * @param termMonths 12 or 36; 0 for reservations alone, which commit to nothing
 * @param termTotal what one term costs, everything included
 * @param upfront the part of {@code termTotal} paid at purchase
 * @param hourlyCommitment the Savings Plan commitment per hour; null for other kinds
 * @param offerings the offering IDs priced
 * @param unavailable why the option cannot be bought here, or null
 */
public record CommitmentOption(Kind kind, int termMonths, String paymentOption, BigDecimal termTotal, BigDecimal upfront,
    BigDecimal hourlyCommitment, List<String> offerings, String unavailable) {

  public static final BigDecimal HOURS_PER_MONTH = CapacityPlan.HOURS_PER_MONTH;
  /** Savings Plans commitments have at most five decimals (savingsplans CreateSavingsPlan, commitment). */
  public static final int COMMITMENT_SCALE = 5;
  /** A Partial Upfront Savings Plan pays 50 to 99 percent up front (CreateSavingsPlan upfrontPaymentAmount). */
  public static final BigDecimal PARTIAL_UPFRONT_MINIMUM = new BigDecimal("0.5");

  /** The kinds of option, in the order ties are broken. */
  public enum Kind {
    RESERVATIONS("Reservations alone (on-demand)"),
    COMPUTE_SP("Compute Savings Plan + reservations"),
    EC2_SP("EC2 Instance Savings Plan + reservations"),
    REGIONAL_RI("Regional RI (standard) + reservations"),
    ZONAL_RI("Zonal RI (standard), no reservations");

    public final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  public CommitmentOption {
    offerings = List.copyOf(offerings);
  }

  /** Reservations alone: one month of {@code instances} at {@code onDemand}; no term, nothing up front. */
  public static CommitmentOption reservations(int instances, BigDecimal onDemand) {
    return new CommitmentOption(Kind.RESERVATIONS, 0, "-", monthly(instances, onDemand), BigDecimal.ZERO, null, List.of(), null);
  }

  /** A Savings Plan whose hourly commitment covers {@code instances} at {@code rate}, rounded up to what can be bought. */
  public static CommitmentOption savingsPlan(Kind kind, int termMonths, String payment, int instances, BigDecimal rate,
      String offeringId) {
    BigDecimal commitment = rate.multiply(BigDecimal.valueOf(instances)).setScale(COMMITMENT_SCALE, RoundingMode.UP);
    BigDecimal total = commitment.multiply(HOURS_PER_MONTH).multiply(BigDecimal.valueOf(termMonths));
    BigDecimal upfront = switch (payment) {
      case "All Upfront" -> total;
      case "Partial Upfront" -> total.multiply(PARTIAL_UPFRONT_MINIMUM);
      default -> BigDecimal.ZERO;
    };
    return new CommitmentOption(kind, termMonths, payment, total, upfront, commitment, List.of(offeringId), null);
  }

  /** Reserved Instances: per instance, the fixed price plus the hourly charges of every hour of the term. */
  public static BigDecimal riTermTotal(BigDecimal fixed, BigDecimal hourly, int termMonths, int instances) {
    BigDecimal each = fixed.add(hourly.multiply(HOURS_PER_MONTH).multiply(BigDecimal.valueOf(termMonths)));
    return each.multiply(BigDecimal.valueOf(instances));
  }

  public static CommitmentOption unavailable(Kind kind, int termMonths, String payment, String why) {
    return new CommitmentOption(kind, termMonths, payment, null, null, null, List.of(), why);
  }

  public boolean available() {
    return unavailable == null;
  }

  /** What a need of {@code months} costs: reservations alone by the month, a commitment by whole terms. */
  public BigDecimal costFor(int months) {
    if (kind == Kind.RESERVATIONS) return termTotal.multiply(BigDecimal.valueOf(months));
    int terms = (months + termMonths - 1) / termMonths;
    return termTotal.multiply(BigDecimal.valueOf(terms));
  }

  /** The cost of one month on average over the term (reservations alone: the monthly cost). */
  public BigDecimal perMonth() {
    return kind == Kind.RESERVATIONS ? termTotal : termTotal.divide(BigDecimal.valueOf(termMonths), 10, RoundingMode.HALF_UP);
  }

  /**
   * Months of reservations alone that cost as much as one term of this option, to two decimals (rounded up, so the
   * option is cheaper from that month on); null for reservations alone or when nothing is reserved.
   */
  public BigDecimal breakEvenMonths(BigDecimal reservationsMonthly) {
    if (kind == Kind.RESERVATIONS || !available() || reservationsMonthly.signum() == 0) return null;
    return termTotal.divide(reservationsMonthly, 2, RoundingMode.UP);
  }

  /** Whether it breaks even inside its own term. */
  public boolean breaksEvenWithinTerm(BigDecimal reservationsMonthly) {
    BigDecimal b = breakEvenMonths(reservationsMonthly);
    return b != null && b.compareTo(BigDecimal.valueOf(termMonths)) <= 0;
  }

  public String name() {
    return kind == Kind.RESERVATIONS ? kind.label : kind.label + ", " + (termMonths / 12) + " yr " + paymentOption;
  }

  static BigDecimal monthly(int instances, BigDecimal hourly) {
    return hourly.multiply(BigDecimal.valueOf(instances)).multiply(HOURS_PER_MONTH);
  }
}
