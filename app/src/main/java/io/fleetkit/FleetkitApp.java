package io.fleetkit;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.Naming;
import io.fleetkit.stacks.dashboard.DashboardPlan;
import io.fleetkit.stacks.dashboard.OutpostsDashboardStack;
import io.fleetkit.stacks.dashboard.RefreshPipelineStack;
import io.fleetkit.stacks.capacity.CapacityReservationPlan;
import io.fleetkit.stacks.capacity.CapacityReservationStack;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import io.fleetkit.stacks.capacity.SpotFleetStack;
import io.fleetkit.stacks.gpu.GpuMonitoringPlan;
import io.fleetkit.stacks.images.ImagePipelinesPlan;
import io.fleetkit.stacks.guardrails.GuardrailsPlan;
import io.fleetkit.stacks.gpu.GpuMonitoringStack;
import io.fleetkit.stacks.guardrails.GuardrailsStack;
import io.fleetkit.stacks.images.ImagePipelinesStack;
import io.fleetkit.stacks.localzones.LocalZonePlan;
import io.fleetkit.stacks.localzones.LocalZoneStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CliCredentialsStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;

/** CDK entry point: load and check config.yaml, then one stack per enabled section. */
public final class FleetkitApp {
  public static final String CONFIG_CONTEXT = "config";
  public static final String DEFAULT_CONFIG = "config.yaml";

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
   * Plans every enabled section first, so all config errors surface before any stack exists, then
   * creates the stacks and registers cdk-nag.
   */
  public static List<Stack> build(App app, FleetkitConfig config) {
    Naming naming = new Naming(config.project());
    List<ConfigException> errors = new ArrayList<>();
    List<Function<App, Stack>> stacks = new ArrayList<>();

    if (config.guardrails().enabled()) {
      plan(errors, () -> GuardrailsPlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new GuardrailsStack(a, naming.stackName("guardrails"), props(config, naming, "guardrails",
              "fleetkit: data-residency SCPs for Outposts and Local Zones"), plan)));
    }

    if (config.gpuMonitoring().enabled()) {
      plan(errors, () -> GpuMonitoringPlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new GpuMonitoringStack(a, naming.stackName("gpu-monitoring"), props(config, naming, "gpu-monitoring",
              "fleetkit: GPU metrics through the CloudWatch agent, rolled out by SSM State Manager"), plan)));
    }

    if (config.imagePipelines().enabled()) {
      plan(errors, () -> ImagePipelinesPlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new ImagePipelinesStack(a, naming.stackName("image-pipelines"), props(config, naming, "image-pipelines",
              "fleetkit: gold and cascading workload EC2 Image Builder pipelines"), plan)));
    }

    if (config.dashboard().enabled()) {
      plan(errors, () -> DashboardPlan.of(config)).ifPresent(plan -> {
        for (int i = 0; i < plan.stacks().size(); i++) {
          String area = DashboardPlan.area(i);
          var dashboards = plan.stacks().get(i);
          stacks.add(a -> new OutpostsDashboardStack(a, naming.stackName(area), dashboardProps(config, naming, area,
              "fleetkit: Outposts CloudWatch dashboards " + dashboards.get(0).name()
                  + (dashboards.size() > 1 ? " to " + dashboards.get(dashboards.size() - 1).name() : "")), dashboards));
        }
        if (config.dashboard().pipeline().enabled()) {
          stacks.add(a -> new RefreshPipelineStack(a, naming.stackName("dashboard-refresh"), props(config, naming,
              "dashboard-refresh", "fleetkit: refreshes the Outposts dashboards when tags or instance states change"),
              RefreshPipelineStack.Props.of(config, naming)));
        }
      });
    }

    if (config.capacityReservation().enabled()) {
      plan(errors, () -> CapacityReservationPlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new CapacityReservationStack(a, naming.stackName("capacity-reservation"), props(config, naming,
              "capacity-reservation", "fleetkit: On-Demand Capacity Reservations across zones with an Auto Scaling group"),
              plan)));
    }

    if (config.spotFleet().enabled()) {
      plan(errors, () -> SpotFleetPlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new SpotFleetStack(a, naming.stackName("spot-fleet"), props(config, naming, "spot-fleet",
              "fleetkit: diversified Spot Auto Scaling group"), plan)));
    }

    if (config.localZone().enabled()) {
      // The Region is the zone's parent Region, never the environment's.
      plan(errors, () -> LocalZonePlan.of(config)).ifPresent(plan -> stacks.add(a ->
          new LocalZoneStack(a, naming.stackName("local-zone"), props(config, naming, "local-zone",
              "fleetkit: VPC extended into Local Zone " + plan.zone().zone() + " with WordPress", plan.zone().region()),
              plan)));
    }

    if (!errors.isEmpty()) {
      throw new ConfigException(errors.stream().flatMap(e -> e.errors().stream()).sorted().toList());
    }
    List<Stack> created = stacks.stream().map(f -> f.apply(app)).toList();
    for (Stack s : created) naming.tag(s, s.getStackName().substring(naming.prefix().length() + 1));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return created;
  }

  private static <T> java.util.Optional<T> plan(List<ConfigException> errors, java.util.function.Supplier<T> planner) {
    try {
      return java.util.Optional.of(planner.get());
    } catch (ConfigException e) {
      errors.add(e);
      return java.util.Optional.empty();
    }
  }

  static StackProps props(FleetkitConfig config, Naming naming, String area, String description) {
    return props(config, naming, area, description,
        config.project().region().orElse(System.getenv("CDK_DEFAULT_REGION")));
  }

  /**
   * The dashboard stacks deploy with the deployer's own credentials (CliCredentialsStackSynthesizer: "all
   * stack operations will be performed using the CLI's current credentials", aws-cdk-lib API reference),
   * so the refresh build deploys them with its own scoped rights instead of the bootstrap deploy role,
   * whose CloudFormation execution role is AdministratorAccess by default. Only these stacks: the others
   * keep the default synthesizer. The assets bucket and version parameter come from the bootstrap with
   * {@code dashboard.pipeline.bootstrap_qualifier}.
   */
  static StackProps dashboardProps(FleetkitConfig config, Naming naming, String area, String description) {
    StackProps base = props(config, naming, area, description);
    return StackProps.builder()
        .stackName(base.getStackName())
        .description(base.getDescription())
        .env(base.getEnv())
        .synthesizer(CliCredentialsStackSynthesizer.Builder.create()
            .qualifier(config.dashboard().pipeline().bootstrapQualifier())
            .build())
        .build();
  }

  static StackProps props(FleetkitConfig config, Naming naming, String area, String description, String region) {
    String account = config.project().account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT"));
    return StackProps.builder()
        .stackName(naming.stackName(area))
        .description(description)
        .env(Environment.builder().account(account).region(region).build())
        .build();
  }
}
