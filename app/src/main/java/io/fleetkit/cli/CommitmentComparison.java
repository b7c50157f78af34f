package io.fleetkit.cli;

import io.fleetkit.discovery.commitments.Ec2Commitments.CapacityBlock;
import io.fleetkit.discovery.commitments.Ec2Commitments.ZonalRi;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of {@code capacity-plan --compare}: the reservations still to create once active zonal Reserved
 * Instances are counted, every commitment option over the expected need and the horizon, their break-even against
 * reservations alone, the commitment coverage, and the recommendation (AWS blog "Selecting cost effective capacity
 * reservations for your business-critical workloads on Amazon EC2": reservations alone while the need is shorter than
 * a commitment's break-even; once it outlasts it, the cheapest commitment that covers the reservations).
 *
 * @param zonalRis active zonal RIs of the type, platform and tenancy in the reservations' zones, per zone
 * @param otherZonalRis active matching zonal RIs in other zones (they reserve nothing the plan needs)
 * @param toCreate reservations to create per zone: the per-zone count less that zone's zonal RIs, never below 0
 * @param options reservations alone first, then every commitment option, available or not
 * @param blocks Capacity Blocks for ML offerings, or null when the type has no GPU or Neuron chip or they are off
 * @param existingPlans active Savings Plans that apply to the type in this Region
 * @param gaps reads that were denied, each naming the action and what the plan lacks for it
 */
public record CommitmentComparison(String instanceType, String platform, String tenancy, String region, String currency,
    List<String> zones, int perZone, Map<String, List<ZonalRi>> zonalRis, List<ZonalRi> otherZonalRis,
    Map<String, Integer> toCreate, Ec2OnDemandPrices.Price onDemand, int horizonMonths, int needMonths,
    List<CommitmentOption> options, Blocks blocks, List<ExistingPlan> existingPlans, List<String> gaps) {

  /**
   * Capacity Block offerings asked for {@code instanceCount} instances during {@code hours} (one zone's reservations,
   * the need rounded up to a duration Capacity Blocks are sold in, at most 182 days).
   */
  public record Blocks(String accelerator, int instanceCount, int hours, List<CapacityBlock> offerings) {}

  /**
   * An active Savings Plan that covers the type here.
   *
   * @param rate what it charges per instance-hour of the type
   */
  public record ExistingPlan(String id, String planType, BigDecimal commitment, BigDecimal rate) {
    /** Instances of the type its whole commitment pays for, when nothing else uses it. */
    public int instancesCovered() {
      return commitment.divide(rate, 0, RoundingMode.DOWN).intValue();
    }
  }

  /** The chosen option and the sentence that names the number deciding it. */
  public record Recommendation(CommitmentOption option, String deciding) {}

  public int totalReserved() {
    return perZone * zones.size();
  }

  public int reservationsToCreate() {
    return toCreate.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Reserved instances that a zonal RI already holds (at most the per-zone count in each zone). */
  public int coveredByZonalRis() {
    return totalReserved() - reservationsToCreate();
  }

  public CommitmentOption reservationsAlone() {
    return options.get(0);
  }

  /** Monthly cost of the reservations to create at the on-demand rate. */
  public BigDecimal reservationsMonthly() {
    return reservationsAlone().perMonth();
  }

  /** Instances of the reservations to create that existing plans could pay for, if their commitment is otherwise unused. */
  public int existingPlanHeadroom() {
    return Math.min(reservationsToCreate(), existingPlans.stream().mapToInt(ExistingPlan::instancesCovered).sum());
  }

  /** The cheapest option over the expected need; ties go to the more flexible kind, then the shorter term. */
  public Recommendation recommendation() {
    Comparator<CommitmentOption> byCost = Comparator.comparing((CommitmentOption o) -> o.costFor(needMonths))
        .thenComparing(CommitmentOption::kind).thenComparingInt(CommitmentOption::termMonths)
        .thenComparingInt(o -> PAYMENT_ORDER.indexOf(o.paymentOption()));
    List<CommitmentOption> priced = options.stream().filter(CommitmentOption::available).toList();
    CommitmentOption best = priced.stream().min(byCost).orElseThrow();
    String need = months(needMonths);
    if (reservationsToCreate() == 0) {
      return new Recommendation(best, "nothing to reserve: active zonal Reserved Instances already hold " + totalReserved()
          + " of " + totalReserved() + " reserved instances");
    }
    if (best.kind() == CommitmentOption.Kind.RESERVATIONS) {
      CommitmentOption earliest = priced.stream().filter(o -> o.kind() != CommitmentOption.Kind.RESERVATIONS)
          .min(Comparator.comparing((CommitmentOption o) -> o.breakEvenMonths(reservationsMonthly()))
              .thenComparing(CommitmentOption::kind).thenComparingInt(CommitmentOption::termMonths)
              .thenComparingInt(o -> PAYMENT_ORDER.indexOf(o.paymentOption())))
          .orElse(null);
      if (earliest == null) return new Recommendation(best, "no commitment option is offered for this type here");
      return new Recommendation(best, "the expected need, " + need + ", is shorter than the earliest break-even, "
          + earliest.breakEvenMonths(reservationsMonthly()).toPlainString() + " months (" + earliest.name() + ")");
    }
    BigDecimal saving = reservationsAlone().costFor(needMonths).subtract(best.costFor(needMonths));
    return new Recommendation(best, "it breaks even after " + best.breakEvenMonths(reservationsMonthly()).toPlainString()
        + " months, within the expected need of " + need + ", and costs " + money(saving) + " " + currency
        + " less than reservations alone over those " + need);
  }

  static final List<String> PAYMENT_ORDER = List.of("-", "No Upfront", "Partial Upfront", "All Upfront");

  static String months(int n) {
    return n + (n == 1 ? " month" : " months");
  }

  static String money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
