package io.fleetkit.cli;

import io.fleetkit.discovery.commitments.Ec2Commitments;
import io.fleetkit.discovery.commitments.Ec2Commitments.CapacityBlock;
import io.fleetkit.discovery.commitments.Ec2Commitments.ZonalRi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text and JSON of {@code capacity-plan --compare}. Money in the tables has two decimals; JSON keeps every digit. */
final class CommitmentReport {
  static final String RULE = "AWS blog \"Selecting cost effective capacity reservations for your business-critical workloads on"
      + " Amazon EC2\": reservations alone while the need is shorter than a commitment's break-even; once the need outlasts it,"
      + " the cheapest commitment that covers the reservations";

  private CommitmentReport() {}

  static String text(CommitmentComparison c) {
    StringBuilder b = new StringBuilder();
    line(b, "Commitment comparison: " + c.instanceType() + ", " + c.platform() + ", " + c.tenancy() + " tenancy, " + c.region()
        + " (" + c.currency() + ", 730 hours a month)");
    line(b, String.format("  %-24s %s", "zones", String.join(", ", c.zones())));
    line(b, String.format("  %-24s %d (%d in total)", "reservations per zone", c.perZone(), c.totalReserved()));
    List<String> ris = new ArrayList<>();
    c.zonalRis().forEach((z, l) -> l.forEach(r -> ris.add(z + ": " + r.count() + " (" + r.id() + ", ends " + r.end() + ")")));
    line(b, String.format("  %-24s %s", "active zonal RIs", ris.isEmpty() ? "none in these zones" : String.join("; ", ris)));
    if (!c.otherZonalRis().isEmpty()) {
      line(b, String.format("  %-24s %d in other zones, not counted", "", c.otherZonalRis().stream().mapToInt(ZonalRi::count).sum()));
    }
    List<String> create = new ArrayList<>();
    c.toCreate().forEach((z, n) -> create.add(z + " " + n));
    line(b, String.format("  %-24s %d (%s)", "reservations to create", c.reservationsToCreate(), String.join(", ", create)));
    line(b, String.format("  %-24s %s per instance-hour (SKU %s)", "on-demand price", rate(c.onDemand().usdPerHour()),
        c.onDemand().sku()));
    line(b, String.format("  %-24s %s, expected need %s", "horizon", CommitmentComparison.months(c.horizonMonths()),
        CommitmentComparison.months(c.needMonths())));
    line(b, "");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("OPTION", "UPFRONT", "PER MONTH", CommitmentComparison.months(c.needMonths()).toUpperCase(),
        CommitmentComparison.months(c.horizonMonths()).toUpperCase(), "BREAK-EVEN"));
    BigDecimal monthly = c.reservationsMonthly();
    for (CommitmentOption o : c.options()) {
      String name = o.name() + (o.hourlyCommitment() == null ? "" : " (" + o.hourlyCommitment().toPlainString() + "/h)");
      if (!o.available()) {
        rows.add(List.of(name, "-", "-", "-", "-", o.unavailable()));
        continue;
      }
      BigDecimal be = o.breakEvenMonths(monthly);
      rows.add(List.of(name, money(o.upfront()), money(o.perMonth()), money(o.costFor(c.needMonths())),
          money(o.costFor(c.horizonMonths())), be == null ? "-" : o.breaksEvenWithinTerm(monthly) ? be.toPlainString()
          : "none in term"));
    }
    b.append(Table.render(rows));
    line(b, "");
    line(b, "Commitment coverage: " + c.coveredByZonalRis() + " of " + c.totalReserved() + " reserved instances ("
        + percent(c.coveredByZonalRis(), c.totalReserved()) + ") held by active zonal RIs; every option above covers the "
        + c.reservationsToCreate() + " to create (" + c.totalReserved() + " of " + c.totalReserved() + ", 100%).");
    for (var p : c.existingPlans()) {
      line(b, "Existing Savings Plan " + p.id() + " (" + p.planType() + ", " + p.commitment().toPlainString() + " per hour, "
          + rate(p.rate()) + " per " + c.instanceType() + " hour) pays for up to " + CapacityCompare.count(p.instancesCovered(), "instance") + ".");
    }
    if (!c.existingPlans().isEmpty()) {
      int k = c.existingPlanHeadroom();
      BigDecimal now = c.onDemand().usdPerHour().multiply(BigDecimal.valueOf(c.reservationsToCreate()));
      BigDecimal then = c.onDemand().usdPerHour().multiply(BigDecimal.valueOf(c.reservationsToCreate() - k));
      line(b, "  If nothing else uses that commitment, " + k + " of the " + c.reservationsToCreate() + " reservations cost nothing"
          + " more: reservations alone " + rate(then) + " instead of " + rate(now) + " per hour (utilization: Cost Explorer,"
          + " ce:GetSavingsPlansUtilization, which fleetkit does not call).");
    }
    blocks(b, c);
    var r = c.recommendation();
    line(b, "Recommendation: " + r.option().name() + ".");
    line(b, "  Deciding number: " + r.deciding() + ".");
    line(b, "  Rule: " + RULE + ".");
    c.gaps().forEach(g -> line(b, "Gap: " + g));
    return b.toString();
  }

  private static void blocks(StringBuilder b, CommitmentComparison c) {
    var blocks = c.blocks();
    if (blocks == null) return;
    line(b, "Capacity Blocks for ML (" + blocks.accelerator() + "; " + blocks.instanceCount() + " instances for " + blocks.hours()
        + " hours; one zone and fixed dates per block, so not a stand-in for reservations across zones):");
    if (blocks.offerings().isEmpty()) {
      line(b, "  no offering for these instances and hours");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("  ZONE", "START", "HOURS", "INSTANCES", "UPFRONT FEE", "PER INSTANCE-HOUR", "VS ON-DEMAND"));
    for (CapacityBlock o : blocks.offerings()) {
      BigDecimal per = Ec2Commitments.perInstanceHour(o);
      rows.add(List.of("  " + o.zone(), o.start().toString(), o.hours().toPlainString(), String.valueOf(o.instanceCount()),
          money(o.upfrontFee()), rate(per), versus(per, c.onDemand().usdPerHour())));
    }
    b.append(Table.render(rows));
  }

  static Map<String, Object> json(CommitmentComparison c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instanceType", c.instanceType());
    out.put("platform", c.platform());
    out.put("tenancy", c.tenancy());
    out.put("region", c.region());
    out.put("currency", c.currency());
    out.put("hoursPerMonth", CommitmentOption.HOURS_PER_MONTH.intValue());
    out.put("zones", c.zones());
    out.put("reservationsPerZone", c.perZone());
    out.put("totalReserved", c.totalReserved());
    List<Map<String, Object>> ris = new ArrayList<>();
    c.zonalRis().values().forEach(l -> l.forEach(r -> ris.add(ri(r))));
    out.put("activeZonalReservedInstances", ris);
    out.put("zonalReservedInstancesInOtherZones", c.otherZonalRis().stream().map(CommitmentReport::ri).toList());
    out.put("reservationsToCreate", c.toCreate());
    out.put("onDemand", onDemand(c));
    out.put("horizonMonths", c.horizonMonths());
    out.put("expectedNeedMonths", c.needMonths());
    List<Map<String, Object>> options = new ArrayList<>();
    for (CommitmentOption o : c.options()) options.add(option(o, c));
    out.put("options", options);
    Map<String, Object> coverage = new LinkedHashMap<>();
    coverage.put("reservedInstances", c.totalReserved());
    coverage.put("heldByActiveZonalRis", c.coveredByZonalRis());
    coverage.put("coveredByEachOption", c.reservationsToCreate());
    coverage.put("existingSavingsPlansCouldCover", c.existingPlanHeadroom());
    out.put("coverage", coverage);
    List<Map<String, Object>> plans = new ArrayList<>();
    for (var p : c.existingPlans()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("planType", p.planType());
      m.put("commitmentPerHour", plain(p.commitment()));
      m.put("ratePerInstanceHour", plain(p.rate()));
      m.put("instancesCovered", p.instancesCovered());
      plans.add(m);
    }
    out.put("existingSavingsPlans", plans);
    out.put("capacityBlocks", c.blocks() == null ? null : blocksJson(c));
    var r = c.recommendation();
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("option", r.option().name());
    rec.put("deciding", r.deciding());
    rec.put("rule", RULE);
    out.put("recommendation", rec);
    out.put("gaps", c.gaps());
    return out;
  }

  private static Map<String, Object> onDemand(CommitmentComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sku", c.onDemand().sku());
    m.put("perInstanceHour", plain(c.onDemand().usdPerHour()));
    return m;
  }

  private static Map<String, Object> option(CommitmentOption o, CommitmentComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("option", o.name());
    m.put("kind", o.kind().name());
    m.put("termMonths", o.termMonths());
    m.put("paymentOption", o.paymentOption());
    m.put("available", o.available());
    if (!o.available()) {
      m.put("unavailable", o.unavailable());
      return m;
    }
    m.put("hourlyCommitment", o.hourlyCommitment() == null ? null : o.hourlyCommitment().toPlainString());
    m.put("upfront", plain(o.upfront()));
    m.put("perMonth", plain(o.perMonth()));
    m.put("costOverNeed", plain(o.costFor(c.needMonths())));
    m.put("costOverHorizon", plain(o.costFor(c.horizonMonths())));
    BigDecimal be = o.breakEvenMonths(c.reservationsMonthly());
    m.put("breakEvenMonths", be == null ? null : be.toPlainString());
    m.put("breaksEvenWithinTerm", be == null ? null : o.breaksEvenWithinTerm(c.reservationsMonthly()));
    m.put("offerings", o.offerings());
    return m;
  }

  private static Map<String, Object> blocksJson(CommitmentComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accelerator", c.blocks().accelerator());
    m.put("instanceCount", c.blocks().instanceCount());
    m.put("hours", c.blocks().hours());
    List<Map<String, Object>> list = new ArrayList<>();
    for (CapacityBlock o : c.blocks().offerings()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", o.id());
      e.put("zone", o.zone());
      e.put("start", o.start().toString());
      e.put("end", o.end() == null ? null : o.end().toString());
      e.put("hours", o.hours().toPlainString());
      e.put("instanceCount", o.instanceCount());
      e.put("upfrontFee", plain(o.upfrontFee()));
      BigDecimal per = Ec2Commitments.perInstanceHour(o);
      e.put("perInstanceHour", plain(per));
      e.put("versusOnDemand", versus(per, c.onDemand().usdPerHour()));
      list.add(e);
    }
    m.put("offerings", list);
    return m;
  }

  private static Map<String, Object> ri(ZonalRi r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("zone", r.zone());
    m.put("count", r.count());
    m.put("end", r.end() == null ? null : r.end().toString());
    return m;
  }

  static String money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String rate(BigDecimal v) {
    return v.setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  static String plain(BigDecimal v) {
    return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
  }

  static String percent(int part, int whole) {
    if (whole == 0) return "0%";
    return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /** The difference to the on-demand rate in percent, signed, one decimal. */
  static String versus(BigDecimal price, BigDecimal onDemand) {
    BigDecimal pct = price.subtract(onDemand).multiply(BigDecimal.valueOf(100)).divide(onDemand, 1, RoundingMode.HALF_UP);
    return (pct.signum() > 0 ? "+" : "") + pct.toPlainString() + "%";
  }

  private static void line(StringBuilder b, String s) {
    b.append(s).append('\n');
  }
}
