package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.constructs.SsmDocument;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Root volume replacement without a stop: the two Automation runbooks and the role they run as, the restore point
 * janitor on its schedule, and, when configured, a Data Lifecycle Manager policy for scheduled restore points.
 * Nothing here runs on deploy; {@code bin/fleetkit restore} or a StartAutomationExecution starts a replacement.
 */
public class RootRestoreStack extends Stack {
  private final RunbookRole runbookRole;
  private final SsmDocument replace;
  private final SsmDocument restorePoint;
  private final RestorePointJanitor janitor;

  public RootRestoreStack(Construct scope, String id, StackProps props, RootRestorePlan plan) {
    super(scope, id, props);
    RootRestoreConfig c = plan.config();
    runbookRole = new RunbookRole(this, "RunbookRole", plan);
    String roleArn = runbookRole.role().getRoleArn();
    replace = new SsmDocument(this, "ReplaceRootVolume", plan.replaceDocument(), "Automation", "/AWS::EC2::Instance",
        Runbooks.replace(plan, roleArn));
    restorePoint = new SsmDocument(this, "CreateRestorePoint", plan.restorePointDocument(), "Automation",
        "/AWS::EC2::Instance", Runbooks.restorePoint(plan, roleArn));
    janitor = c.janitorSchedule().map(cron -> new RestorePointJanitor(this, "Janitor", plan, cron)).orElse(null);
    c.scheduledRestorePoints().ifPresent(cron -> new ScheduledRestorePoints(this, "ScheduledRestorePoints", plan, cron));

    CfnOutput.Builder.create(this, "ReplaceRunbook")
        .description("Replaces a root volume: bin/fleetkit restore INSTANCE --to launch|snapshot ID|image ID")
        .value(replace.name())
        .build();
    CfnOutput.Builder.create(this, "RestorePointRunbook")
        .description("Snapshots a root volume as a restore point, on demand")
        .value(restorePoint.name())
        .build();
    CfnOutput.Builder.create(this, "RunbookRoleArn")
        .description("The role both runbooks run as; whoever starts them needs iam:PassRole on it")
        .value(roleArn)
        .build();
    CfnOutput.Builder.create(this, "FleetRestorePointLine")
        .description("Restore points for every tagged instance, 10 at a time, stopping after 2 failures")
        .value("aws ssm start-automation-execution --region " + getRegion() + " --document-name " + restorePoint.name()
            + " --target-parameter-name InstanceId --targets 'Key=tag:" + c.restorableTagKey() + ",Values="
            + c.restorableTagValue() + "' --max-concurrency 10 --max-errors 2")
        .build();
  }

  RunbookRole runbookRole() {
    return runbookRole;
  }

  public SsmDocument replaceRunbook() {
    return replace;
  }

  public SsmDocument restorePointRunbook() {
    return restorePoint;
  }

  /** The janitor, or empty with {@code janitor_schedule: off}. */
  Optional<RestorePointJanitor> janitor() {
    return Optional.ofNullable(janitor);
  }
}
