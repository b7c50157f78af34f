package io.fleetkit.config;

import java.util.List;

/**
 * What {@code bin/fleetkit capacity-plan --compare} compares: the commitment options over {@code horizonMonths},
 * judged against an expected need of {@code expectedNeedMonths} (AWS blog "Selecting cost effective capacity
 * reservations for your business-critical workloads on Amazon EC2").
 *
 * @param paymentOptions Savings Plans and Reserved Instances payment options, as the AWS APIs spell them
 * @param includeCapacityBlocks whether GPU and Trainium types also get Capacity Blocks for ML offerings
 */
public record CapacityPlanConfig(int horizonMonths, int expectedNeedMonths, List<String> paymentOptions,
    boolean includeCapacityBlocks) {

  /** The payment options of Savings Plans (SavingsPlanPaymentOption) and Reserved Instances (OfferingType). */
  public static final List<String> PAYMENT_OPTIONS = List.of("No Upfront", "Partial Upfront", "All Upfront");
  public static final CapacityPlanConfig DEFAULT = new CapacityPlanConfig(36, 12, PAYMENT_OPTIONS, true);

  public CapacityPlanConfig {
    paymentOptions = List.copyOf(paymentOptions);
  }
}
