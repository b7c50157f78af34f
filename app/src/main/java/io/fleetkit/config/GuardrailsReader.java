package io.fleetkit.config;

import java.util.List;

/** Reads the {@code guardrails} section; {@link GuardrailsChecks} checks its meaning. */
final class GuardrailsReader {
  /** The qualifier of `cdk bootstrap` when none is given (bootstrap template, parameter Qualifier). */
  static final String DEFAULT_QUALIFIER = Checks.DEFAULT_BOOTSTRAP_QUALIFIER;
  static final String DEFAULT_INSTANCE_TYPES_SNAPSHOT = ".fleetkit/instance-types.json";

  static final Keys KEYS = new Keys("Data-residency service control policies from the AWS Outposts and Local Zones"
      + " landing-zone posts, and a Nitro-only policy; design notes: [guardrails.md](guardrails.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-guardrails`.");
  static final Key<String> PARTITION = KEYS.text("partition", "Partition of every generated and every configured ARN.")
      .computed("from `project.region`, else `aws`").oneOf(Checks.PARTITIONS);
  static final Key<List<String>> EXEMPT = KEYS.texts("exempt_principal_arns", List.of(), "Break-glass IAM role or user"
      + " ARNs that the denies skip (`ArnNotLike aws:PrincipalArn` on every statement); `*` may stand for the account.");
  static final Key<Boolean> ACCEPT_BROAD = KEYS.bool("accept_broad_exemptions", false, "Accepts an exemption that"
      + " matches every role or every principal (such as `arn:aws:iam::*:role/*`), which makes every deny a no-op.");
  static final Key<Boolean> DENY_LOGS = KEYS.bool("deny_log_delivery", false,
      "Also denies `logs:PutLogEvents` in the first policy, as both posts suggest for workloads that must not log to the Region.");
  static final Key<Integer> ATTACHED = KEYS.integer("attached_policies_per_target", 1,
      "SCPs already attached to each target, `FullAWSAccess` included; checked against `project.limits.scps_per_target`.")
      .range(1, 100);

  static final Block DEPLOY_ROLES = KEYS.map("deploy_roles", "The roles fleetkit deploys and runs its pipelines with,"
      + " exempted like `exempt_principal_arns` so that the guardrails do not lock fleetkit out.");
  static final Key<Boolean> DEPLOY_ROLES_ENABLED = DEPLOY_ROLES.keys.bool("enabled", true,
      "Exempts the roles below; `false` exempts none of them.");
  static final Key<List<String>> QUALIFIERS = DEPLOY_ROLES.keys.texts("bootstrap_qualifiers", List.of(DEFAULT_QUALIFIER),
      "CDK bootstrap qualifiers (`cdk bootstrap --qualifier`) whose roles are exempt; fleetkit's stacks use `hnb659fds`;"
      + " each " + Checks.BOOTSTRAP_QUALIFIER_RULE + ".");
  static final Key<List<String>> BOOTSTRAP_ROLES = DEPLOY_ROLES.keys.texts("bootstrap_roles",
      GuardrailsConfig.DeployRoles.BOOTSTRAP_ROLES, "Which bootstrap roles: `cdk-<qualifier>-<role>-role-<account>-<region>`.")
      .oneOf(GuardrailsConfig.DeployRoles.BOOTSTRAP_ROLES);
  static final Key<Boolean> PIPELINE_ROLES = DEPLOY_ROLES.keys.bool("pipeline_roles", true,
      "Exempts the roles of fleetkit's pipelines (dashboard refresh, Image Builder), all under the IAM path `/fleetkit/pipelines/`.");

  static final Block DEPLOY_CHECK = KEYS.map("deploy_check", "What synth needs to tell whether a fleetkit stack would be"
      + " denied its own deploy in a targeted account; synth never asks AWS Organizations.");
  static final Block PLACEMENTS = DEPLOY_CHECK.keys.list("accounts", "Accounts and the organizational units they sit in.");
  static final Key<String> PLACEMENT_ACCOUNT = PLACEMENTS.keys.text("account", "", "Account ID, 12 digits (quoted).")
      .required("", "the account ID, 12 digits");
  static final Key<List<String>> PLACEMENT_OUS = PLACEMENTS.keys.texts("organizational_units", List.of(),
      "Every OU between the root and the account; empty means the account sits directly under the root.");
  static final Key<List<String>> ACCEPT = DEPLOY_CHECK.keys.texts("accept", List.of(),
      "Deploy steps, by the id the check names, that may be denied on purpose.");

  static final Block OUTPOSTS = KEYS.map("outposts", "The three Outposts policies.");
  static final Key<Boolean> OUTPOSTS_ENABLED = OUTPOSTS.keys.bool("enabled", "Creates the three Outposts policies.")
      .computed("`true` when `outposts` is present");
  static final Block OUTPOSTS_TARGETS = OUTPOSTS.keys.map("targets", Targets.KEYS).required("when enabled");
  static final Key<String> OUTPOST_ARN_PATTERN = OUTPOSTS.keys.text("outpost_arn_pattern",
      "The Outposts that policy 2 treats as local; wildcards allowed.").computed("`arn:<partition>:outposts:*:*:outpost/*`");
  static final Key<List<String>> OUTPOSTS_SUBNETS = OUTPOSTS.keys.texts("subnet_arns", List.of(),
      "Outpost subnet ARNs; policy 3 denies instances and network interfaces in any other subnet.").required("when enabled");

  static final Block LOCAL_ZONES = KEYS.map("local_zones", "The two Local Zones policies.");
  static final Key<Boolean> LOCAL_ZONES_ENABLED = LOCAL_ZONES.keys.bool("enabled", "Creates the two Local Zones policies.")
      .computed("`true` when `local_zones` is present");
  static final Block LOCAL_ZONES_TARGETS = LOCAL_ZONES.keys.map("targets", Targets.KEYS).required("when enabled");
  static final Key<String> LOCAL_ZONES_MODE = LOCAL_ZONES.keys.text("mode", "`zones`: instances and network interfaces"
      + " only in subnets of `zones` (`ec2:AvailabilityZone`); `subnets`: only in `subnet_arns`, listed in advance.")
      .computed("`subnets` when `subnet_arns` is set, else `zones`")
      .oneOf(List.of(GuardrailsConfig.ZONES, GuardrailsConfig.SUBNETS));
  static final Key<List<String>> LOCAL_ZONES_ZONES = LOCAL_ZONES.keys.texts("zones", List.of(),
      "Local Zone names, such as `us-east-1-atl-1a`, with `mode: zones`.").required("when `mode` is `zones`");
  static final Key<List<String>> LOCAL_ZONES_SUBNETS = LOCAL_ZONES.keys.texts("subnet_arns", List.of(),
      "Local Zone subnet ARNs, with `mode: subnets`.").required("when `mode` is `subnets`");
  // EBS User Guide, "Local snapshots in Local Zones" (https://docs.aws.amazon.com/ebs/latest/userguide/snapshots-localzones.html):
  // ec2:Location is "local" for them, and "Local snapshots are currently supported in Local Zones that support Amazon S3"
  // (not only in Dedicated Local Zones).
  static final Key<Boolean> LOCAL_SNAPSHOTS = LOCAL_ZONES.keys.bool("allow_local_snapshots", false,
      "`false` denies every EBS snapshot; `true` denies only snapshots whose `ec2:Location` is not `local`. Local"
      + " snapshots exist only in Local Zones that support Amazon S3 (EBS User Guide, \"Local snapshots in Local Zones\";"
      + " the Local Zones features page lists them).");

  static final Block NITRO_ONLY = KEYS.map("nitro_only", "A policy that denies launching Xen-based instance types.");
  static final Key<Boolean> NITRO_ENABLED = NITRO_ONLY.keys.bool("enabled", "Creates `<prefix>-nitro-only`.")
      .computed("`true` when `nitro_only` is present");
  static final Block NITRO_TARGETS = NITRO_ONLY.keys.map("targets", Targets.KEYS).required("when enabled");
  static final Key<String> NITRO_SNAPSHOT = NITRO_ONLY.keys.text("snapshot", DEFAULT_INSTANCE_TYPES_SNAPSHOT,
      "Instance types snapshot written by `bin/fleetkit nitro-audit --snapshot`; its Xen types are denied.");

  private GuardrailsReader() {}

  static GuardrailsConfig read(YamlMap m, String defaultPartition) {
    boolean enabled = m.get(ENABLED);
    String partition = m.get(PARTITION, defaultPartition);
    List<String> exempt = m.get(EXEMPT);
    boolean acceptBroad = m.get(ACCEPT_BROAD);
    boolean denyLogs = m.get(DENY_LOGS);
    int attached = m.get(ATTACHED);

    YamlMap d = m.map(DEPLOY_ROLES);
    var deployRoles = new GuardrailsConfig.DeployRoles(d.get(DEPLOY_ROLES_ENABLED), d.get(QUALIFIERS),
        d.get(BOOTSTRAP_ROLES), d.get(PIPELINE_ROLES));
    d.finish();

    YamlMap c = m.map(DEPLOY_CHECK);
    var placements = c.list(PLACEMENTS, a -> new GuardrailsConfig.AccountPlacement(a.require(PLACEMENT_ACCOUNT, true),
        a.get(PLACEMENT_OUS)));
    var deployCheck = new GuardrailsConfig.DeployCheck(placements, c.get(ACCEPT));
    c.finish();

    YamlMap o = m.map(OUTPOSTS);
    var outposts = new GuardrailsConfig.Outposts(
        o.get(OUTPOSTS_ENABLED, o.present()),
        Targets.read(o.map(OUTPOSTS_TARGETS)),
        // The Outposts post's default pattern: every Outpost of the partition.
        o.get(OUTPOST_ARN_PATTERN, "arn:" + partition + ":outposts:*:*:outpost/*"),
        o.get(OUTPOSTS_SUBNETS));
    o.finish();

    YamlMap z = m.map(LOCAL_ZONES);
    boolean zonesEnabled = z.get(LOCAL_ZONES_ENABLED, z.present());
    Targets zoneTargets = Targets.read(z.map(LOCAL_ZONES_TARGETS));
    List<String> subnets = z.get(LOCAL_ZONES_SUBNETS);
    // Configs from before the zone mode list subnets and keep that meaning; new ones get zones. A subnet_arns of the
    // wrong type (already its own error) without zones keeps the subnets meaning too, so it is not also "no zones".
    boolean subnetMode = !subnets.isEmpty() || z.has(LOCAL_ZONES_SUBNETS) && !z.has(LOCAL_ZONES_ZONES);
    String mode = z.get(LOCAL_ZONES_MODE, subnetMode ? GuardrailsConfig.SUBNETS : GuardrailsConfig.ZONES);
    var localZones = new GuardrailsConfig.LocalZones(zonesEnabled, zoneTargets, mode, z.get(LOCAL_ZONES_ZONES), subnets,
        z.get(LOCAL_SNAPSHOTS));
    z.finish();

    YamlMap n = m.map(NITRO_ONLY);
    var nitro = new GuardrailsConfig.NitroOnly(n.get(NITRO_ENABLED, n.present()), Targets.read(n.map(NITRO_TARGETS)),
        n.get(NITRO_SNAPSHOT));
    n.finish();
    m.finish();
    return new GuardrailsConfig(enabled, partition, exempt, acceptBroad, deployRoles, deployCheck, denyLogs, attached,
        outposts, localZones, nitro);
  }
}
