package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.TargetGroup;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * One block per Application Load Balancer and its target groups. Names and dimensions: Elastic
 * Load Balancing user guide, "CloudWatch metrics for your Application Load Balancer" (LoadBalancer
 * = app/name/id; target group metrics by TargetGroup = targetgroup/name/id and LoadBalancer).
 */
public final class AlbSegment {
  public static final String NAMESPACE = "AWS/ApplicationELB";

  private AlbSegment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    List<Block> out = new ArrayList<>();
    for (LoadBalancer lb : inv.loadBalancers()) out.add(block(lb, inv.region(), perWidget));
    return out;
  }

  private static Block block(LoadBalancer lb, String region, int perWidget) {
    String d = lb.dimension();
    String name = lb.name();
    Graph requests = new Graph("Requests and ELB HTTP codes · " + name, region).size(8, 6).stat("Sum").left("Count");
    for (String m : List.of("RequestCount", "HTTPCode_ELB_3XX_Count", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count")) {
      requests.add(Metric.of(NAMESPACE, m, m, "LoadBalancer", d));
    }
    Graph connections = new Graph("Connections · " + name, region).size(8, 6).stat("Sum").left("Count");
    // ActiveConnectionCount, NewConnectionCount, RejectedConnectionCount: the docs name Sum as the useful statistic.
    for (String m : List.of("ActiveConnectionCount", "NewConnectionCount", "RejectedConnectionCount")) {
      connections.add(Metric.of(NAMESPACE, m, m, "LoadBalancer", d));
    }
    Graph tls = new Graph("Client TLS negotiation errors · " + name, region).size(8, 6).stat("Sum").left("Count");
    tls.add(Metric.of(NAMESPACE, "ClientTLSNegotiationErrorCount", "ClientTLSNegotiationErrorCount", "LoadBalancer", d));

    List<Graph> graphs = new ArrayList<>(List.of(requests, connections, tls));
    for (TargetGroup tg : lb.targetGroups()) {
      Graph rt = new Graph("Target response time · " + tg.name(), region).size(12, 6).left("Seconds");
      rt.add(Metric.of(NAMESPACE, "TargetResponseTime", "TargetResponseTime", "TargetGroup", tg.dimension(), "LoadBalancer", d));
      Graph hosts = new Graph("Healthy and unhealthy hosts · " + tg.name(), region).size(12, 6).stat("Minimum").left("Hosts");
      hosts.add(Metric.of(NAMESPACE, "HealthyHostCount", "HealthyHostCount", "TargetGroup", tg.dimension(), "LoadBalancer", d));
      hosts.add(Metric.of(NAMESPACE, "UnHealthyHostCount", "UnHealthyHostCount", "TargetGroup", tg.dimension(), "LoadBalancer", d)
          .stat("Maximum"));
      graphs.add(rt);
      graphs.add(hosts);
    }
    String header = "### Load balancer " + md(name) + " · " + md(d) + " · " + lb.targetGroups().size() + " target group(s)";
    return new Block("alb/" + lb.arn(), Segments.header(header), Segments.widgets(perWidget, graphs.toArray(Graph[]::new)));
  }
}
