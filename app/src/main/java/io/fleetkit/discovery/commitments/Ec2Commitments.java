package io.fleetkit.discovery.commitments;

import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.discovery.Pages;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CapacityBlockOffering;
import software.amazon.awssdk.services.ec2.model.DescribeCapacityBlockOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeReservedInstancesOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeReservedInstancesOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.RecurringCharge;
import software.amazon.awssdk.services.ec2.model.ReservedInstances;
import software.amazon.awssdk.services.ec2.model.ReservedInstancesOffering;

/**
 * The EC2 reads of {@code capacity-plan --compare}: whether the type exists and carries GPUs or Neuron chips
 * (DescribeInstanceTypes), the active zonal Reserved Instances that already reserve capacity
 * (DescribeReservedInstances), Reserved Instance prices (DescribeReservedInstancesOfferings) and Capacity Blocks
 * for ML (DescribeCapacityBlockOfferings). Every call goes through {@link ApiCalls}.
 */
public final class Ec2Commitments {
  /** Reserved Instance terms in seconds (DescribeReservedInstancesOfferings Duration): 1 and 3 years of 8,760 hours. */
  static final long ONE_YEAR = 31_536_000L;
  static final long THREE_YEARS = 94_608_000L;
  /** DescribeReservedInstancesOfferings MaxResults: at most 100. A type has a few dozen offerings per scope. */
  static final int OFFERINGS_PER_PAGE = 100;
  static final int MAX_PAGES = 50;
  /** "Availability Zone" is the Scope of a zonal Reserved Instance (EC2 API Reference, ReservedInstances). */
  public static final String ZONAL = "Availability Zone";
  public static final String REGIONAL = "Region";

  private final Ec2Client ec2;
  private final ApiCalls calls;

  public Ec2Commitments(Ec2Client ec2, ApiCalls calls) {
    this.ec2 = ec2;
    this.calls = calls;
  }

  /** The instance type does not exist in the Region (EC2 answers InvalidInstanceType). */
  public static final class UnknownInstanceTypeException extends DiscoveryException {
    public UnknownInstanceTypeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** @param accelerator "GPU", "Neuron" or null */
  public record TypeFacts(String instanceType, String accelerator) {}

  /** An active zonal Reserved Instance of the planned type, platform and tenancy. */
  public record ZonalRi(String id, String zone, int count, Instant end) {}

  /**
   * One Reserved Instance offering.
   *
   * @param zone null for a regional offering
   * @param hourly UsagePrice plus the hourly recurring charges
   */
  public record RiOffering(String id, String scope, String zone, int termMonths, String paymentOption,
      BigDecimal fixedPrice, BigDecimal hourly, String currency) {}

  /** One Capacity Block offering; {@code hours} counts its minutes as a fraction. */
  public record CapacityBlock(String id, String zone, Instant start, Instant end, BigDecimal hours, int instanceCount,
      BigDecimal upfrontFee, String currency) {}

  /** Whether the type exists here, and what accelerator it carries. */
  public TypeFacts instanceType(String type) {
    DescribeInstanceTypesResponse r;
    try {
      r = calls.call("ec2", "DescribeInstanceTypes", () -> ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(type)));
    } catch (DiscoveryException e) {
      if (e.getCause() instanceof AwsServiceException a && a.awsErrorDetails() != null
          && "InvalidInstanceType".equals(a.awsErrorDetails().errorCode())) {
        throw new UnknownInstanceTypeException(type + " is not an instance type that EC2 knows in this Region ("
            + a.awsErrorDetails().errorMessage() + ")", e);
      }
      throw e;
    }
    InstanceTypeInfo info = r.instanceTypes().stream().filter(i -> type.equals(i.instanceTypeAsString())).findFirst()
        .orElseThrow(() -> new UnknownInstanceTypeException(type + " is not an instance type that EC2 knows in this Region"
            + " (ec2:DescribeInstanceTypes returned no such type)", null));
    String accelerator = info.gpuInfo() != null ? "GPU" : info.neuronInfo() != null ? "Neuron" : null;
    return new TypeFacts(type, accelerator);
  }

  /** Active zonal Reserved Instances of the type, platform and tenancy, by zone then ID. */
  public List<ZonalRi> activeZonalRis(String type, String platform, String tenancy) {
    var response = calls.call("ec2", "DescribeReservedInstances", () -> ec2.describeReservedInstances(b -> b.filters(
        filter("instance-type", type), filter("state", "active"), filter("scope", ZONAL),
        filter("instance-tenancy", tenancy))));
    List<ZonalRi> out = new ArrayList<>();
    for (ReservedInstances ri : response.reservedInstances()) {
      // The filters are the server's; check them again so a broad answer cannot reduce the reservations wrongly.
      if (!type.equals(ri.instanceTypeAsString()) || !"active".equals(ri.stateAsString())
          || !ZONAL.equals(ri.scopeAsString()) || !tenancy.equals(ri.instanceTenancyAsString())
          || !samePlatform(platform, ri.productDescriptionAsString())) {
        continue;
      }
      if (ri.availabilityZone() == null || ri.instanceCount() == null || ri.instanceCount() < 1) {
        throw new MalformedResponseException("ec2:DescribeReservedInstances returned " + ri.reservedInstancesId()
            + " without a zone or an instance count", null);
      }
      out.add(new ZonalRi(ri.reservedInstancesId(), ri.availabilityZone(), ri.instanceCount(), ri.end()));
    }
    out.sort(Comparator.comparing(ZonalRi::zone).thenComparing(ZonalRi::id));
    return out;
  }

  /** Standard 1- and 3-year offerings sold by AWS (no Marketplace), in one zone, or regional when zone is null. */
  public List<RiOffering> riOfferings(String type, String platform, String tenancy, String zone) {
    List<RiOffering> out = new ArrayList<>();
    String op = "ec2:DescribeReservedInstancesOfferings";
    Pages.each(op, MAX_PAGES, token -> {
      var request = DescribeReservedInstancesOfferingsRequest.builder().instanceType(type).productDescription(platform)
          .instanceTenancy(tenancy).offeringClass("standard").includeMarketplace(false).minDuration(ONE_YEAR)
          .maxDuration(THREE_YEARS).maxResults(OFFERINGS_PER_PAGE).nextToken(token);
      if (zone == null) request.filters(filter("scope", REGIONAL)); else request.availabilityZone(zone);
      return calls.call("ec2", "DescribeReservedInstancesOfferings", () -> ec2.describeReservedInstancesOfferings(request.build()));
    }, DescribeReservedInstancesOfferingsResponse::nextToken, page -> {
      for (ReservedInstancesOffering o : page.reservedInstancesOfferings()) {
        String scope = zone == null ? REGIONAL : ZONAL;
        if (!scope.equals(o.scopeAsString()) || !platform.equals(o.productDescriptionAsString())
            || Boolean.TRUE.equals(o.marketplace()) || (zone != null && !zone.equals(o.availabilityZone()))) {
          continue;
        }
        int months = o.duration() == null ? 0 : o.duration() == ONE_YEAR ? 12 : o.duration() == THREE_YEARS ? 36 : 0;
        if (months == 0) continue;
        out.add(offering(o, scope, zone, months));
      }
    });
    return out;
  }

  private static RiOffering offering(ReservedInstancesOffering o, String scope, String zone, int months) {
    String id = o.reservedInstancesOfferingId();
    if (o.fixedPrice() == null || o.currencyCodeAsString() == null || o.offeringTypeAsString() == null) {
      throw new MalformedResponseException("ec2:DescribeReservedInstancesOfferings returned offering " + id
          + " without fixedPrice, currencyCode or offeringType", null);
    }
    // The SDK types FixedPrice and UsagePrice as Float: Float.toString is the shortest decimal that reads back as
    // the same float, so "1069.0" stays 1069.0 and never becomes 1068.99997...
    BigDecimal hourly = o.usagePrice() == null ? BigDecimal.ZERO : new BigDecimal(Float.toString(o.usagePrice()));
    for (RecurringCharge c : o.recurringCharges()) {
      if (!"Hourly".equals(c.frequencyAsString()) || c.amount() == null) {
        throw new MalformedResponseException("ec2:DescribeReservedInstancesOfferings returned offering " + id
            + " with a recurring charge that is not an hourly amount (" + c.frequencyAsString() + ")", null);
      }
      hourly = hourly.add(BigDecimal.valueOf(c.amount()));
    }
    BigDecimal fixed = new BigDecimal(Float.toString(o.fixedPrice()));
    String payment = o.offeringTypeAsString();
    boolean priced = switch (payment) {
      case "All Upfront" -> fixed.signum() > 0;
      case "No Upfront" -> hourly.signum() > 0;
      case "Partial Upfront" -> fixed.signum() > 0 && hourly.signum() > 0;
      default -> true;
    };
    if (!priced || fixed.signum() < 0 || hourly.signum() < 0) {
      throw new MalformedResponseException("ec2:DescribeReservedInstancesOfferings returned offering " + id + " ("
          + payment + ") with upfront " + fixed.toPlainString() + " and hourly " + hourly.toPlainString()
          + ": not the terms its payment option has (never read as a zero price)", null);
    }
    return new RiOffering(id, scope, zone, months, payment, fixed, hourly, o.currencyCodeAsString());
  }

  /** Capacity Block offerings for {@code count} instances during {@code hours}, cheapest per instance-hour first. */
  public List<CapacityBlock> capacityBlocks(String type, int count, int hours) {
    List<CapacityBlock> out = new ArrayList<>();
    Pages.each("ec2:DescribeCapacityBlockOfferings", MAX_PAGES, token -> calls.call("ec2", "DescribeCapacityBlockOfferings",
        () -> ec2.describeCapacityBlockOfferings(b -> b.instanceType(type).instanceCount(count).capacityDurationHours(hours)
            .nextToken(token))), DescribeCapacityBlockOfferingsResponse::nextToken, page -> {
      for (CapacityBlockOffering o : page.capacityBlockOfferings()) out.add(block(o));
    });
    out.sort(Comparator.comparing((CapacityBlock b) -> perInstanceHour(b)).thenComparing(CapacityBlock::start)
        .thenComparing(CapacityBlock::id));
    return out;
  }

  private static CapacityBlock block(CapacityBlockOffering o) {
    String id = o.capacityBlockOfferingId();
    if (o.upfrontFee() == null || o.currencyCode() == null || o.capacityBlockDurationHours() == null
        || o.instanceCount() == null || o.instanceCount() < 1 || o.availabilityZone() == null || o.startDate() == null) {
      throw new MalformedResponseException("ec2:DescribeCapacityBlockOfferings returned offering " + id
          + " without upfrontFee, currencyCode, duration, instance count, zone or start date", null);
    }
    BigDecimal fee;
    try {
      fee = new BigDecimal(o.upfrontFee());
    } catch (NumberFormatException e) {
      throw new MalformedResponseException("ec2:DescribeCapacityBlockOfferings returned offering " + id + " with upfront fee \""
          + o.upfrontFee() + "\", not a number", e);
    }
    // CapacityBlockDurationMinutes is "in addition to" the hours (EC2 API Reference, CapacityBlockOffering).
    int minutes = o.capacityBlockDurationMinutes() == null ? 0 : o.capacityBlockDurationMinutes();
    BigDecimal hours = BigDecimal.valueOf(o.capacityBlockDurationHours() * 60L + minutes)
        .divide(BigDecimal.valueOf(60), 6, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    if (fee.signum() <= 0 || hours.signum() <= 0) {
      throw new MalformedResponseException("ec2:DescribeCapacityBlockOfferings returned offering " + id + " with upfront fee "
          + o.upfrontFee() + " for " + hours.toPlainString() + " hours (never read as a zero price)", null);
    }
    return new CapacityBlock(id, o.availabilityZone(), o.startDate(), o.endDate(), hours, o.instanceCount(), fee,
        o.currencyCode());
  }

  /** The upfront fee spread over every instance-hour of the block. */
  public static BigDecimal perInstanceHour(CapacityBlock b) {
    return b.upfrontFee().divide(b.hours().multiply(BigDecimal.valueOf(b.instanceCount())), 6, java.math.RoundingMode.HALF_UP);
  }

  /** A Reserved Instance of "Linux/UNIX (Amazon VPC)" covers Linux/UNIX too. */
  static boolean samePlatform(String platform, String productDescription) {
    return platform.equals(productDescription) || (platform + " (Amazon VPC)").equals(productDescription);
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
