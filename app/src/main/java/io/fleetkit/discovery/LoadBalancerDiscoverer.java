package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/**
 * Elastic Load Balancing v2: the tagged Application Load Balancers and their target groups, with
 * the CloudWatch dimension values app/&lt;name&gt;/&lt;id&gt; and targetgroup/&lt;name&gt;/&lt;id&gt;.
 */
public final class LoadBalancerDiscoverer {
  /** DescribeLoadBalancers: up to 20 load balancers in a single call (API reference). */
  public static final int ARNS_PER_CALL = 20;
  /** DescribeTargetGroups PageSize: 1 to 400 (API reference). */
  public static final int PAGE_SIZE = 400;
  /**
   * Target groups per Region: 3,000 by default (Elastic Load Balancing quotas); pages for ten times that many, so a
   * raised quota fits and a runaway service still stops.
   */
  static final int TARGET_GROUP_PAGES = 30_000 / PAGE_SIZE + 1;

  private final ElasticLoadBalancingV2Client client;
  private final ApiCalls calls;

  public LoadBalancerDiscoverer(ElasticLoadBalancingV2Client client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The load balancers among {@code arns} that exist and are of type application, by ARN. */
  public Map<String, LoadBalancer> describeLoadBalancers(List<String> arns) {
    List<String> sorted = List.copyOf(new TreeSet<>(arns));
    Map<String, LoadBalancer> out = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i += ARNS_PER_CALL) {
      List<String> batch = sorted.subList(i, Math.min(sorted.size(), i + ARNS_PER_CALL));
      try {
        describeBatch(batch, out);
      } catch (DiscoveryException e) {
        if (!notFound(e)) throw e;
        // The Tagging API can lag a deletion, and one missing ARN fails its whole batch: ask one by one.
        if (batch.size() > 1) {
          for (String arn : batch) {
            try {
              describeBatch(List.of(arn), out);
            } catch (DiscoveryException single) {
              if (!notFound(single)) throw single;
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean notFound(DiscoveryException e) {
    return e.getCause() instanceof LoadBalancerNotFoundException;
  }

  private void describeBatch(List<String> batch, Map<String, LoadBalancer> out) {
    // At most one page per named load balancer, and one more.
    Pages.each("elasticloadbalancing:DescribeLoadBalancers", batch.size() + 1, marker -> {
      DescribeLoadBalancersRequest request = DescribeLoadBalancersRequest.builder()
          .loadBalancerArns(batch).marker(marker).build();
      return calls.call("elasticloadbalancing", "DescribeLoadBalancers", () -> client.describeLoadBalancers(request));
    }, DescribeLoadBalancersResponse::nextMarker, page -> {
      for (var lb : page.loadBalancers()) {
        if (lb.loadBalancerArn() == null || lb.loadBalancerName() == null) {
          throw new MalformedResponseException(
              "elasticloadbalancing:DescribeLoadBalancers returned a load balancer without LoadBalancerArn or LoadBalancerName", null);
        }
        if (!"application".equals(lb.typeAsString())) continue;
        String dimension = Arns.dimension(lb.loadBalancerArn(), "loadbalancer").orElseThrow(() ->
            new MalformedResponseException("elasticloadbalancing:DescribeLoadBalancers returned an ARN without "
                + ":loadbalancer/ (" + lb.loadBalancerArn() + ")", null));
        out.put(lb.loadBalancerArn(), new LoadBalancer(lb.loadBalancerArn(), lb.loadBalancerName(), dimension, List.of()));
      }
    });
  }

  /**
   * Attaches target groups. One paged listing of all target groups of the Region (400 a page)
   * costs fewer calls than one call per load balancer once there are more than a few.
   */
  public List<LoadBalancer> withTargetGroups(Map<String, LoadBalancer> loadBalancers) {
    if (loadBalancers.isEmpty()) return List.of();
    Map<String, List<TargetGroup>> groups = new TreeMap<>();
    Pages.each("elasticloadbalancing:DescribeTargetGroups", TARGET_GROUP_PAGES, marker -> {
      DescribeTargetGroupsRequest request = DescribeTargetGroupsRequest.builder()
          .pageSize(PAGE_SIZE).marker(marker).build();
      return calls.call("elasticloadbalancing", "DescribeTargetGroups", () -> client.describeTargetGroups(request));
    }, DescribeTargetGroupsResponse::nextMarker, page -> {
      for (var tg : page.targetGroups()) {
        if (tg.targetGroupArn() == null || tg.targetGroupName() == null) {
          throw new MalformedResponseException(
              "elasticloadbalancing:DescribeTargetGroups returned a target group without TargetGroupArn or TargetGroupName", null);
        }
        for (String lbArn : tg.loadBalancerArns()) {
          if (!loadBalancers.containsKey(lbArn)) continue;
          String dimension = Arns.dimension(tg.targetGroupArn(), "targetgroup").orElseThrow(() ->
              new MalformedResponseException("elasticloadbalancing:DescribeTargetGroups returned an ARN without "
                  + ":targetgroup/ (" + tg.targetGroupArn() + ")", null));
          groups.computeIfAbsent(lbArn, k -> new ArrayList<>())
              .add(new TargetGroup(tg.targetGroupArn(), tg.targetGroupName(), dimension));
        }
      }
    });
    List<LoadBalancer> out = new ArrayList<>();
    loadBalancers.forEach((arn, lb) ->
        out.add(new LoadBalancer(lb.arn(), lb.name(), lb.dimension(), groups.getOrDefault(arn, List.of()))));
    return out;
  }
}
