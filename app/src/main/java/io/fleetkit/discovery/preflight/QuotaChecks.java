package io.fleetkit.discovery.preflight;

import io.fleetkit.discovery.Pages;
import io.fleetkit.stacks.capacity.CapacityReservationPlan;
import io.fleetkit.stacks.instanceconnect.InstanceConnectPlan;
import io.fleetkit.config.SpotFleetConfig;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import io.fleetkit.stacks.queueworkers.QueueWorkersPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceConnectEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2InstanceConnectEndpoint;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

/**
 * Quotas: the EC2 vCPU quotas (servicequotas:GetServiceQuota, else GetAWSDefaultServiceQuota) against what the
 * capacity stacks ask for: every reserved instance of capacity_reservation counts against the On-Demand quota of
 * its family (EC2 User Guide, "Capacity Reservations": reservations count toward On-Demand Instance limits), the
 * Spot group's maximum against the Spot quota, in vCPUs (ec2:DescribeInstanceTypes).
 */
public final class QuotaChecks {
  /**
   * Quota codes by family: On-Demand, Spot. Service Quotas console, Amazon EC2: "Running On-Demand Standard (A, C,
   * D, H, I, M, R, T, Z) instances" L-1216C47A, "All Standard ... Spot Instance Requests" L-34B43A08, G and VT
   * L-DB2E81BA / L-3819A6DF, P L-417A185B / L-7212CCBC, DL L-6E869C2A / L-85EED4F7.
   */
  record Codes(List<String> families, String onDemand, String spot, String label) {}

  static final List<Codes> CODES = List.of(
      new Codes(List.of("a", "c", "d", "h", "i", "m", "r", "t", "z"), "L-1216C47A", "L-34B43A08", "Standard"),
      new Codes(List.of("g", "vt"), "L-DB2E81BA", "L-3819A6DF", "G and VT"),
      new Codes(List.of("p"), "L-417A185B", "L-7212CCBC", "P"),
      new Codes(List.of("dl"), "L-6E869C2A", "L-85EED4F7", "DL"));

  private QuotaChecks() {}

  public static void check(Probe p, Deployment d, Deployment.Stack s) {
    switch (s.area()) {
      case "capacity-reservation" -> d.plan(s.area(), CapacityReservationPlan.class).ifPresent(plan -> {
        String type = plan.config().instanceType();
        vcpus(p, s, type).ifPresent(v -> quota(p, s, type, true, (long) plan.totalReserved() * v,
            plan.totalReserved() + " reserved " + type + " x " + v + " vCPUs", "capacity_reservation.instances_needed"));
      });
      case "spot-fleet" -> d.plan(s.area(), SpotFleetPlan.class).ifPresent(plan -> spot(p, s,
          plan.config().instanceTypes(), plan.config().capacity().max(), "spot_fleet.capacity.max"));
      case "queue-workers" -> d.plan(s.area(), QueueWorkersPlan.class).ifPresent(plan -> spot(p, s,
          plan.config().instances().instanceTypes(), plan.config().capacity().max(), "queue_workers.capacity.max"));
      case "instance-connect" -> d.plan(s.area(), InstanceConnectPlan.class).ifPresent(plan -> endpoints(p, d, s, plan));
      default -> { }
    }
  }

  /**
   * A mixed instances group with a named type list against the Spot quota, in the worst case: every unit of its
   * maximum on the type with the most vCPUs per unit of weight. Attribute-based selection is not estimated.
   */
  private static void spot(Probe p, Deployment.Stack s, List<SpotFleetConfig.InstanceTypeOverride> types, int max,
      String key) {
    if (types.isEmpty()) return;
    long perUnit = 0;
    String widest = null;
    for (var t : types) {
      Optional<Integer> v = vcpus(p, s, t.type());
      if (v.isEmpty()) return;
      int weight = t.weight().orElse(1);
      long per = (v.get() + weight - 1) / weight;
      if (per > perUnit) {
        perUnit = per;
        widest = t.type();
      }
    }
    quota(p, s, widest, false, max * perUnit, "capacity.max " + max + " x " + perUnit + " vCPUs (" + widest + ")", key);
  }

  /**
   * EC2 Instance Connect Endpoints: those of the Region that are not this stack's, plus the planned ones, within
   * instance_connect.endpoints_per_region (EC2 User Guide, "EC2 Instance Connect Endpoint quotas": 5 per account and
   * Region by default), and no other endpoint in a VPC an endpoint is planned for (one per VPC).
   */
  private static void endpoints(Probe p, Deployment d, Deployment.Stack s, InstanceConnectPlan plan) {
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    String name = "quota instance connect endpoints";
    List<Ec2InstanceConnectEndpoint> found = new ArrayList<>();
    Optional<Integer> pages = p.call(s.name(), name, "ec2", "DescribeInstanceConnectEndpoints", () -> Pages.each(
        "ec2:DescribeInstanceConnectEndpoints", 100, token -> ec2.describeInstanceConnectEndpoints(r -> r.nextToken(token)),
        DescribeInstanceConnectEndpointsResponse::nextToken, page -> found.addAll(page.instanceConnectEndpoints())));
    if (pages.isEmpty()) return;
    // CloudFormation tags what it creates with aws:cloudformation:stack-name: this stack's own endpoints are replaced, not added.
    List<Ec2InstanceConnectEndpoint> others = found.stream().filter(e -> !e.stateAsString().startsWith("delete"))
        .filter(e -> e.tags().stream().noneMatch(t -> t.key().equals("aws:cloudformation:stack-name") && t.value().equals(s.name())))
        .toList();
    int limit = d.config().instanceConnect().endpointsPerRegion();
    int planned = plan.endpoints().size();
    String what = others.size() + " endpoint(s) in " + s.region() + " outside " + s.name() + " + " + planned + " planned, quota "
        + limit + " (instance_connect.endpoints_per_region)";
    if (others.size() + planned > limit) {
      p.add(Check.fail(s.name(), name, what, "delete unused ones (aws ec2 delete-instance-connect-endpoint"
          + " --instance-connect-endpoint-id ID --region " + s.region() + "), fewer instance_connect.endpoints, or raise the"
          + " quota and instance_connect.endpoints_per_region with it"));
    } else {
      p.add(Check.pass(s.name(), name, what));
    }
    for (var e : plan.endpoints()) {
      String vpc = e.config().vpc();
      others.stream().filter(o -> o.vpcId().equals(vpc)).findFirst().ifPresent(o -> p.add(Check.fail(s.name(),
          "instance connect vpc " + vpc, vpc + " already has endpoint " + o.instanceConnectEndpointId() + " (one per VPC)",
          "use " + o.instanceConnectEndpointId() + " and leave endpoint " + e.config().name() + " out of"
              + " instance_connect.endpoints, or delete it first")));
    }
  }

  private static Optional<Integer> vcpus(Probe p, Deployment.Stack s, String type) {
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    return p.call(s.name(), "quota", "ec2", "DescribeInstanceTypes", () -> ec2.describeInstanceTypes(r -> r
        .instanceTypesWithStrings(type)).instanceTypes()).flatMap(l -> l.stream()
        .filter(i -> type.equals(i.instanceTypeAsString())).findFirst())
        .map(InstanceTypeInfo::vCpuInfo).map(v -> v.defaultVCpus());
  }

  private static void quota(Probe p, Deployment.Stack s, String type, boolean onDemand, long need, String how, String key) {
    String family = type.substring(0, type.indexOf('.')).replaceAll("[0-9].*$", "").toLowerCase(Locale.ROOT);
    Optional<Codes> codes = CODES.stream().filter(c -> c.families().contains(family)).findFirst();
    String kind = onDemand ? "On-Demand" : "Spot";
    String name = "quota " + kind.toLowerCase(Locale.ROOT) + " vCPUs";
    if (codes.isEmpty()) {
      p.add(Check.warn(s.name(), name, "not checked: no EC2 vCPU quota known to preflight for family " + family,
          "compare " + need + " vCPUs (" + how + ") with the Service Quotas console, Amazon EC2"));
      return;
    }
    String code = onDemand ? codes.get().onDemand() : codes.get().spot();
    ServiceQuotasClient sq = p.client(ServiceQuotasClient::builder, s.region());
    Optional<Double> value = p.call(s.name(), name, "servicequotas", "GetServiceQuota",
        () -> sq.getServiceQuota(r -> r.serviceCode("ec2").quotaCode(code)).quota().value(),
        e -> e.startsWith("NoSuchResourceException") ? Optional.of(-1.0) : Optional.empty());
    if (value.isPresent() && value.get() < 0) {
      value = p.call(s.name(), name, "servicequotas", "GetAWSDefaultServiceQuota",
          () -> sq.getAWSDefaultServiceQuota(r -> r.serviceCode("ec2").quotaCode(code)).quota().value());
    }
    if (value.isEmpty()) return;
    long limit = (long) Math.floor(value.get());
    String what = kind + " " + codes.get().label() + " vCPUs " + code + " in " + s.region() + ": quota " + limit
        + ", need " + need + " (" + how + ")";
    if (limit >= need) {
      p.add(Check.pass(s.name(), name, what + "; instances already running count too"));
    } else {
      p.add(Check.fail(s.name(), name, what, "aws service-quotas request-service-quota-increase --service-code ec2"
          + " --quota-code " + code + " --desired-value " + need + " --region " + s.region() + ", or a smaller " + key));
    }
  }
}
