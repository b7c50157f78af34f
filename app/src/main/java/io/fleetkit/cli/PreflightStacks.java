package io.fleetkit.cli;

import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.Naming;
import io.fleetkit.discovery.preflight.Deployment;
import io.fleetkit.discovery.preflight.IdentityChecks;
import io.fleetkit.stacks.dashboard.DashboardPlan;
import io.fleetkit.stacks.guardrails.DeployPath;
import io.fleetkit.stacks.localzones.LocalZonePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stacks {@code cdk deploy} would create for the plans, as FleetkitApp names and places them: one per area, the
 * dashboard area's alarm topic, dashboard parts and refresh stack, and the Local Zone stack in the zone's parent
 * Region.
 */
final class PreflightStacks {
  private PreflightStacks() {}

  static List<Deployment.Stack> of(FleetkitConfig c, Map<String, Object> plans, String region,
      Optional<CloudAssembly> assembly) {
    Naming naming = new Naming(c.project());
    String q = DeployPath.STACK_QUALIFIER;
    List<Deployment.Stack> out = new ArrayList<>();
    for (var e : plans.entrySet()) {
      String area = e.getKey();
      if (e.getValue() instanceof DashboardPlan plan) {
        if (plan.topic().filter(DashboardPlan.AlarmTopic::created).isPresent()) {
          out.add(stack(naming.stackName("alarm-topic"), "alarm-topic", region, q, assembly));
        }
        for (int i = 0; i < plan.stacks().size(); i++) {
          // The dashboard stacks deploy with the deployer's credentials through the pipeline's qualifier.
          out.add(stack(naming.stackName(DashboardPlan.area(i)), i == 0 ? area : "dashboard-part", region,
              c.dashboard().pipeline().bootstrapQualifier(), assembly));
        }
        if (c.dashboard().pipeline().enabled()) {
          out.add(stack(naming.stackName("dashboard-refresh"), "dashboard-refresh", region, q, assembly));
        }
      } else if (e.getValue() instanceof LocalZonePlan plan) {
        out.add(stack(naming.stackName(area), area, plan.zone().region(), q, assembly));
      } else {
        out.add(stack(naming.stackName(area), area, region, q, assembly));
      }
    }
    return out;
  }

  private static Deployment.Stack stack(String name, String area, String region, String qualifier,
      Optional<CloudAssembly> assembly) {
    int min = assembly.map(a -> a.stacks().get(name)).map(CloudAssembly.Artifact::minBootstrapVersion)
        .filter(v -> v > 0).orElse(IdentityChecks.DEFAULT_MIN_VERSION);
    return new Deployment.Stack(name, area, region, qualifier, min);
  }

  /** How cdk.out differs from these stacks (names and Regions), empty when it matches. */
  static List<String> drift(List<Deployment.Stack> planned, CloudAssembly assembly) {
    List<String> out = new ArrayList<>();
    for (Deployment.Stack s : planned) {
      CloudAssembly.Artifact a = assembly.stacks().get(s.name());
      if (a == null) out.add(s.name() + " is missing");
      else if (!a.region().equals(s.region()) && !a.region().equals("unknown-region")) {
        out.add(s.name() + " is in " + a.region() + " (config: " + s.region() + ")");
      }
    }
    List<String> names = planned.stream().map(Deployment.Stack::name).toList();
    assembly.stacks().keySet().stream().filter(n -> !names.contains(n)).forEach(n -> out.add(n + " is not in this config"));
    return out;
  }
}
