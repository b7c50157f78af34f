package io.fleetkit.cli;

import io.fleetkit.cli.CommitmentComparison.Blocks;
import io.fleetkit.cli.CommitmentComparison.ExistingPlan;
import io.fleetkit.cli.CommitmentOption.Kind;
import io.fleetkit.config.CapacityPlanConfig;
import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.commitments.Ec2Commitments;
import io.fleetkit.discovery.commitments.Ec2Commitments.RiOffering;
import io.fleetkit.discovery.commitments.Ec2Commitments.ZonalRi;
import io.fleetkit.discovery.commitments.SavingsPlansRates;
import io.fleetkit.discovery.commitments.SavingsPlansRates.OfferingRate;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.savingsplans.SavingsplansClient;

/** Gathers what {@code capacity-plan --compare} compares, one progress line per phase on stderr. */
final class CapacityCompare {
  /** Each Capacity Block holds up to 64 instances (EC2 User Guide, "Find and purchase Capacity Blocks"). */
  static final int BLOCK_MAX_INSTANCES = 64;
  /** Durations are sold "in 1-day increments up to 14 days, and in 7-day increments up to 182 days" (same page). */
  static final int BLOCK_DAILY_DAYS = 14;
  static final int BLOCK_MAX_DAYS = 182;

  private final AwsClients aws;
  private final Region pricingRegion;
  private final PrintWriter err;
  private final ApiCalls calls = new ApiCalls("capacity-plan --compare");
  private final List<String> gaps = new ArrayList<>();

  CapacityCompare(AwsClients aws, Region pricingRegion, PrintWriter err) {
    this.aws = aws;
    this.pricingRegion = pricingRegion;
    this.err = err;
  }

  CommitmentComparison compare(CapacityReservationConfig c, String region) {
    CapacityPlanConfig plan = c.plan();
    Ec2Commitments ec2 = new Ec2Commitments(aws.build(Ec2Client.builder(), Region.of(region)), calls);
    SavingsPlansRates sp = new SavingsPlansRates(aws.build(SavingsplansClient.builder(), Region.of(region)), calls);
    var facts = ec2.instanceType(c.instanceType());
    progress("[1/6] instance type: " + c.instanceType() + (facts.accelerator() == null ? " (no GPU or Neuron chip)"
        : " (" + facts.accelerator() + ")"));
    var price = Ec2OnDemandPrices.of(aws, pricingRegion).hourly(new Ec2OnDemandPrices.Query(c.instanceType(), region,
        Ec2OnDemandPrices.operatingSystemOf(c.platform()), Ec2OnDemandPrices.tenancyOf(c.tenancy())));
    // Ec2OnDemandPrices reads pricePerUnit.USD: the on-demand price data is in USD, and every other price must be too.
    String currency = "USD";
    progress("[2/6] on-demand price: " + price.usdPerHour().stripTrailingZeros().toPlainString() + " " + currency
        + " per instance-hour (SKU " + price.sku() + ")");

    List<ZonalRi> ris = gap("ec2:DescribeReservedInstances", "active zonal Reserved Instances are not subtracted",
        () -> ec2.activeZonalRis(c.instanceType(), c.platform(), c.tenancy()), List.of());
    Map<String, List<ZonalRi>> inZones = new LinkedHashMap<>();
    Map<String, Integer> toCreate = new LinkedHashMap<>();
    for (String z : c.availabilityZones()) {
      List<ZonalRi> here = ris.stream().filter(r -> r.zone().equals(z)).toList();
      inZones.put(z, here);
      toCreate.put(z, Math.max(0, c.perAz() - here.stream().mapToInt(ZonalRi::count).sum()));
    }
    List<ZonalRi> elsewhere = ris.stream().filter(r -> !c.availabilityZones().contains(r.zone())).toList();
    int instances = toCreate.values().stream().mapToInt(Integer::intValue).sum();
    var usage = new SavingsPlansRates.Usage(c.instanceType(), region, c.platform(), tenancy(c.tenancy()), operation(c.platform()));
    List<ExistingPlan> existing = existingPlans(sp, usage, family(c.instanceType()), region, currency);
    progress("[3/6] existing commitments: " + count(ris.size(), "active zonal RI") + " (" + (ris.size() - elsewhere.size())
        + " in the plan's zones), " + count(existing.size(), "active Savings Plan") + (existing.size() == 1 ? " that applies"
        : " that apply"));

    List<String> payments = CapacityPlanConfig.PAYMENT_OPTIONS.stream().filter(plan.paymentOptions()::contains).toList();
    Map<String, OfferingRate> rates = sp.offeringRates(usage, payments);
    rates.values().forEach(r -> sameCurrency(currency, r.currency(), "Savings Plans offering " + r.offeringId()));
    progress("[4/6] Savings Plans rates: " + rates.size() + " offerings");
    List<RiOffering> regional = ec2.riOfferings(c.instanceType(), c.platform(), c.tenancy(), null);
    Map<String, List<RiOffering>> zonal = new TreeMap<>();
    for (String z : c.availabilityZones()) {
      if (toCreate.get(z) > 0) zonal.put(z, ec2.riOfferings(c.instanceType(), c.platform(), c.tenancy(), z));
    }
    regional.forEach(o -> sameCurrency(currency, o.currency(), "Reserved Instance offering " + o.id()));
    zonal.values().forEach(l -> l.forEach(o -> sameCurrency(currency, o.currency(), "Reserved Instance offering " + o.id())));
    progress("[5/6] Reserved Instance offerings: " + regional.size() + " regional, "
        + zonal.values().stream().mapToInt(List::size).sum() + " zonal");

    List<CommitmentOption> options = new ArrayList<>();
    options.add(CommitmentOption.reservations(instances, price.usdPerHour()));
    for (Kind kind : List.of(Kind.COMPUTE_SP, Kind.EC2_SP)) {
      for (int term : List.of(12, 36)) {
        for (String p : payments) {
          OfferingRate r = rates.get((kind == Kind.COMPUTE_SP ? "Compute" : "EC2Instance") + " " + term + " " + p);
          options.add(instances == 0 ? CommitmentOption.unavailable(kind, term, p, "nothing to reserve")
              : r == null ? CommitmentOption.unavailable(kind, term, p, "no rate offered")
              : CommitmentOption.savingsPlan(kind, term, p, instances, r.rate(), r.offeringId()));
        }
      }
    }
    for (int term : List.of(12, 36)) {
      for (String p : payments) options.add(regionalRi(regional, term, p, instances));
    }
    for (int term : List.of(12, 36)) {
      for (String p : payments) options.add(zonalRi(zonal, toCreate, term, p));
    }
    Blocks blocks = blocks(ec2, c, facts.accelerator(), toCreate, plan);
    return new CommitmentComparison(c.instanceType(), c.platform(), c.tenancy(), region, currency, c.availabilityZones(),
        c.perAz(), inZones, elsewhere, toCreate, price, plan.horizonMonths(), plan.expectedNeedMonths(), options, blocks,
        existing, gaps);
  }

  private List<ExistingPlan> existingPlans(SavingsPlansRates sp, SavingsPlansRates.Usage usage, String family, String region,
      String currency) {
    List<ExistingPlan> out = new ArrayList<>();
    List<SavingsPlansRates.ActivePlan> plans = gap("savingsplans:DescribeSavingsPlans", "existing Savings Plans are not shown",
        sp::activePlans, List.of());
    for (var p : plans) {
      // A Compute Savings Plan applies in any Region to any family; an EC2 Instance one to its family in its Region.
      boolean applies = "Compute".equals(p.planType())
          || ("EC2Instance".equals(p.planType()) && region.equals(p.region()) && family.equals(p.instanceFamily()));
      if (!applies) continue;
      sameCurrency(currency, p.currency(), "Savings Plan " + p.id());
      BigDecimal rate = gap("savingsplans:DescribeSavingsPlanRates", "Savings Plan " + p.id() + " is not counted",
          () -> sp.planRate(p.id(), usage), null);
      if (rate != null) out.add(new ExistingPlan(p.id(), p.planType(), p.commitment(), rate));
    }
    return out;
  }

  private static CommitmentOption regionalRi(List<RiOffering> offerings, int term, String payment, int instances) {
    if (instances == 0) return CommitmentOption.unavailable(Kind.REGIONAL_RI, term, payment, "nothing to reserve");
    return offerings.stream().filter(o -> o.termMonths() == term && o.paymentOption().equals(payment))
        .min(Comparator.comparing((RiOffering o) -> CommitmentOption.riTermTotal(o.fixedPrice(), o.hourly(), term, 1))
            .thenComparing(RiOffering::id))
        .map(o -> new CommitmentOption(Kind.REGIONAL_RI, term, payment,
            CommitmentOption.riTermTotal(o.fixedPrice(), o.hourly(), term, instances),
            o.fixedPrice().multiply(BigDecimal.valueOf(instances)), null, List.of(o.id()), null))
        .orElse(CommitmentOption.unavailable(Kind.REGIONAL_RI, term, payment, "not offered"));
  }

  private static CommitmentOption zonalRi(Map<String, List<RiOffering>> byZone, Map<String, Integer> toCreate, int term,
      String payment) {
    if (byZone.isEmpty()) return CommitmentOption.unavailable(Kind.ZONAL_RI, term, payment, "nothing to reserve");
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal upfront = BigDecimal.ZERO;
    List<String> ids = new ArrayList<>();
    for (var e : byZone.entrySet()) {
      var best = e.getValue().stream().filter(o -> o.termMonths() == term && o.paymentOption().equals(payment))
          .min(Comparator.comparing((RiOffering o) -> CommitmentOption.riTermTotal(o.fixedPrice(), o.hourly(), term, 1))
              .thenComparing(RiOffering::id));
      if (best.isEmpty()) return CommitmentOption.unavailable(Kind.ZONAL_RI, term, payment, "not offered in " + e.getKey());
      int n = toCreate.get(e.getKey());
      total = total.add(CommitmentOption.riTermTotal(best.get().fixedPrice(), best.get().hourly(), term, n));
      upfront = upfront.add(best.get().fixedPrice().multiply(BigDecimal.valueOf(n)));
      ids.add(best.get().id());
    }
    return new CommitmentOption(Kind.ZONAL_RI, term, payment, total, upfront, null, ids, null);
  }

  private Blocks blocks(Ec2Commitments ec2, CapacityReservationConfig c, String accelerator, Map<String, Integer> toCreate,
      CapacityPlanConfig plan) {
    boolean trainiumOrGpu = "GPU".equals(accelerator) || ("Neuron".equals(accelerator) && c.instanceType().startsWith("trn"));
    int count = Math.min(BLOCK_MAX_INSTANCES, toCreate.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    if (!plan.includeCapacityBlocks() || !trainiumOrGpu || count == 0) {
      progress("[6/6] Capacity Blocks: " + (!plan.includeCapacityBlocks() ? "off (plan.include_capacity_blocks: false)"
          : !trainiumOrGpu ? "not a GPU or Trainium type" : "nothing to reserve"));
      return null;
    }
    int hours = blockHours(plan.expectedNeedMonths());
    var offerings = gap("ec2:DescribeCapacityBlockOfferings", "Capacity Blocks are not compared",
        () -> ec2.capacityBlocks(c.instanceType(), count, hours), null);
    if (offerings == null) return null;
    offerings.forEach(b -> sameCurrency("USD", b.currency(), "Capacity Block offering " + b.id()));
    progress("[6/6] Capacity Blocks: " + offerings.size() + " offerings for " + count + " instances, " + hours + " hours");
    return new Blocks(accelerator, count, hours, offerings);
  }

  /** The need in hours, rounded up to whole days, then to whole weeks past 14 days, at most 182 days. */
  static int blockHours(int needMonths) {
    long hours = needMonths * 730L;
    long days = (hours + 23) / 24;
    if (days > BLOCK_DAILY_DAYS) days = (days + 6) / 7 * 7;
    return (int) Math.min(days, BLOCK_MAX_DAYS) * 24;
  }

  /**
   * A read whose denial leaves a named gap instead of stopping, as {@code discover} does: the report lists it. A
   * Capacity Block answer that rejects the type (an Invalid or Unsupported error code) is a gap too.
   */
  private <T> T gap(String action, String consequence, Supplier<T> read, T empty) {
    try {
      return read.get();
    } catch (AccessDeniedException e) {
      return recordGap(action + " was denied: " + consequence + " (grant " + action + " to include them)", empty);
    } catch (DiscoveryException e) {
      String code = e.getCause() instanceof AwsServiceException a && a.awsErrorDetails() != null
          ? String.valueOf(a.awsErrorDetails().errorCode()) : "";
      if (action.endsWith("DescribeCapacityBlockOfferings") && (code.startsWith("Invalid") || code.startsWith("Unsupported"))) {
        return recordGap(action + " rejected the type (" + code + "): " + consequence, empty);
      }
      throw e;
    }
  }

  private <T> T recordGap(String message, T empty) {
    gaps.add(message);
    err.println("WARN " + message);
    err.flush();
    return empty;
  }

  private void progress(String line) {
    err.println(line);
    err.flush();
  }

  private static void sameCurrency(String expected, String actual, String what) {
    if (!expected.equals(actual)) {
      throw new DiscoveryException(what + " is priced in " + actual + ", the on-demand price in " + expected
          + " (expected one currency; fleetkit does not convert)", null);
    }
  }

  static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** The Savings Plans tenancy property of an EC2 tenancy. */
  static String tenancy(String ec2Tenancy) {
    return "dedicated".equals(ec2Tenancy) ? "dedicated" : "shared";
  }

  /** Usage operation of a platform (EC2 User Guide, "AMI billing information fields"). */
  static String operation(String platform) {
    return switch (platform) {
      case "Windows" -> "RunInstances:0002";
      case "Red Hat Enterprise Linux" -> "RunInstances:0010";
      case "SUSE Linux" -> "RunInstances:000g";
      default -> "RunInstances";
    };
  }

  /** The family of a type: everything before the period (m5 of m5.large). */
  static String family(String type) {
    return type.substring(0, type.indexOf('.'));
  }
}
