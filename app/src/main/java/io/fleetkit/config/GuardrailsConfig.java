package io.fleetkit.config;

import java.util.List;

/**
 * Data-residency SCPs from the AWS Outposts and Local Zones landing-zone posts.
 *
 * @param partition aws, aws-us-gov or aws-cn; every generated ARN uses it
 * @param exemptPrincipalArns break-glass principals excluded through ArnNotLike aws:PrincipalArn
 * @param denyLogDelivery also deny logs:PutLogEvents (both posts leave it allowed by default)
 * @param attachedPoliciesPerTarget SCPs already on each target, FullAWSAccess included
 */
public record GuardrailsConfig(
    boolean enabled,
    String partition,
    List<String> exemptPrincipalArns,
    boolean denyLogDelivery,
    int attachedPoliciesPerTarget,
    Outposts outposts,
    LocalZones localZones) {

  public GuardrailsConfig {
    exemptPrincipalArns = List.copyOf(exemptPrincipalArns);
  }

  /** The three Outposts policies. */
  public record Outposts(boolean enabled, Targets targets, String outpostArnPattern, List<String> subnetArns) {
    public Outposts {
      subnetArns = List.copyOf(subnetArns);
    }
  }

  /**
   * The Local Zones policies.
   *
   * @param allowLocalSnapshots deny only snapshots that are not EBS local snapshots (ec2:Location)
   */
  public record LocalZones(boolean enabled, Targets targets, List<String> subnetArns, boolean allowLocalSnapshots) {
    public LocalZones {
      subnetArns = List.copyOf(subnetArns);
    }
  }
}
