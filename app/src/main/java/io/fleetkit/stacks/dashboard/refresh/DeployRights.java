package io.fleetkit.stacks.dashboard.refresh;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What CloudFormation needs to create, read, update, delete and list each resource type of the dashboard
 * stacks when it works with the deployer's own credentials (CliCredentialsStackSynthesizer, no service
 * role): one row per resource type, taken from the handler permissions of the type's CloudFormation
 * registry schema ({@code handlers.create/read/update/delete/list.permissions}, as
 * {@code aws cloudformation describe-type --type RESOURCE --type-name <type>} returns it), scoped to this
 * app's names wherever the Service Authorization Reference lists a resource type for the action.
 *
 * <p>A new resource type in the dashboard stacks needs a row here; RefreshPipelineDeployRightsTest lists
 * the types of the synthesized dashboard stacks and fails for any type without one.
 */
public final class DeployRights {
  private DeployRights() {}

  /** The values an ARN pattern is built from; partition, Region and account may be tokens. */
  public record Names(String partition, String region, String account, String prefix, String dashboardName) {}

  /**
   * One resource type.
   *
   * @param resourceType the CloudFormation type, such as AWS::CloudWatch::Dashboard
   * @param sid the statement ID of the scoped actions
   * @param handlerPermissions the union of the registry schema's handler permissions
   * @param unscoped the list-type actions among them that support no resource type (Service Authorization
   *     Reference), granted on "*" in statement {@code List<sid>}
   * @param unscopedReason why "*" is acceptable for the unscoped actions (empty when there are none)
   * @param arn this app's resources of the type, as an IAM ARN pattern
   * @param arnReason why the wildcard in {@link #arn} is acceptable (the cdk-nag acknowledgement)
   */
  public record Row(String resourceType, String sid, List<String> handlerPermissions, List<String> unscoped,
      String unscopedReason, Function<Names, String> arn, Function<Names, String> arnReason) {
    public Row {
      handlerPermissions = List.copyOf(new TreeSet<>(handlerPermissions));
      unscoped = List.copyOf(new TreeSet<>(unscoped));
      if (!handlerPermissions.containsAll(unscoped)) throw new IllegalArgumentException(resourceType + ": unscoped actions must be handler permissions");
      if (!unscoped.isEmpty() && unscopedReason.isBlank()) throw new IllegalArgumentException(resourceType + ": \"*\" needs a reason");
    }

    /** The handler permissions that support a resource type, granted on {@link #arn}. */
    public List<String> scoped() {
      return handlerPermissions.stream().filter(a -> !unscoped.contains(a)).toList();
    }
  }

  /**
   * AWS::CloudWatch::Dashboard. Handlers (registry schema; sourceUrl aws-cloudformation-resource-providers-cloudwatch,
   * copy in hashicorp/terraform-provider-awscc internal/service/cloudformation/schemas/AWS_CloudWatch_Dashboard.json):
   * create PutDashboard, GetDashboard, TagResource; read GetDashboard, ListTagsForResource; update PutDashboard,
   * TagResource, UntagResource, ListTagsForResource; delete DeleteDashboards, GetDashboard; list ListDashboards.
   * Dashboards are global: arn:${Partition}:cloudwatch::${Account}:dashboard/${DashboardName} (Service
   * Authorization Reference, Amazon CloudWatch; CloudWatch API Reference, TagResource: "The ARN format of a
   * dashboard is arn:aws:cloudwatch::account-id:dashboard/dashboard-name"). The stacks hold {@code <name>},
   * {@code <name>-2}, ...; ListDashboards supports no resource type.
   */
  static final Row DASHBOARD = new Row("AWS::CloudWatch::Dashboard", "Dashboards",
      List.of("cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:TagResource",
          "cloudwatch:ListTagsForResource", "cloudwatch:UntagResource", "cloudwatch:DeleteDashboards",
          "cloudwatch:ListDashboards"),
      List.of("cloudwatch:ListDashboards"),
      "cloudwatch:ListDashboards, called by the list handler, supports no resource type",
      n -> "arn:" + n.partition() + ":cloudwatch::" + n.account() + ":dashboard/" + n.dashboardName() + "*",
      n -> "This app's dashboards: " + n.dashboardName() + ", " + n.dashboardName() + "-2 and so on.");

  /**
   * AWS::CloudWatch::Alarm. Handlers (registry schema; copy in terraform-provider-awscc
   * internal/service/cloudformation/schemas/AWS_CloudWatch_Alarm.json): create PutMetricAlarm, DescribeAlarms,
   * TagResource; read DescribeAlarms, ListTagsForResource; update PutMetricAlarm, DescribeAlarms, TagResource,
   * UntagResource; delete DeleteAlarms, DescribeAlarms; list DescribeAlarms. Alarm ARNs are
   * arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName} (Service Authorization Reference, Amazon
   * CloudWatch; CloudWatch API Reference, TagResource), so every alarm of the dashboard stacks must be named
   * {@code <prefix>-...}. DescribeAlarms can be scoped: only composite alarms need it on "*" (CloudWatch API
   * Reference, DescribeAlarms), and the dashboard stacks hold metric alarms.
   */
  static final Row ALARM = new Row("AWS::CloudWatch::Alarm", "Alarms",
      List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:TagResource",
          "cloudwatch:ListTagsForResource", "cloudwatch:UntagResource", "cloudwatch:DeleteAlarms"),
      List.of(),
      "",
      n -> "arn:" + n.partition() + ":cloudwatch:" + n.region() + ":" + n.account() + ":alarm:" + n.prefix() + "-*",
      n -> "This app's alarms, which are all named " + n.prefix() + "-...: the dashboard stacks create, update and"
          + " delete them through CloudFormation with the build's rights.");

  /** Every row, in the order of the build role's statements. */
  public static final List<Row> ROWS = List.of(DASHBOARD, ALARM);

  /** The resource types that have a row. */
  public static Set<String> resourceTypes() {
    return ROWS.stream().map(Row::resourceType).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The reasons for the statements on "*", one per row that has unscoped actions. */
  static String unscopedReasons() {
    return ROWS.stream().filter(r -> !r.unscoped().isEmpty())
        .map(r -> "List" + r.sid() + " (" + r.unscopedReason() + ")").collect(Collectors.joining(", "));
  }
}
