package io.fleetkit.config;

import java.util.List;

/**
 * Data-residency SCPs from the AWS Outposts and Local Zones landing-zone posts, and the Nitro-only SCP.
 *
 * @param partition aws, aws-us-gov or aws-cn; every generated ARN uses it
 * @param exemptPrincipalArns break-glass principals excluded through ArnNotLike aws:PrincipalArn
 * @param acceptBroadExemptions accept an exemption that matches every role or every principal
 * @param deployRoles fleetkit's own deploy and pipeline roles, exempted like the break-glass roles
 * @param deployCheck what synth needs to tell whether fleetkit's own deploys would be denied
 * @param denyLogDelivery also deny logs:PutLogEvents (both posts leave it allowed by default)
 * @param attachedPoliciesPerTarget SCPs already on each target, FullAWSAccess included
 */
public record GuardrailsConfig(
    boolean enabled,
    String partition,
    List<String> exemptPrincipalArns,
    boolean acceptBroadExemptions,
    DeployRoles deployRoles,
    DeployCheck deployCheck,
    boolean denyLogDelivery,
    int attachedPoliciesPerTarget,
    Outposts outposts,
    LocalZones localZones,
    NitroOnly nitroOnly) {

  /** Subnet selection of the Local Zones policy by zone name (ec2:AvailabilityZone on the subnet). */
  public static final String ZONES = "zones";
  /** Subnet selection by pre-listed subnets (ec2:SubnetID on the subnet). */
  public static final String SUBNETS = "subnets";

  public GuardrailsConfig {
    exemptPrincipalArns = List.copyOf(exemptPrincipalArns);
  }

  /**
   * The roles fleetkit's deploys and pipelines run as, exempted through ArnNotLike aws:PrincipalArn.
   *
   * @param bootstrapQualifiers CDK bootstrap qualifiers whose roles are exempt
   * @param bootstrapRoles which bootstrap roles: deploy, file-publishing, image-publishing, lookup, cfn-exec
   * @param pipelineRoles the roles of fleetkit's pipelines (path {@code /fleetkit/pipelines/})
   */
  public record DeployRoles(boolean enabled, List<String> bootstrapQualifiers, List<String> bootstrapRoles,
      boolean pipelineRoles) {
    /** The roles of the current CDK bootstrap template (CLI 2.1148, bootstrap version 33), by name part. */
    public static final List<String> BOOTSTRAP_ROLES =
        List.of("deploy", "file-publishing", "image-publishing", "lookup", "cfn-exec");

    public DeployRoles {
      bootstrapQualifiers = List.copyOf(bootstrapQualifiers);
      bootstrapRoles = List.copyOf(bootstrapRoles);
    }
  }

  /**
   * What synth cannot ask AWS Organizations, so config says it.
   *
   * @param accounts the OUs each account sits in (root first); SCPs on any of them apply to it
   * @param accept ids of deploy steps that config accepts to be denied
   */
  public record DeployCheck(List<AccountPlacement> accounts, List<String> accept) {
    public DeployCheck {
      accounts = List.copyOf(accounts);
      accept = List.copyOf(accept);
    }
  }

  /** One account and the organizational units above it. */
  public record AccountPlacement(String account, List<String> organizationalUnits) {
    public AccountPlacement {
      organizationalUnits = List.copyOf(organizationalUnits);
    }
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
   * @param mode {@link #ZONES} (instances and interfaces only in subnets of these zones) or {@link #SUBNETS}
   * @param allowLocalSnapshots deny only snapshots that are not EBS local snapshots (ec2:Location)
   */
  public record LocalZones(boolean enabled, Targets targets, String mode, List<String> zones, List<String> subnetArns,
      boolean allowLocalSnapshots) {
    public LocalZones {
      zones = List.copyOf(zones);
      subnetArns = List.copyOf(subnetArns);
    }
  }

  /**
   * The Nitro-only policy: no instance of a Xen-based type.
   *
   * @param snapshot the instance types snapshot that {@code bin/fleetkit nitro-audit --snapshot} writes
   */
  public record NitroOnly(boolean enabled, Targets targets, String snapshot) {}
}
