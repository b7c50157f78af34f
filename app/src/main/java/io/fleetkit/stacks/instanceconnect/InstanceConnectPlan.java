package io.fleetkit.stacks.instanceconnect;

import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.InstanceConnectConfig;
import io.fleetkit.constructs.Naming;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code <prefix>-instance-connect} builds: one endpoint per configured VPC with its security group and rules,
 * and one managed policy per access rule. Every config error (ports, CIDRs, partitions, quotas) was found when the
 * config loaded; the plan resolves which fleetkit stacks export a VPC to an endpoint, so that stack deploys first.
 *
 * @param producers the stack names whose exports the endpoints import, in config order
 */
public record InstanceConnectPlan(List<Endpoint> endpoints, List<String> producers) {

  /**
   * One endpoint.
   *
   * @param producer the fleetkit stack whose VPC, subnet and instance group the endpoint uses; empty in VPC ID mode
   */
  public record Endpoint(InstanceConnectConfig.Endpoint config, Optional<String> producer) {
    public String name() {
      return config.name();
    }
  }

  public static InstanceConnectPlan of(FleetkitConfig config) {
    Naming naming = new Naming(config.project());
    List<Endpoint> endpoints = new ArrayList<>();
    Set<String> producers = new LinkedHashSet<>();
    for (InstanceConnectConfig.Endpoint e : config.instanceConnect().endpoints()) {
      Optional<String> producer = e.stackArea().map(naming::stackName);
      producer.ifPresent(producers::add);
      endpoints.add(new Endpoint(e, producer));
    }
    return new InstanceConnectPlan(List.copyOf(endpoints), List.copyOf(producers));
  }

  /** The areas of {@link #producers}, for the app to order the stacks. */
  public List<String> producerAreas(String prefix) {
    return producers.stream().map(s -> s.substring(prefix.length() + 1)).toList();
  }
}
