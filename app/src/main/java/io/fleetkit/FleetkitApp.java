package io.fleetkit;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.ControlTowerExceptions;
import io.fleetkit.constructs.Naming;
import io.fleetkit.stacks.capacity.CapacityReservationPlan;
import io.fleetkit.stacks.capacity.CapacityReservationStack;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import io.fleetkit.stacks.capacity.SpotFleetStack;
import io.fleetkit.stacks.credentialguard.CredentialGuardPlan;
import io.fleetkit.stacks.credentialguard.CredentialGuardStack;
import io.fleetkit.stacks.dashboard.body.DashboardLayout.Dashboard;
import io.fleetkit.stacks.dashboard.AlarmTopicStack;
import io.fleetkit.stacks.dashboard.DashboardPlan;
import io.fleetkit.stacks.dashboard.OutpostsDashboardStack;
import io.fleetkit.stacks.dashboard.RefreshPipelineStack;
import io.fleetkit.stacks.gpu.GpuMonitoringPlan;
import io.fleetkit.stacks.gpu.GpuMonitoringStack;
import io.fleetkit.stacks.guardrails.GuardrailsPlan;
import io.fleetkit.stacks.guardrails.GuardrailsStack;
import io.fleetkit.stacks.images.ImagePipelinesPlan;
import io.fleetkit.stacks.images.ImagePipelinesStack;
import io.fleetkit.stacks.instanceconnect.InstanceConnectPlan;
import io.fleetkit.stacks.instanceconnect.InstanceConnectStack;
import io.fleetkit.stacks.localzones.LocalZonePlan;
import io.fleetkit.stacks.localzones.LocalZoneStack;
import io.fleetkit.stacks.outpostlgw.OutpostLgwPlan;
import io.fleetkit.stacks.outpostlgw.OutpostLgwStack;
import io.fleetkit.stacks.queueworkers.QueueWorkersPlan;
import io.fleetkit.stacks.queueworkers.QueueWorkersStack;
import io.fleetkit.stacks.rootrestore.RootRestorePlan;
import io.fleetkit.stacks.rootrestore.RootRestoreStack;
import io.fleetkit.stacks.spotscores.SpotScoresPlan;
import io.fleetkit.stacks.spotscores.SpotScoresStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;

/** CDK entry point: load and check config.yaml, plan every enabled area, then create its stacks. */
public final class FleetkitApp {
  public static final String CONFIG_CONTEXT = "config";
  public static final String DEFAULT_CONFIG = "config.yaml";

  /**
   * Every area fleetkit deploys, in the order its stacks are created. A new area is one row here (see
   * {@link Area}) plus its package under {@code stacks/} with an {@code <Area>Plan} and an {@code <Area>Stack}.
   */
  static final List<Area<?>> AREAS = List.of(
      Area.of("guardrails", "fleetkit: data-residency SCPs for Outposts and Local Zones",
          c -> c.guardrails().enabled(), GuardrailsPlan::of, GuardrailsStack::new),
      Area.of("gpu-monitoring", "fleetkit: GPU metrics through the CloudWatch agent, rolled out by SSM State Manager",
          c -> c.gpuMonitoring().enabled(), GpuMonitoringPlan::of, GpuMonitoringStack::new),
      Area.of("image-pipelines", "fleetkit: gold and cascading workload EC2 Image Builder pipelines",
          c -> c.imagePipelines().enabled(), ImagePipelinesPlan::of, ImagePipelinesStack::new),
      new Area<>("dashboard", "fleetkit: Outposts CloudWatch dashboards",
          c -> c.dashboard().enabled(), DashboardPlan::of, FleetkitApp::dashboardStacks),
      Area.of("capacity-reservation", "fleetkit: On-Demand Capacity Reservations across zones with an Auto Scaling group",
          c -> c.capacityReservation().enabled(), CapacityReservationPlan::of, CapacityReservationStack::new),
      Area.of("spot-fleet", "fleetkit: diversified Spot Auto Scaling group",
          c -> c.spotFleet().enabled(), SpotFleetPlan::of, SpotFleetStack::new),
      Area.of("spot-scores", "fleetkit: Spot placement scores of named instance selections, with a dashboard and alarms",
          c -> c.spotPlacementScores().enabled(), SpotScoresPlan::of, SpotScoresStack::new),
      Area.of("queue-workers", "fleetkit: SQS queue workers scaled on backlog per instance times processing time",
          c -> c.queueWorkers().enabled(), QueueWorkersPlan::of, QueueWorkersStack::new),
      // The Region is the zone's parent Region, never the environment's.
      new Area<>("local-zone", "fleetkit: VPC extended into a Local Zone with WordPress",
          c -> c.localZone().enabled(), LocalZonePlan::of, (stacks, area, plan) -> List.of(stacks.add(area.name(),
              plan.description(), plan.zone().region(), (scope, id, props) -> new LocalZoneStack(scope, id, props, plan)))),
      Area.of("root-restore", "fleetkit: root volume replacement runbooks, restore points and their janitor",
          c -> c.rootRestore().enabled(), RootRestorePlan::of, RootRestoreStack::new),
      Area.of("credential-guard", "fleetkit: Credential Guard on Windows Server instances through SSM State Manager",
          c -> c.credentialGuard().enabled(), CredentialGuardPlan::of, CredentialGuardStack::new),
      // After the stacks whose VPC it imports, so they exist and deploy first.
      new Area<>("instance-connect", "fleetkit: EC2 Instance Connect Endpoints and their access policies",
          c -> c.instanceConnect().enabled(), InstanceConnectPlan::of, (stacks, area, plan) -> List.of(stacks.addAfter(
              area.name(), area.description(), plan.producerAreas(stacks.naming().prefix()),
              (scope, id, props) -> new InstanceConnectStack(scope, id, props, plan)))),
      Area.of("outpost-lgw", "fleetkit: Outposts local gateway route table, associations and routes",
          c -> c.outpostRouting().enabled(), OutpostLgwPlan::of, OutpostLgwStack::new));

  private FleetkitApp() {}

  public static void main(String[] args) {
    App app = new App();
    Object selected = app.getNode().tryGetContext(CONFIG_CONTEXT);
    Path path = Path.of(selected == null ? DEFAULT_CONFIG : selected.toString());
    try {
      build(app, ConfigLoader.load(path));
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.err.println(e.errors().size() + " error(s) in " + path + "; nothing was synthesized.");
      System.exit(1);
    }
    app.synth();
  }

  /**
   * Plans every enabled area first, so all config errors surface together (sorted by position) before any
   * stack exists, then creates the stacks in table order and registers cdk-nag.
   */
  public static List<Stack> build(App app, FleetkitConfig config) {
    return build(app, config, AREAS);
  }

  static List<Stack> build(App app, FleetkitConfig config, List<Area<?>> areas) {
    Naming naming = new Naming(config.project());
    List<ConfigError> errors = new ArrayList<>();
    List<Supplier<List<Stack>>> planned = new ArrayList<>();
    Stacks stacks = new Stacks(app, config, naming);
    for (Area<?> area : areas) {
      if (!area.enabled().test(config)) continue;
      try {
        planned.add(plan(area, config, stacks));
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors.stream().sorted().toList());
    List<Stack> created = planned.stream().flatMap(p -> p.get().stream()).toList();
    for (Stack s : created) {
      String area = s.getStackName().substring(naming.prefix().length() + 1);
      naming.tag(s, area);
      ControlTowerExceptions.declare(s, area);
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return created;
  }

  /**
   * The plan of every enabled area, by area name in table order, without creating any stack (for commands that
   * check what would be deployed, such as {@code bin/fleetkit preflight}); every config error at once, sorted.
   */
  public static java.util.LinkedHashMap<String, Object> plans(FleetkitConfig config) {
    java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
    List<ConfigError> errors = new ArrayList<>();
    for (Area<?> area : AREAS) {
      if (!area.enabled().test(config)) continue;
      try {
        out.put(area.name(), area.planner().apply(config));
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors.stream().sorted().toList());
    return out;
  }

  /** Runs the area's planner now; the returned supplier creates its stacks later. */
  private static <P> Supplier<List<Stack>> plan(Area<P> area, FleetkitConfig config, Stacks stacks) {
    P plan = area.planner().apply(config);
    return () -> area.stacks().create(stacks, area, plan);
  }

  /**
   * {@code <prefix>-alarm-topic} when the dashboard alarms notify a topic fleetkit creates; {@code <prefix>-dashboard},
   * {@code <prefix>-dashboard-2}, ... as the plan spreads the dashboards and their alarms over stacks, each deployed
   * with the deployer's own credentials (so the refresh build deploys them with its own scoped rights); and
   * {@code <prefix>-dashboard-refresh} when the refresh pipeline is on.
   */
  private static List<Stack> dashboardStacks(Stacks stacks, Area<DashboardPlan> area, DashboardPlan plan) {
    FleetkitConfig config = stacks.config();
    List<Stack> out = new ArrayList<>();
    plan.topic().filter(DashboardPlan.AlarmTopic::created).ifPresent(topic -> out.add(stacks.add("alarm-topic",
        "fleetkit: encrypted SNS topic " + topic.name() + " that the Outposts dashboard alarms notify",
        (scope, id, props) -> new AlarmTopicStack(scope, id, props, topic, stacks.naming().prefix()))));
    for (int i = 0; i < plan.stacks().size(); i++) {
      DashboardPlan.Part part = plan.stacks().get(i);
      List<Dashboard> dashboards = part.dashboards();
      List<String> parts = new ArrayList<>();
      if (!dashboards.isEmpty()) {
        parts.add(dashboards.get(0).name() + (dashboards.size() > 1 ? " to " + dashboards.get(dashboards.size() - 1).name() : ""));
      }
      if (!part.alarms().isEmpty()) parts.add(part.alarms().size() + " alarm(s)");
      String names = String.join(" and ", parts);
      out.add(stacks.addWithCliCredentials(DashboardPlan.area(i), area.description() + " " + names,
          config.dashboard().pipeline().bootstrapQualifier(),
          (scope, id, props) -> new OutpostsDashboardStack(scope, id, props, part, plan.topic())));
    }
    if (config.dashboard().pipeline().enabled()) {
      out.add(stacks.add("dashboard-refresh", "fleetkit: refreshes the Outposts dashboards when tags or instance states change",
          (scope, id, props) -> new RefreshPipelineStack(scope, id, props, RefreshPipelineStack.Props.of(config, stacks.naming()))));
    }
    return out;
  }
}
