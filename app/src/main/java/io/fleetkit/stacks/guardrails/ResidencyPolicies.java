package io.fleetkit.stacks.guardrails;

import io.fleetkit.config.GuardrailsConfig;
import io.fleetkit.config.Targets;
import io.fleetkit.constructs.Naming;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-residency SCPs of two AWS blog posts, before splitting to size:
 * "Architecting for data residency with AWS Outposts rack and landing zone guardrails" (policies
 * 1-3) and "Best Practices for managing data residency in AWS Local Zones using landing zone
 * controls" (policy 1 reused, snapshots, subnets).
 */
public final class ResidencyPolicies {

  /** A policy as the posts write it, with the targets it attaches to. */
  public record LogicalPolicy(String name, String description, List<ScpStatement> statements,
      Targets targets, String configPath) {}

  // Outposts post, policy 1, statement DenyCopyToRegion.
  static final List<String> COPY_TO_REGION = List.of(
      "ec2:ModifyImageAttribute", "ec2:CopyImage", "ec2:CreateImage", "ec2:CreateInstanceExportTask",
      "ec2:ExportImage", "ec2:ImportImage", "ec2:ImportInstance", "ec2:ImportSnapshot", "ec2:ImportVolume",
      "rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot", "rds:ModifyDBSnapshotAttribute",
      "elasticache:CreateSnapshot", "elasticache:CopySnapshot", "datasync:Create*", "datasync:Update*");

  // Outposts post, policy 1, statement DenyDirectTransferToRegion.
  static final List<String> DIRECT_TRANSFER_TO_REGION = List.of(
      "dynamodb:PutItem", "dynamodb:CreateTable", "ec2:CreateTrafficMirrorTarget",
      "ec2:CreateTrafficMirrorSession", "rds:CreateGlobalCluster", "es:Create*", "elasticfilesystem:C*",
      "elasticfilesystem:Put*", "storagegateway:Create*", "neptune-db:connect", "glue:CreateDevEndpoint",
      "glue:UpdateDevEndpoint", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition",
      "sagemaker:CreateAutoMLJob", "sagemaker:CreateData*", "sagemaker:CreateCode*", "sagemaker:CreateEndpoint",
      "sagemaker:CreateDomain", "sagemaker:CreateEdgePackagingJob", "sagemaker:CreateNotebookInstance",
      "sagemaker:CreateProcessingJob", "sagemaker:CreateModel*", "sagemaker:CreateTra*", "sagemaker:Update*",
      "redshift:CreateCluster*", "ses:Send*", "ses:Create*", "sqs:Create*", "sqs:Send*", "mq:Create*",
      "cloudfront:Create*", "cloudfront:Update*", "ecr:Put*", "ecr:Create*", "ecr:Upload*",
      "ram:AcceptResourceShareInvitation");

  static final List<String> SNAPSHOT_CREATE = List.of("ec2:CreateSnapshot", "ec2:CreateSnapshots");

  static final List<String> SUBNET_ACTIONS = List.of("ec2:RunInstances", "ec2:CreateNetworkInterface");

  private ResidencyPolicies() {}

  public static List<LogicalPolicy> of(String prefix, GuardrailsConfig g) {
    List<LogicalPolicy> out = new ArrayList<>();
    String arn = "arn:" + g.partition();
    if (g.outposts().enabled()) {
      var o = g.outposts();
      String path = "guardrails.outposts";
      out.add(new LogicalPolicy(prefix + "-outposts-residency-1",
          "Outposts data residency: deny copying data and sending it directly to the Region",
          exempt(g, regionTransfer(g)), o.targets(), path));
      out.add(new LogicalPolicy(prefix + "-outposts-residency-2",
          "Outposts data residency: keep EBS snapshots of Outpost volumes on the Outpost",
          exempt(g, List.of(
              ScpStatement.deny("DenySnapshotsToRegion", SNAPSHOT_CREATE, arn + ":ec2:*::snapshot/*")
                  .withCondition("ArnLike", "ec2:SourceOutpostArn", o.outpostArnPattern())
                  .withCondition("Null", "ec2:OutpostArn", "true"),
              ScpStatement.deny("DenySnapshotsNotOutposts", List.of("ec2:CopySnapshot", "ec2:ModifySnapshotAttribute"),
                      arn + ":ec2:*::snapshot/*")
                  .withCondition("ArnLike", "ec2:OutpostArn", o.outpostArnPattern()))),
          o.targets(), path));
      out.add(new LogicalPolicy(prefix + "-outposts-residency-3",
          "Outposts data residency: launch instances and interfaces only in Outpost subnets",
          exempt(g, List.of(subnetOnly("DenyNotOutpostSubnet", arn, o.subnetArns()))), o.targets(), path));
    }
    if (g.localZones().enabled()) {
      var z = g.localZones();
      String path = "guardrails.local_zones";
      out.add(new LogicalPolicy(prefix + "-localzones-residency-1",
          "Local Zones data residency: deny copying data and sending it directly to the Region",
          exempt(g, regionTransfer(g)), z.targets(), path));
      List<ScpStatement> second = new ArrayList<>();
      if (z.allowLocalSnapshots()) {
        // EBS user guide, "Local snapshots in Local Zones": ec2:Location is "local" or "regional",
        // absent for snapshots of volumes outside Local Zones. A negated operator also matches an
        // absent key, so this one statement denies every snapshot that is not local.
        second.add(ScpStatement.deny("DenyNonLocalSnapshots", SNAPSHOT_CREATE, arn + ":ec2:*::snapshot/*")
            .withCondition("StringNotEquals", "ec2:Location", "local"));
      } else {
        second.add(ScpStatement.deny("DenyAllSnapshots", SNAPSHOT_CREATE, arn + ":ec2:*::snapshot/*"));
      }
      second.add(z.mode().equals(GuardrailsConfig.ZONES)
          ? zoneOnly("DenyNotLocalZonesSubnet", arn, z.zones())
          : subnetOnly("DenyNotLocalZonesSubnet", arn, z.subnetArns()));
      out.add(new LogicalPolicy(prefix + "-localzones-residency-2",
          "Local Zones data residency: no snapshots to the Region, instances only in Local Zone subnets",
          exempt(g, second), z.targets(), path));
    }
    return out;
  }

  private static List<ScpStatement> regionTransfer(GuardrailsConfig g) {
    ScpStatement direct = ScpStatement.deny("DenyDirectTransferToRegion", DIRECT_TRANSFER_TO_REGION, "*");
    // Both posts leave CloudWatch Logs open and suggest adding it to this policy to block it.
    if (g.denyLogDelivery()) direct = direct.withExtraAction("logs:PutLogEvents");
    return List.of(
        ScpStatement.deny("DenyCopyToRegion", COPY_TO_REGION, "*"),
        direct,
        // Regional buckets only: S3 on Outposts uses the s3-outposts service and its own ARNs.
        ScpStatement.deny("DenyPutObjectToRegionalBuckets", List.of("s3:PutObject"), "arn:" + g.partition() + ":s3:::*"));
  }

  /**
   * Instances and network interfaces only in the listed subnets. The condition sits on the subnet resource
   * (ec2:SubnetID), which the Service Authorization Reference lists for both RunInstances and
   * CreateNetworkInterface; the posts' ec2:Subnet on the network-interface resource is listed for
   * RunInstances only, so for CreateNetworkInterface the key would be absent and every call denied.
   */
  private static ScpStatement subnetOnly(String sid, String arn, List<String> subnetArns) {
    List<String> ids = subnetArns.stream().map(a -> a.substring(a.lastIndexOf('/') + 1)).toList();
    return ScpStatement.deny(sid, SUBNET_ACTIONS, arn + ":ec2:*:*:subnet/*")
        .withCondition("StringNotEquals", "ec2:SubnetID", ids);
  }

  /**
   * Instances and network interfaces only in subnets of the listed zones: ec2:AvailabilityZone on the
   * subnet resource of RunInstances and CreateNetworkInterface (Service Authorization Reference, Amazon EC2),
   * the zone name a subnet was created in (EC2 API Reference, CreateSubnet: a Local Zone subnet's
   * AvailabilityZone is the Local Zone's name). A subnet fleetkit creates later needs no change here.
   */
  private static ScpStatement zoneOnly(String sid, String arn, List<String> zones) {
    return ScpStatement.deny(sid, SUBNET_ACTIONS, arn + ":ec2:*:*:subnet/*")
        .withCondition("StringNotEquals", "ec2:AvailabilityZone", zones);
  }

  /**
   * Every exemption, in order: the configured break-glass principals, the CDK bootstrap roles of each
   * qualifier (bootstrap template: RoleName cdk-${Qualifier}-<role>-role-${AWS::AccountId}-${AWS::Region}) and
   * the roles of fleetkit's pipelines, which all sit under {@link Naming#PIPELINE_ROLE_PATH}.
   */
  public static List<String> exemptions(GuardrailsConfig g) {
    List<String> out = new ArrayList<>(g.exemptPrincipalArns());
    var d = g.deployRoles();
    if (d.enabled()) {
      for (String q : d.bootstrapQualifiers()) {
        for (String role : d.bootstrapRoles()) out.add(bootstrapRolePattern(g.partition(), q, role));
      }
      if (d.pipelineRoles()) out.add(pipelineRolePattern(g.partition()));
    }
    return out;
  }

  /** One bootstrap role in any account and Region, such as cdk-hnb659fds-cfn-exec-role-*. */
  public static String bootstrapRolePattern(String partition, String qualifier, String role) {
    return "arn:" + partition + ":iam::*:role/cdk-" + qualifier + "-" + role + "-role-*";
  }

  /** Every role of fleetkit's pipelines in any account. */
  public static String pipelineRolePattern(String partition) {
    return "arn:" + partition + ":iam::*:role" + Naming.PIPELINE_ROLE_PATH + "*";
  }

  static List<ScpStatement> exempt(GuardrailsConfig g, List<ScpStatement> statements) {
    List<String> exemptions = exemptions(g);
    if (exemptions.isEmpty()) return statements;
    return statements.stream()
        .map(s -> s.withCondition("ArnNotLike", "aws:PrincipalArn", exemptions))
        .toList();
  }
}
