package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.LocalGateways;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CoipAddressUsage;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 reads of {@code outpost-lgw show}: the Region's local gateways with their route tables (mode, state, the
 * {@link LocalGateways#MANAGED_BY_TAG} tag), VPC and virtual interface group associations and groups, the CoIP pools,
 * and the VPCs around them (IPv4 blocks, subnets on the recorded Outposts, route tables). Every call reads all pages
 * with the largest page size. Disassociated associations and deleted route tables are left out.
 */
public final class LocalGatewayDiscoverer {
  /** MaxResults of these Describe calls: 5 to 1000 (EC2 API Reference). */
  static final int PAGE = 1000;
  /**
   * Pages of the local gateway and CoIP calls: 100 pages of 1,000 hold 100,000 gateways, tables, associations or
   * addresses (a /16 CoIP pool is 65,536), far past an account's Outposts; more is a service fault ({@link Pages}).
   */
  static final int PAGES = 100;

  private final Ec2Client ec2;
  private final ApiCalls calls;

  public LocalGatewayDiscoverer(Ec2Client ec2, ApiCalls calls) {
    this.ec2 = ec2;
    this.calls = calls;
  }

  /** A CoIP pool's allocated addresses: allocation ID → address, sorted. */
  public record Usage(String poolId, Map<String, String> allocated) {}

  /** Everything the snapshot records, for the account and time the caller gives. */
  public LocalGateways describe(String account, String region, String partition, String recordedAt) {
    Map<String, String[]> gateways = new TreeMap<>();
    each("DescribeLocalGateways", PAGES, t -> ec2.describeLocalGateways(r -> r.maxResults(PAGE).nextToken(t)),
        r -> r.nextToken(), r -> r.localGateways().forEach(g -> gateways.put(required(g.localGatewayId(), "DescribeLocalGateways"),
            new String[] {String.valueOf(g.outpostArn()), String.valueOf(g.state())})));
    Map<String, List<String>> vifGroups = new TreeMap<>();
    each("DescribeLocalGatewayVirtualInterfaceGroups", PAGES,
        t -> ec2.describeLocalGatewayVirtualInterfaceGroups(r -> r.maxResults(PAGE).nextToken(t)), r -> r.nextToken(),
        r -> r.localGatewayVirtualInterfaceGroups().forEach(g -> vifGroups.computeIfAbsent(g.localGatewayId(),
            k -> new ArrayList<>()).add(g.localGatewayVirtualInterfaceGroupId())));
    Map<String, List<String>> vpcAssociations = new TreeMap<>();
    each("DescribeLocalGatewayRouteTableVpcAssociations", PAGES,
        t -> ec2.describeLocalGatewayRouteTableVpcAssociations(r -> r.maxResults(PAGE).nextToken(t)), r -> r.nextToken(),
        r -> r.localGatewayRouteTableVpcAssociations().stream().filter(a -> !"disassociated".equals(a.state()))
            .forEach(a -> vpcAssociations.computeIfAbsent(a.localGatewayRouteTableId(), k -> new ArrayList<>()).add(a.vpcId())));
    Map<String, List<String>> vifAssociations = new TreeMap<>();
    each("DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations", PAGES,
        t -> ec2.describeLocalGatewayRouteTableVirtualInterfaceGroupAssociations(r -> r.maxResults(PAGE).nextToken(t)),
        r -> r.nextToken(), r -> r.localGatewayRouteTableVirtualInterfaceGroupAssociations().stream()
            .filter(a -> !"disassociated".equals(a.state())).forEach(a -> vifAssociations.computeIfAbsent(
                a.localGatewayRouteTableId(), k -> new ArrayList<>()).add(a.localGatewayVirtualInterfaceGroupId())));
    Map<String, Map<String, LocalGateways.RouteTable>> tables = new TreeMap<>();
    each("DescribeLocalGatewayRouteTables", PAGES,
        t -> ec2.describeLocalGatewayRouteTables(r -> r.maxResults(PAGE).nextToken(t)), r -> r.nextToken(),
        r -> r.localGatewayRouteTables().stream().filter(rt -> !"deleted".equals(rt.state())).forEach(rt -> {
          String id = required(rt.localGatewayRouteTableId(), "DescribeLocalGatewayRouteTables");
          tables.computeIfAbsent(rt.localGatewayId(), k -> new TreeMap<>()).put(id, new LocalGateways.RouteTable(
              required(rt.modeAsString(), "DescribeLocalGatewayRouteTables (Mode of " + id + ")"), String.valueOf(rt.state()),
              tag(rt.tags(), LocalGateways.MANAGED_BY_TAG), vpcAssociations.getOrDefault(id, List.of()),
              vifAssociations.getOrDefault(id, List.of())));
        }));
    Map<String, LocalGateways.Gateway> out = new TreeMap<>();
    gateways.forEach((id, g) -> out.put(id, new LocalGateways.Gateway(g[0], g[1], vifGroups.getOrDefault(id, List.of()),
        tables.getOrDefault(id, Map.of()))));
    return new LocalGateways(account, region, partition, recordedAt, out, coipPools(), vpcs(out));
  }

  private Map<String, LocalGateways.CoipPool> coipPools() {
    Map<String, LocalGateways.CoipPool> pools = new TreeMap<>();
    each("DescribeCoipPools", PAGES, t -> ec2.describeCoipPools(r -> r.maxResults(PAGE).nextToken(t)),
        r -> r.nextToken(), r -> r.coipPools().forEach(p -> pools.put(required(p.poolId(), "DescribeCoipPools"),
            new LocalGateways.CoipPool(String.valueOf(p.localGatewayRouteTableId()), p.poolCidrs()))));
    return pools;
  }

  /** Every VPC of the Region with its blocks and route tables, and its subnets on the gateways' Outposts. */
  private Map<String, LocalGateways.Vpc> vpcs(Map<String, LocalGateways.Gateway> gateways) {
    Map<String, List<String>> cidrs = new TreeMap<>();
    each("DescribeVpcs", Pages.LISTING, t -> ec2.describeVpcs(r -> r.maxResults(PAGE).nextToken(t)), r -> r.nextToken(),
        r -> r.vpcs().forEach(v -> cidrs.put(required(v.vpcId(), "DescribeVpcs"), v.cidrBlockAssociationSet().stream()
            .filter(a -> a.cidrBlockState() == null || "associated".equals(a.cidrBlockState().stateAsString()))
            .map(a -> a.cidrBlock()).toList())));
    Map<String, Map<String, String>> subnets = new TreeMap<>();
    List<String> outposts = gateways.values().stream().map(LocalGateways.Gateway::outpostArn).distinct().toList();
    if (!outposts.isEmpty()) {
      each("DescribeSubnets", Pages.LISTING, t -> ec2.describeSubnets(r -> r.maxResults(PAGE).nextToken(t)
          .filters(Filter.builder().name("outpost-arn").values(outposts).build())), r -> r.nextToken(),
          r -> r.subnets().forEach(s -> subnets.computeIfAbsent(s.vpcId(), k -> new TreeMap<>()).put(s.subnetId(), s.cidrBlock())));
    }
    Map<String, List<String>> routeTables = new TreeMap<>();
    each("DescribeRouteTables", Pages.LISTING, t -> ec2.describeRouteTables(r -> r.maxResults(100).nextToken(t)),
        r -> r.nextToken(), r -> r.routeTables().forEach(rt -> routeTables.computeIfAbsent(rt.vpcId(), k -> new ArrayList<>())
            .add(rt.routeTableId())));
    Map<String, LocalGateways.Vpc> out = new TreeMap<>();
    cidrs.forEach((id, blocks) -> out.put(id, new LocalGateways.Vpc(blocks, subnets.getOrDefault(id, Map.of()),
        routeTables.getOrDefault(id, List.of()))));
    return out;
  }

  /** The allocated addresses of a pool (GetCoipPoolUsage, every page). */
  public Usage usage(String poolId) {
    Map<String, String> allocated = new TreeMap<>();
    each("GetCoipPoolUsage", PAGES, t -> ec2.getCoipPoolUsage(r -> r.poolId(poolId).maxResults(PAGE).nextToken(t)),
        r -> r.nextToken(), r -> r.coipAddressUsages().stream().filter(u -> u.allocationId() != null)
            .forEach((CoipAddressUsage u) -> allocated.put(u.allocationId(), String.valueOf(u.coIp()))));
    return new Usage(poolId, allocated);
  }

  /** One EC2 call paged through {@link Pages}, each page classified by {@link ApiCalls}. */
  private <R> void each(String operation, int maxPages, Function<String, R> fetch, Function<R, String> next,
      Consumer<R> consume) {
    Pages.each("ec2:" + operation, maxPages, t -> calls.call("ec2", operation, () -> fetch.apply(t)), next, consume);
  }

  private static Optional<String> tag(List<Tag> tags, String key) {
    return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
  }

  private static String required(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new MalformedResponseException("ec2:" + what + " returned an item without its ID or mode", null);
    }
    return value;
  }
}
