package io.fleetkit.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awscdk.AspectOptions;
import software.amazon.awscdk.AspectPriority;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The one table of AWS Control Tower proactive controls that a fleetkit resource may fail, each row for one
 * control on one resource (stack area and the resource's construct path in that stack) with the reason;
 * docs/compliance.md lists the same rows. The Control Tower Guard rules and the hooks that run them at deploy time honour no suppression, so
 * a row does not make a deploy pass where that control is enabled: it records why fleetkit does not meet
 * the control there, and the check in {@code mvn verify} (app/src/test/node/check-control-tower.mjs)
 * accepts a finding only when the resource it names carries a row for that exact control.
 *
 * <p>{@link #declare} writes the rows of a stack into its template at synth, as resource metadata under
 * {@value #METADATA_KEY} ({"CT.S3.PR.9": "reason"}), so that the check reads them from the template alone.
 */
public final class ControlTowerExceptions {
  private ControlTowerExceptions() {}

  public static final String METADATA_KEY = "fleetkit:control-tower-exceptions";

  /** A Control Tower proactive control ID as the Guard rules print it, such as CT.S3.PR.9 or CT.WAF-REGIONAL.PR.1. */
  static final Pattern CONTROL = Pattern.compile("CT\\.[A-Z0-9-]+\\.PR\\.[0-9]+");
  private static final int MIN_REASON = 40;

  /**
   * @param area the stack's area, its name without the prefix (spot-fleet for fleetkit-spot-fleet)
   * @param path the CloudFormation resource's construct path below the stack, as in its aws:cdk:path metadata
   *     without the stack name (AccessLogs/Resource, Group/ASG); it stays when a logical ID carries a hash
   * @param control the control, such as CT.S3.PR.9
   * @param reason why fleetkit does not meet the control on this resource, and what a governed account can do
   */
  public record Row(String area, String path, String control, String reason) {
    public Row {
      if (area == null || !area.matches("[a-z0-9-]+")) throw new IllegalArgumentException("not a stack area: " + area);
      if (path == null || !path.matches("[A-Za-z0-9:_.-]+(/[A-Za-z0-9:_.-]+)*")) {
        throw new IllegalArgumentException("not a construct path below a stack: " + path);
      }
      if (control == null || !CONTROL.matcher(control).matches()) {
        throw new IllegalArgumentException("not a Control Tower proactive control ID (CT.<SERVICE>.PR.<n>): " + control);
      }
      if (reason == null || reason.strip().length() < MIN_REASON || !reason.strip().contains(" ")) {
        throw new IllegalArgumentException("the exception for " + control + " on " + area + "/" + path
            + " needs a reason that says why, at least " + MIN_REASON + " characters");
      }
    }
  }

  // Reasons shared by several rows.
  private static final String VPC_HANDLER = "CDK deploys this handler (feature flag"
      + " @aws-cdk/aws-ec2:restrictDefaultSecurityGroup in cdk.json) to remove every rule of the new VPC's default"
      + " security group; it calls only the EC2 API. Inside that VPC it would need the VPC's NAT route to reach the"
      + " API, and CloudFormation waits for Lambda to delete a function's network interfaces before it can delete"
      + " the VPC (AWS::Lambda::Function VpcConfig). Where this control is on, set network.vpc_id (an existing VPC):"
      + " no handler is deployed then.";
  private static final String LAST_LOG_BUCKET = "This bucket is the end of the log chain: it receives the logs of"
      + " other resources, and its own server access logs would need another bucket that fails the same control;"
      + " logging it to itself makes an endless loop of logs (Amazon S3 user guide, \"Enabling Amazon S3 server"
      + " access logging\").";
  private static final String ALB_LOGS_SSE_S3 = "Application Load Balancer access logs can only be written to a"
      + " bucket encrypted with Amazon S3 managed keys (SSE-S3) (Elastic Load Balancing user guide, \"Enable access"
      + " logs for your Application Load Balancer\", bucket requirements).";
  private static final String LOGS_NO_OBJECT_LOCK = "Object Lock keeps every version from deletion for a retention"
      + " period and cannot be turned off once on (Amazon S3 user guide, \"Configuring S3 Object Lock\"); these are"
      + " operational logs whose old versions a lifecycle rule expires, and their retention is the owner's to set.";
  private static final String NO_CERTIFICATE = " has no HTTPS listener to redirect to without a certificate, so port"
      + " 80 serves; with %s set, port 80 only redirects to HTTPS 443 and the control passes.";
  private static final String TYPE_IN_ZONE = " must be an instance type that the Local Zone offers; the default"
      + " t3.medium is widely offered but does not encrypt traffic between instances. Where this control is on,"
      + " choose a type of the control's list that the zone offers (bin/fleetkit zones offerings ZONE).";

  /** Every exception, grouped by stack; docs/compliance.md has one table row for each. */
  public static final List<Row> TABLE = List.of(
      new Row("capacity-reservation", "Group/ASG", "CT.AUTOSCALING.PR.6", "The group launches into its On-Demand"
          + " Capacity Reservations, which hold one instance type (capacity_reservation.instance_type); another type"
          + " would run outside the reservations and be billed on top of them."),
      new Row("capacity-reservation", "UnusedCapacityAlarm/Resource", "CT.CLOUDWATCH.PR.1", "The alarm has an action"
          + " only when capacity_reservation.unused_alarm.topic_arn names an SNS topic, or dashboard_topic sends it to"
          + " the dashboard alarms' topic; without either its state still shows in CloudWatch and reaches EventBridge."
          + " Where this control is on, set topic_arn or dashboard_topic: true (the default config.yaml does)."),
      new Row("capacity-reservation", "Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler", "CT.LAMBDA.PR.3",
          VPC_HANDLER),

      new Row("spot-fleet", "LoadBalancer/Http/Resource", "CT.ELASTICLOADBALANCING.PR.1", "The load balancer"
          + String.format(NO_CERTIFICATE, "spot_fleet.load_balancer.certificate_arn")),
      new Row("spot-fleet", "Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler", "CT.LAMBDA.PR.3", VPC_HANDLER),
      new Row("spot-fleet", "AccessLogs/Resource", "CT.S3.PR.2", LAST_LOG_BUCKET),
      new Row("spot-fleet", "AccessLogs/Resource", "CT.S3.PR.9", LOGS_NO_OBJECT_LOCK),
      new Row("spot-fleet", "AccessLogs/Resource", "CT.S3.PR.10", ALB_LOGS_SSE_S3),

      new Row("spot-scores", "Collector/Function/Resource", "CT.LAMBDA.PR.3", "The collector calls only public AWS APIs (ec2:GetSpotPlacementScores,"
          + " cloudwatch:PutMetricData), signed with its own role over TLS, and reaches nothing inside a VPC. In a VPC it"
          + " would need a VPC of its own with a NAT gateway, or EC2 and CloudWatch interface endpoints in each zone, each"
          + " billed by the hour (Amazon VPC pricing, AWS PrivateLink pricing), for no security gain; CloudFormation would"
          + " also wait for Lambda to release the function's network interfaces before deleting that VPC. Where this"
          + " control is on, the stack is refused: bin/fleetkit spot-scores asks the same queries from a machine (it prints"
          + " the scores and publishes no metric)."),

      new Row("dashboard-refresh", "RefreshPipeline/AccessLogs/Resource", "CT.S3.PR.2", LAST_LOG_BUCKET),
      new Row("dashboard-refresh", "RefreshPipeline/AccessLogs/Resource", "CT.S3.PR.9", "A bucket with Object Lock"
          + " cannot receive S3 server access logs (Amazon S3 user guide, \"Enabling Amazon S3 server access logging\")."),
      new Row("dashboard-refresh", "RefreshPipeline/AccessLogs/Resource", "CT.S3.PR.10", "S3 server access log delivery"
          + " supports SSE-S3 only as the default encryption of the bucket that receives the logs (Amazon S3 user"
          + " guide, \"Enabling Amazon S3 server access logging\")."),
      new Row("dashboard-refresh", "RefreshPipeline/Artifacts/Resource", "CT.S3.PR.9", "Pipeline artifacts are"
          + " working copies that CodePipeline writes on every run; Object Lock would keep each one for a retention"
          + " period and cannot be turned off once on (Amazon S3 user guide, \"Configuring S3 Object Lock\")."),
      new Row("dashboard-refresh", "RefreshPipeline/Source/Resource", "CT.S3.PR.9", "The source zip is replaced on"
          + " every upload and old versions expire; Object Lock would keep each one for a retention period and cannot"
          + " be turned off once on (Amazon S3 user guide, \"Configuring S3 Object Lock\")."),

      new Row("image-pipelines", "Logs/Resource", "CT.S3.PR.2", LAST_LOG_BUCKET),
      new Row("image-pipelines", "Logs/Resource", "CT.S3.PR.9", "Build logs expire after"
          + " image_pipelines.log_retention_days by a lifecycle rule; Object Lock would keep them past it and cannot be"
          + " turned off once on (Amazon S3 user guide, \"Configuring S3 Object Lock\")."),

      new Row("local-zone", "Web/Group/ASG", "CT.AUTOSCALING.PR.1", "The web tier runs in one Local Zone by design,"
          + " close to that metro's users; a Local Zone is a single zone and the stack's VPC has subnets only there."),
      new Row("local-zone", "Web/Group/ASG", "CT.AUTOSCALING.PR.6", "The group launches one instance type,"
          + " local_zone.web.instance_type: Local Zones offer few types, and the one configured is the one checked"
          + " against the zone's offerings."),
      new Row("local-zone", "Web/LoadBalancer/Http/Resource", "CT.ELASTICLOADBALANCING.PR.1", "The load balancer"
          + String.format(NO_CERTIFICATE, "local_zone.alb.certificate_arn")),
      new Row("local-zone", "Web/AccessLogs/Resource", "CT.S3.PR.2", LAST_LOG_BUCKET),
      new Row("local-zone", "Web/AccessLogs/Resource", "CT.S3.PR.9", LOGS_NO_OBJECT_LOCK),
      new Row("local-zone", "Web/AccessLogs/Resource", "CT.S3.PR.10", ALB_LOGS_SSE_S3),
      new Row("local-zone", "Database/Instance/Resource", "CT.EC2.PR.19", "local_zone.database.instance_type"
          + TYPE_IN_ZONE),
      new Row("local-zone", "NatInstance/Instance/Resource", "CT.EC2.PR.8", "A NAT instance forwards the private"
          + " subnet's traffic to the internet through its own public IP; zones without NAT gateways need it. Where"
          + " this control is on, use local_zone.egress: nat_gateway in a zone that offers NAT gateways."),
      new Row("local-zone", "NatInstance/Instance/Resource", "CT.EC2.PR.19", "local_zone.nat_instance_type"
          + TYPE_IN_ZONE),

      new Row("root-restore", "Janitor/Function/Function/Resource", "CT.LAMBDA.PR.3", "The restore point janitor calls"
          + " only the EC2 API (DescribeSnapshots, DeleteSnapshot) and reaches nothing inside a VPC; the stack has no"
          + " VPC, and one would need a NAT route or an EC2 interface endpoint for it. Where this control is on, set"
          + " root_volume_restore.janitor_schedule: off (no function is deployed) and run bin/fleetkit restore-points"
          + " prune from a scheduler of your own."));

  /** Writes the rows of {@code area} onto the resources of {@code stack} they name. */
  public static void declare(Stack stack, String area) {
    declare(stack, area, TABLE);
  }

  static void declare(Stack stack, String area, List<Row> table) {
    Map<String, Map<String, String>> byResource = new TreeMap<>();
    for (Row row : table) {
      if (!row.area().equals(area)) continue;
      Map<String, String> controls = byResource.computeIfAbsent(row.path(), id -> new LinkedHashMap<>());
      if (controls.put(row.control(), row.reason()) != null) {
        throw new IllegalStateException("two exceptions for " + row.control() + " on " + area + "/" + row.path());
      }
    }
    // Found by path once the stack's constructs exist (the app declares after creating every stack). An aspect
    // over the whole stack would visit every construct with a jsii callback each, most of a synth's round trips;
    // one is added only below the deepest construct of the path that exists, for a resource that an aspect adds
    // at synth there (such as the launch template that an Instance's requireImdsv2 aspect adds below it).
    for (Map.Entry<String, Map<String, String>> e : byResource.entrySet()) {
      IConstruct deepest = stack;
      String[] ids = e.getKey().split("/");
      int found = 0;
      while (found < ids.length) {
        IConstruct child = deepest.getNode().tryFindChild(ids[found]);
        if (child == null) break;
        deepest = child;
        found++;
      }
      if (found == ids.length) {
        if (deepest instanceof CfnResource resource) resource.addMetadata(METADATA_KEY, e.getValue());
      } else if (found > 0) {
        String path = stack.getNode().getPath() + "/" + e.getKey();
        Aspects.of(deepest).add(node -> {
          if (node instanceof CfnResource resource && resource.getNode().getPath().equals(path)) {
            resource.addMetadata(METADATA_KEY, e.getValue());
          }
        }, AspectOptions.builder().priority(AspectPriority.READONLY).build());
      }
      // found == 0: this configuration does not create the row's construct (a listener that exists only without
      // a certificate, the default security group handler of a new VPC), so there is nothing to mark.
    }
  }
}
