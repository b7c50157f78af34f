package io.fleetkit.discovery.commitments;

import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.discovery.Pages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.savingsplans.SavingsplansClient;
import software.amazon.awssdk.services.savingsplans.model.DescribeSavingsPlanRatesResponse;
import software.amazon.awssdk.services.savingsplans.model.DescribeSavingsPlansOfferingRatesResponse;
import software.amazon.awssdk.services.savingsplans.model.DescribeSavingsPlansResponse;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlan;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanOfferingRate;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanOfferingRateFilterElement;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanRate;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanRateFilter;

/**
 * Savings Plans rates of one instance type (REST-JSON API {@code savingsplans}): what Compute and EC2 Instance
 * Savings Plans would charge per instance-hour (DescribeSavingsPlansOfferingRates), the active plans of the
 * account (DescribeSavingsPlans) and the rate each charges for the type (DescribeSavingsPlanRates).
 */
public final class SavingsPlansRates {
  /** DescribeSavingsPlansOfferingRates and DescribeSavingsPlans MaxResults: at most 1,000. */
  static final int PAGE = 1_000;
  static final int MAX_PAGES = 50;
  public static final List<String> PLAN_TYPES = List.of("Compute", "EC2Instance");

  private final SavingsplansClient client;
  private final ApiCalls calls;

  public SavingsPlansRates(SavingsplansClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /**
   * What to price.
   *
   * @param productDescription the rate property productDescription, such as Linux/UNIX
   * @param tenancy the rate property tenancy: shared or dedicated
   * @param operation the usage operation of the platform, such as RunInstances
   */
  public record Usage(String instanceType, String region, String productDescription, String tenancy, String operation) {
    /** BoxUsage (shared) or DedicatedUsage, with or without the Region's usage-type prefix (us-east-1 has none). */
    Pattern usageType() {
      String kind = tenancy.equals("dedicated") ? "DedicatedUsage" : "BoxUsage";
      return Pattern.compile("(?:[A-Z0-9]+-)?" + kind + ":" + Pattern.quote(instanceType));
    }
  }

  /** One offering's rate per instance-hour. */
  public record OfferingRate(String planType, int termMonths, String paymentOption, BigDecimal rate, String currency,
      String offeringId) {}

  /** An active plan and the hourly commitment it carries. */
  public record ActivePlan(String id, String planType, String region, String instanceFamily, String paymentOption,
      int termMonths, BigDecimal commitment, String currency, String end) {}

  /** Offering rates keyed "planType termMonths paymentOption" in a fixed order. */
  public Map<String, OfferingRate> offeringRates(Usage u, List<String> paymentOptions) {
    Map<String, OfferingRate> out = new TreeMap<>();
    Pattern usage = u.usageType();
    Pages.each("savingsplans:DescribeSavingsPlansOfferingRates", MAX_PAGES, token -> calls.call("savingsplans",
        "DescribeSavingsPlansOfferingRates", () -> client.describeSavingsPlansOfferingRates(b -> b
            .savingsPlanTypesWithStrings(PLAN_TYPES).savingsPlanPaymentOptionsWithStrings(paymentOptions)
            .productsWithStrings("EC2").serviceCodesWithStrings("AmazonEC2").operations(u.operation())
            .filters(rateFilter("region", u.region()), rateFilter("instanceType", u.instanceType()),
                rateFilter("productDescription", u.productDescription()), rateFilter("tenancy", u.tenancy()))
            .maxResults(PAGE).nextToken(token))),
        DescribeSavingsPlansOfferingRatesResponse::nextToken, page -> {
          for (SavingsPlanOfferingRate r : page.searchResults()) {
            if (r.usageType() == null || !usage.matcher(r.usageType()).matches() || !u.operation().equals(r.operation())) continue;
            var o = r.savingsPlanOffering();
            if (o == null || o.durationSeconds() == null) {
              throw new MalformedResponseException("savingsplans:DescribeSavingsPlansOfferingRates returned a rate without"
                  + " its offering or duration (usage type " + r.usageType() + ")", null);
            }
            int months = months(o.durationSeconds());
            if (months == 0) continue;
            var rate = new OfferingRate(o.planTypeAsString(), months, o.paymentOptionAsString(),
                amount(r.rate(), "offering " + o.offeringId() + " (" + r.usageType() + ")"), o.currencyAsString(), o.offeringId());
            String key = rate.planType() + " " + months + " " + rate.paymentOption();
            OfferingRate before = out.putIfAbsent(key, rate);
            if (before != null && before.rate().compareTo(rate.rate()) != 0) {
              throw new MalformedResponseException("savingsplans:DescribeSavingsPlansOfferingRates returned two rates for "
                  + key + " months: " + before.offeringId() + " " + before.rate().toPlainString() + " and "
                  + rate.offeringId() + " " + rate.rate().toPlainString() + " (expected one)", null);
            }
          }
        });
    return out;
  }

  /** Active Savings Plans of the account, by ID. */
  public List<ActivePlan> activePlans() {
    List<ActivePlan> out = new ArrayList<>();
    Pages.each("savingsplans:DescribeSavingsPlans", MAX_PAGES, token -> calls.call("savingsplans", "DescribeSavingsPlans",
        () -> client.describeSavingsPlans(b -> b.statesWithStrings("active").maxResults(PAGE).nextToken(token))),
        DescribeSavingsPlansResponse::nextToken, page -> {
          for (SavingsPlan p : page.savingsPlans()) {
            if (!"active".equals(p.stateAsString())) continue;
            out.add(new ActivePlan(p.savingsPlanId(), p.savingsPlanTypeAsString(), p.region(), p.ec2InstanceFamily(),
                p.paymentOptionAsString(), p.termDurationInSeconds() == null ? 0 : months(p.termDurationInSeconds()),
                amount(p.commitment(), "Savings Plan " + p.savingsPlanId() + " commitment"), p.currencyAsString(), p.end()));
          }
        });
    out.sort(java.util.Comparator.comparing(ActivePlan::id));
    return out;
  }

  /** The rate an active plan charges for the usage, or null when the plan does not cover it. */
  public BigDecimal planRate(String savingsPlanId, Usage u) {
    List<BigDecimal> rates = new ArrayList<>();
    Pattern usage = u.usageType();
    Pages.each("savingsplans:DescribeSavingsPlanRates", MAX_PAGES, token -> calls.call("savingsplans",
        "DescribeSavingsPlanRates", () -> client.describeSavingsPlanRates(b -> b.savingsPlanId(savingsPlanId)
            .filters(planFilter("region", u.region()), planFilter("instanceType", u.instanceType()),
                planFilter("productDescription", u.productDescription()), planFilter("tenancy", u.tenancy()))
            .maxResults(PAGE).nextToken(token))),
        DescribeSavingsPlanRatesResponse::nextToken, page -> {
          for (SavingsPlanRate r : page.searchResults()) {
            if (r.usageType() != null && usage.matcher(r.usageType()).matches() && u.operation().equals(r.operation())) {
              rates.add(amount(r.rate(), "Savings Plan " + savingsPlanId + " (" + r.usageType() + ")"));
            }
          }
        });
    return rates.stream().min(BigDecimal::compareTo).orElse(null);
  }

  /** 1 or 3 years as Savings Plans count them (31,536,000 and 94,608,000 seconds); 0 for any other term. */
  static int months(long seconds) {
    return seconds == Ec2Commitments.ONE_YEAR ? 12 : seconds == Ec2Commitments.THREE_YEARS ? 36 : 0;
  }

  /** A positive decimal; anything else names its source instead of becoming a zero price. */
  static BigDecimal amount(String text, String what) {
    try {
      BigDecimal v = new BigDecimal(text == null ? "" : text.trim());
      if (v.signum() > 0) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MalformedResponseException("savingsplans answered \"" + text + "\" for " + what
        + " (expected a positive decimal; never read as a zero price)", null);
  }

  private static SavingsPlanOfferingRateFilterElement rateFilter(String name, String value) {
    return SavingsPlanOfferingRateFilterElement.builder().name(name).values(value).build();
  }

  private static SavingsPlanRateFilter planFilter(String name, String value) {
    return SavingsPlanRateFilter.builder().name(name).values(value).build();
  }
}
