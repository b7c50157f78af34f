package io.fleetkit.stacks.dashboard;

import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.Naming;
import io.fleetkit.stacks.dashboard.refresh.FlatLogicalIds;
import io.fleetkit.stacks.dashboard.refresh.PipelineRolePath;
import io.fleetkit.stacks.dashboard.refresh.RefreshBuildRole;
import io.fleetkit.stacks.dashboard.refresh.RefreshPipeline;
import io.fleetkit.stacks.dashboard.refresh.RefreshTriggers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The blog's automation: a tag change (or an EC2 state change) starts a pipeline whose build runs
 * {@code discover} and deploys the dashboard stacks again. Composes the build role, the pipeline and
 * its triggers (package {@code refresh}).
 */
public class RefreshPipelineStack extends Stack {

  /** Discovery's read-only calls, which the build role holds on "*". */
  public static final List<String> DISCOVERY_ACTIONS = RefreshBuildRole.DISCOVERY_ACTIONS;

  /** Everything the stack needs from config, resolved by the app. */
  public record Props(String prefix, String tagKey, String dashboardName, DashboardConfig.Pipeline pipeline) {
    public static Props of(FleetkitConfig config, Naming naming) {
      return new Props(naming.prefix(), config.dashboard().tagName(), config.dashboard().name(),
          config.dashboard().pipeline());
    }
  }

  /** Keyed by the jsii proxy, which is one Java object per construct and compares by identity. */
  private final Map<CfnElement, String> logicalIds = new LinkedHashMap<>();

  public RefreshPipelineStack(Construct scope, String id, StackProps stackProps, Props props) {
    super(scope, id, stackProps);
    DashboardConfig.Pipeline p = props.pipeline();
    RefreshBuildRole buildRole = new RefreshBuildRole(this, "BuildRole",
        new RefreshBuildRole.Props(props.prefix(), props.dashboardName(), p.bootstrapQualifier()));
    RefreshPipeline pipeline = new RefreshPipeline(this, "RefreshPipeline",
        new RefreshPipeline.Props(p, dashboardStackPattern(props.prefix()), buildRole));
    new RefreshTriggers(this, "Triggers", pipeline.pipeline(), props.tagKey());
    PipelineRolePath.applyTo(this);
  }

  /** The dashboard stacks among {@code cdk ls}: {@code <prefix>-dashboard} and {@code <prefix>-dashboard-<n>}. */
  static String dashboardStackPattern(String prefix) {
    return "^" + prefix + "-dashboard(-[0-9]+)?$";
  }

  /** The dashboard stacks' names as IAM ARN patterns (see {@link RefreshBuildRole#dashboardStackNames}). */
  static List<String> dashboardStackNames(String prefix) {
    return RefreshBuildRole.dashboardStackNames(prefix);
  }

  /**
   * Resources keep the logical IDs they had before they moved into the three constructs above. CDK asks again
   * each time a reference to the element resolves (CfnElement's logical ID is an uncached lazy value), and each
   * answer walks the element's scopes through jsii; an element's path never changes, so the first answer is kept.
   */
  @Override
  protected String allocateLogicalId(CfnElement cfnElement) {
    return logicalIds.computeIfAbsent(cfnElement, e -> FlatLogicalIds.of(this, e));
  }
}
