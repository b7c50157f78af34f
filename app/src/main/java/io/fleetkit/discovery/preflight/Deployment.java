package io.fleetkit.discovery.preflight;

import io.fleetkit.config.FleetkitConfig;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code cdk deploy} would create, read from the config and the area plans (never from the YAML again): each
 * stack with its Region and the bootstrap qualifier it deploys through, and the minimum bootstrap version the
 * synthesized templates ask for.
 *
 * @param config the loaded config
 * @param plans the plan of every enabled area, by area name (FleetkitApp.plans)
 * @param region the Region of every stack but the Local Zone's (project.region or --region)
 * @param stacks the stacks to check, in deploy order
 */
public record Deployment(FleetkitConfig config, Map<String, Object> plans, String region, List<Stack> stacks) {
  /**
   * One stack.
   *
   * @param area the FleetkitApp area it belongs to
   * @param qualifier the bootstrap qualifier whose bucket and roles it deploys through
   * @param minBootstrapVersion cdk.out's requiresBootstrapStackVersion, else the DefaultStackSynthesizer minimum
   */
  public record Stack(String name, String area, String region, String qualifier, int minBootstrapVersion) {}

  public Deployment {
    plans = new LinkedHashMap<>(plans);
    stacks = List.copyOf(stacks);
  }

  /** The plan of {@code area} when the area is enabled. */
  public <P> Optional<P> plan(String area, Class<P> type) {
    return Optional.ofNullable(plans.get(area)).filter(type::isInstance).map(type::cast);
  }

  /** The Regions the stacks deploy to, in stack order. */
  public Set<String> regions() {
    Set<String> out = new LinkedHashSet<>();
    stacks.forEach(s -> out.add(s.region()));
    return out;
  }

  public boolean has(String area) {
    return stacks.stream().anyMatch(s -> s.area().equals(area));
  }

  public Optional<String> account() {
    return config.project().account();
  }
}
