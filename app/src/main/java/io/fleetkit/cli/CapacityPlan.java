package io.fleetkit.cli;

import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of {@code capacity-plan}: reservations per zone and in total, what they cost at the
 * on-demand rate (an ODCR is billed like a running instance, used or not), and the part left idle
 * in normal operation (reserved minus desired).
 *
 * @param region the Region the reservations are in
 * @param price the on-demand price of one instance
 */
public record CapacityPlan(String instanceType, String platform, String tenancy, String region, int instancesNeeded,
    List<String> zones, int perZone, int minimumPerZone, int desired, Ec2OnDemandPrices.Price price) {

  /** Hours per month in AWS pricing pages and the Pricing Calculator. */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
  public static final String SAVINGS_PLANS_NOTE =
      "Savings Plans apply to ODCR usage: instances in these reservations get your Savings Plans rate.";

  public static CapacityPlan of(CapacityReservationConfig c, String region, Ec2OnDemandPrices.Price price) {
    return new CapacityPlan(c.instanceType(), c.platform(), c.tenancy(), region, c.instancesNeeded(),
        c.availabilityZones(), c.perAz(), c.minimumPerAz(), c.asg().desired(), price);
  }

  /** In 64 bits: counts multiply here, and no product may wrap around into a small or negative number. */
  public long totalReserved() {
    return (long) perZone * zones.size();
  }

  /** Reserved capacity left when the zone with the most reservations is lost. */
  public long reservedAfterLosingOneZone() {
    return (long) perZone * (zones.size() - 1);
  }

  public long idle() {
    return Math.max(0, totalReserved() - desired);
  }

  public BigDecimal hourly() {
    return price.usdPerHour().multiply(BigDecimal.valueOf(totalReserved()));
  }

  public BigDecimal monthly() {
    return hourly().multiply(HOURS_PER_MONTH);
  }

  public BigDecimal idleHourly() {
    return price.usdPerHour().multiply(BigDecimal.valueOf(idle()));
  }

  public BigDecimal idleMonthly() {
    return idleHourly().multiply(HOURS_PER_MONTH);
  }

  static String usd(BigDecimal v, int scale) {
    return "$" + v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** The text report, one fact a line. */
  public String text() {
    String nl = System.lineSeparator();
    StringBuilder b = new StringBuilder();
    b.append("Capacity plan: ").append(instanceType).append(", ").append(platform).append(", ").append(tenancy)
        .append(" tenancy, ").append(region).append(nl);
    b.append(String.format("  instances needed (N)       %d%n", instancesNeeded));
    b.append(String.format("  zones                      %d (%s)%n", zones.size(), String.join(", ", zones)));
    b.append(String.format("  reservations per zone      %d (minimum ceil(%d / (%d - 1)) = %d)%n", perZone,
        instancesNeeded, zones.size(), minimumPerZone));
    for (String z : zones) b.append(String.format("    %-24s %d%n", z, perZone));
    b.append(String.format("  reserved in total          %d%n", totalReserved()));
    b.append(String.format("  reserved after losing one  %d (need %d)%n", reservedAfterLosingOneZone(), instancesNeeded));
    b.append(String.format("  on-demand price            %s per instance-hour (SKU %s)%n", usd(price.usdPerHour(), 4), price.sku()));
    b.append(String.format("  reservations cost          %s per hour, %s per month (730 h)%n", usd(hourly(), 4), usd(monthly(), 2)));
    b.append(String.format("  idle in normal operation   %d (reserved %d - desired %d): %s per hour, %s per month%n",
        idle(), totalReserved(), desired, usd(idleHourly(), 4), usd(idleMonthly(), 2)));
    b.append(SAVINGS_PLANS_NOTE).append(nl);
    return b.toString();
  }

  /** The same facts for {@code --json}; money as decimal strings so no float rounding creeps in. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instanceType", instanceType);
    out.put("platform", platform);
    out.put("tenancy", tenancy);
    out.put("region", region);
    out.put("instancesNeeded", instancesNeeded);
    Map<String, Integer> perZoneMap = new LinkedHashMap<>();
    zones.forEach(z -> perZoneMap.put(z, perZone));
    out.put("reservationsPerZone", perZoneMap);
    out.put("minimumPerZone", minimumPerZone);
    out.put("totalReserved", totalReserved());
    out.put("reservedAfterLosingOneZone", reservedAfterLosingOneZone());
    out.put("desired", desired);
    out.put("idleInstances", idle());
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("currency", "USD");
    cost.put("sku", price.sku());
    cost.put("onDemandPerInstanceHour", price.usdPerHour().stripTrailingZeros().toPlainString());
    cost.put("hoursPerMonth", HOURS_PER_MONTH.intValue());
    cost.put("reservationsPerHour", hourly().stripTrailingZeros().toPlainString());
    cost.put("reservationsPerMonth", monthly().setScale(2, RoundingMode.HALF_UP).toPlainString());
    cost.put("idlePerHour", idleHourly().stripTrailingZeros().toPlainString());
    cost.put("idlePerMonth", idleMonthly().setScale(2, RoundingMode.HALF_UP).toPlainString());
    out.put("cost", cost);
    out.put("note", SAVINGS_PLANS_NOTE);
    return out;
  }
}
