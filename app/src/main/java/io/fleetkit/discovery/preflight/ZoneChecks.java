package io.fleetkit.discovery.preflight;

import io.fleetkit.config.LocalZoneConfig;
import io.fleetkit.discovery.Pages;
import io.fleetkit.discovery.pricing.EbsVolumeTypes;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import io.fleetkit.stacks.capacity.CapacityReservationPlan;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import io.fleetkit.stacks.localzones.LocalZonePlan;
import io.fleetkit.stacks.queueworkers.QueueWorkersPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Zones and offerings: the Local Zone's group opted in (ec2:DescribeAvailabilityZones), and each instance type
 * offered in each zone that uses it (ec2:DescribeInstanceTypeOfferings by availability-zone), the Local Zone's EBS
 * volume types (pricing:GetProducts). Whether a zone has load balancers is in no API; config states it
 * ({@code local_zone.zone_features.alb}) and synth checks it.
 */
public final class ZoneChecks {
  private ZoneChecks() {}

  public static void check(Probe p, Deployment d, Deployment.Stack s) {
    switch (s.area()) {
      case "capacity-reservation" -> d.plan(s.area(), CapacityReservationPlan.class).ifPresent(plan ->
          offered(p, s, plan.config().availabilityZones(), List.of(plan.config().instanceType()), true,
              "capacity_reservation.instance_type or capacity_reservation.availability_zones"));
      case "spot-fleet" -> d.plan(s.area(), SpotFleetPlan.class).ifPresent(plan -> {
        List<String> types = plan.config().instanceTypes().stream().map(t -> t.type()).toList();
        // Attribute-based selection picks among what each zone offers; only a named list can miss a zone.
        if (!types.isEmpty()) offered(p, s, plan.config().availabilityZones(), types, false, "spot_fleet.instance_types");
      });
      case "queue-workers" -> d.plan(s.area(), QueueWorkersPlan.class).ifPresent(plan -> {
        List<String> types = plan.config().instances().instanceTypes().stream().map(t -> t.type()).toList();
        if (!types.isEmpty()) offered(p, s, plan.config().availabilityZones(), types, false, "queue_workers.instances.instance_types");
      });
      case "local-zone" -> d.plan(s.area(), LocalZonePlan.class).ifPresent(plan -> localZone(p, s, plan.zone()));
      default -> { }
    }
  }

  private static void localZone(Probe p, Deployment.Stack s, LocalZoneConfig z) {
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    String name = "zone " + z.zone();
    Optional<List<AvailabilityZone>> zones = p.call(s.name(), name, "ec2", "DescribeAvailabilityZones",
        () -> ec2.describeAvailabilityZones(r -> r.allAvailabilityZones(true).zoneNames(z.zone())).availabilityZones(),
        e -> e.startsWith("InvalidParameterValue") ? Optional.of(List.of()) : Optional.empty());
    if (zones.isEmpty()) return;
    if (zones.get().isEmpty()) {
      p.add(Check.fail(s.name(), name, z.zone() + " is not a zone of " + s.region(), "local_zone.zone: a name from"
          + " bin/fleetkit zones list --region " + s.region()));
      return;
    }
    String status = zones.get().get(0).optInStatusAsString();
    if (status.equals("not-opted-in")) {
      p.add(Check.fail(s.name(), name, "zone group " + z.group() + " is not opted in", "bin/fleetkit zones opt-in "
          + z.group() + " --region " + s.region()));
      return;
    }
    p.add(Check.pass(s.name(), name, "zone group " + z.group() + ": " + status));
    List<String> types = new ArrayList<>(List.of(z.web().instanceType(), z.database().instanceType()));
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) types.add(z.natInstanceType());
    offered(p, s, List.of(z.zone()), types, true, "local_zone.web.instance_type, database.instance_type or nat_instance_type");
    volumeTypes(p, s, z);
  }

  /**
   * The zone's EBS volume types, from the Price List (pricing:GetProducts, Storage products of the zone group, as
   * {@code zones offerings} records them): the EC2 API does not list them, and gp3 is not in every Local Zone.
   */
  private static void volumeTypes(Probe p, Deployment.Stack s, LocalZoneConfig z) {
    TreeMap<String, String> used = new TreeMap<>();
    used.put("local_zone.web.volume_type", z.web().volumeType());
    used.put("local_zone.database.volume_type", z.database().volumeType());
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) used.put("local_zone.nat_volume_type", z.natVolumeType());
    String name = "volume types";
    List<String> offered;
    try {
      // The Price List API answers in us-east-1 for the aws partition, the only one with Local Zones.
      offered = p.calls().call("pricing", "GetProducts", () -> new EbsVolumeTypes(
          p.client(PricingClient::builder, "us-east-1")).of(z.group()));
    } catch (PriceLookupException e) {
      p.add(Check.warn(s.name(), name, "not checked: " + e.getMessage(), "grant pricing:GetProducts, or compare "
          + String.join(", ", new TreeSet<>(used.values())) + " with the Local Zones features page"));
      return;
    }
    List<String> wrong = new ArrayList<>();
    used.forEach((key, type) -> {
      if (!offered.contains(type)) wrong.add(key + " " + type);
    });
    if (wrong.isEmpty()) {
      p.add(Check.pass(s.name(), name, String.join(", ", new TreeSet<>(used.values())) + " offered in " + z.group()
          + " (" + String.join(", ", offered) + ")"));
    } else {
      p.add(Check.fail(s.name(), name, z.group() + " offers " + String.join(", ", offered) + ", not " + String.join(", ",
          wrong), "one of " + String.join(", ", offered) + " in " + String.join(", ", wrong.stream()
          .map(w -> w.substring(0, w.indexOf(' '))).toList())));
    }
  }

  /** Each type in each zone; {@code required}: a missing one fails the deploy (else the group uses the others). */
  static void offered(Probe p, Deployment.Stack s, List<String> zones, List<String> types, boolean required, String key) {
    if (zones.isEmpty() || types.isEmpty()) return;
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    List<String> distinct = new ArrayList<>(new TreeSet<>(types));
    TreeMap<String, TreeSet<String>> found = new TreeMap<>();
    String name = "offerings";
    Optional<Integer> pages = p.call(s.name(), name, "ec2", "DescribeInstanceTypeOfferings", () -> Pages.each(
        "ec2:DescribeInstanceTypeOfferings", 100, token -> ec2.describeInstanceTypeOfferings(r -> r
            .locationType(LocationType.AVAILABILITY_ZONE).nextToken(token)
            .filters(Filter.builder().name("location").values(zones).build(),
                Filter.builder().name("instance-type").values(distinct).build())),
        DescribeInstanceTypeOfferingsResponse::nextToken, page -> page.instanceTypeOfferings().forEach(o ->
            found.computeIfAbsent(o.location(), k -> new TreeSet<>()).add(o.instanceTypeAsString()))));
    if (pages.isEmpty()) return;
    List<String> missing = new ArrayList<>();
    boolean zoneWithout = false;
    for (String zone : zones) {
      TreeSet<String> here = found.getOrDefault(zone, new TreeSet<>());
      List<String> lacking = distinct.stream().filter(t -> !here.contains(t)).toList();
      if (!lacking.isEmpty()) missing.add(zone + " lacks " + String.join(", ", lacking));
      if (lacking.size() == distinct.size()) zoneWithout = true;
    }
    String what = String.join(", ", distinct) + " in " + String.join(", ", zones);
    if (missing.isEmpty()) {
      p.add(Check.pass(s.name(), name, what + ": offered"));
    } else if (required || zoneWithout) {
      p.add(Check.fail(s.name(), name, String.join("; ", missing), key + ": a type offered there (bin/fleetkit zones"
          + " offerings ZONE)"));
    } else {
      p.add(Check.warn(s.name(), name, String.join("; ", missing) + " (the group launches the other types there)",
          key + ": types offered in every zone, for the full diversification"));
    }
  }
}
