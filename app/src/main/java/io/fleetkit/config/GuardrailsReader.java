package io.fleetkit.config;

import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks the {@code guardrails} section. */
final class GuardrailsReader {
  private static final Pattern SUBNET = Pattern.compile("subnet/subnet-[0-9a-f]{8,17}");
  private static final Pattern OUTPOST_PATTERN = Pattern.compile("outpost/[a-z0-9*?-]+");
  private static final Pattern PRINCIPAL = Pattern.compile("(role|user)/[\\w+=,.@/*?-]+");

  static final Keys KEYS = new Keys("Data-residency service control policies from the AWS Outposts and Local Zones"
      + " landing-zone posts; design notes: [guardrails.md](guardrails.md).");
  static final Key<Boolean> ENABLED = KEYS.bool("enabled", false, "Creates `<prefix>-guardrails`.");
  static final Key<String> PARTITION = KEYS.text("partition", "Partition of every generated and every configured ARN.")
      .computed("from `project.region`, else `aws`").oneOf(Checks.PARTITIONS);
  static final Key<List<String>> EXEMPT = KEYS.texts("exempt_principal_arns", List.of(), "Break-glass IAM role or user"
      + " ARNs that the denies skip (`ArnNotLike aws:PrincipalArn` on every statement); `*` may stand for the account.");
  static final Key<Boolean> DENY_LOGS = KEYS.bool("deny_log_delivery", false,
      "Also denies `logs:PutLogEvents` in the first policy, as both posts suggest for workloads that must not log to the Region.");
  static final Key<Integer> ATTACHED = KEYS.integer("attached_policies_per_target", 1,
      "SCPs already attached to each target, `FullAWSAccess` included; checked against `project.limits.scps_per_target`.")
      .range(1, 100);

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
  static final Key<List<String>> LOCAL_ZONES_SUBNETS = LOCAL_ZONES.keys.texts("subnet_arns", List.of(),
      "Local Zone subnet ARNs; instances and network interfaces are denied in any other subnet.").required("when enabled");
  // EBS User Guide, "Local snapshots in Local Zones" (https://docs.aws.amazon.com/ebs/latest/userguide/snapshots-localzones.html):
  // ec2:Location is "local" for them, and "Local snapshots are currently supported in Local Zones that support Amazon S3"
  // (not only in Dedicated Local Zones).
  static final Key<Boolean> LOCAL_SNAPSHOTS = LOCAL_ZONES.keys.bool("allow_local_snapshots", false,
      "`false` denies every EBS snapshot; `true` denies only snapshots whose `ec2:Location` is not `local`. Local"
      + " snapshots exist only in Local Zones that support Amazon S3 (EBS User Guide, \"Local snapshots in Local Zones\";"
      + " the Local Zones features page lists them).");

  private GuardrailsReader() {}

  static GuardrailsConfig read(YamlMap m, String defaultPartition) {
    boolean enabled = m.get(ENABLED);
    String partition = m.get(PARTITION, defaultPartition);
    List<String> exempt = m.get(EXEMPT);
    boolean denyLogs = m.get(DENY_LOGS);
    int attached = m.get(ATTACHED);

    YamlMap o = m.map(OUTPOSTS);
    var outposts = new GuardrailsConfig.Outposts(
        o.get(OUTPOSTS_ENABLED, o.present()),
        Targets.read(o.map(OUTPOSTS_TARGETS)),
        // The Outposts post's default pattern: every Outpost of the partition.
        o.get(OUTPOST_ARN_PATTERN, "arn:" + partition + ":outposts:*:*:outpost/*"),
        o.get(OUTPOSTS_SUBNETS));
    o.finish();

    YamlMap z = m.map(LOCAL_ZONES);
    var localZones = new GuardrailsConfig.LocalZones(
        z.get(LOCAL_ZONES_ENABLED, z.present()),
        Targets.read(z.map(LOCAL_ZONES_TARGETS)),
        z.get(LOCAL_ZONES_SUBNETS),
        z.get(LOCAL_SNAPSHOTS));
    z.finish();
    m.finish();
    return new GuardrailsConfig(enabled, partition, exempt, denyLogs, attached, outposts, localZones);
  }

  static void check(GuardrailsConfig g, Problems p) {
    if (!g.enabled()) return;
    String base = "guardrails";
    if (!PARTITION.checkChoice(p, base + ".partition", g.partition())) return;
    for (int i = 0; i < g.exemptPrincipalArns().size(); i++) {
      Checks.arn(p, base + ".exempt_principal_arns[" + i + "]", g.exemptPrincipalArns().get(i), g.partition(),
          "iam", PRINCIPAL, "an IAM role or user ARN (expected arn:<partition>:iam::<account or *>:role/<name>, wildcards allowed)");
    }
    ATTACHED.check(p, base, g.attachedPoliciesPerTarget());
    if (!g.outposts().enabled() && !g.localZones().enabled()) {
      p.error(base, "neither outposts nor local_zones is enabled (expected at least one, or enabled: false)");
    }
    if (g.outposts().enabled()) {
      String o = base + ".outposts";
      targets(p, o + ".targets", g.outposts().targets());
      subnets(p, o + ".subnet_arns", g.outposts().subnetArns(), g.partition(), "an Outpost subnet");
      Checks.arn(p, o + ".outpost_arn_pattern", g.outposts().outpostArnPattern(), g.partition(), "outposts",
          OUTPOST_PATTERN, "an Outpost ARN pattern (expected arn:<partition>:outposts:<region>:<account>:outpost/<id>, wildcards allowed)");
    }
    if (g.localZones().enabled()) {
      String z = base + ".local_zones";
      targets(p, z + ".targets", g.localZones().targets());
      subnets(p, z + ".subnet_arns", g.localZones().subnetArns(), g.partition(), "a Local Zone subnet");
    }
  }

  private static void targets(Problems p, String path, Targets t) {
    if (t.isEmpty()) {
      p.error(path, "no targets (expected at least one of organizational_units or accounts)");
    }
    for (int i = 0; i < t.organizationalUnits().size(); i++) {
      Checks.ouId(p, path + ".organizational_units[" + i + "]", t.organizationalUnits().get(i));
    }
    for (int i = 0; i < t.accounts().size(); i++) {
      Checks.accountId(p, path + ".accounts[" + i + "]", t.accounts().get(i));
    }
  }

  private static void subnets(Problems p, String path, List<String> arns, String partition, String what) {
    if (arns.isEmpty()) {
      p.error(path, "no subnet ARNs (expected at least one ARN of " + what + ")");
    }
    for (int i = 0; i < arns.size(); i++) {
      Checks.arn(p, path + "[" + i + "]", arns.get(i), partition, "ec2", SUBNET,
          "a subnet ARN (expected arn:<partition>:ec2:<region>:<account>:subnet/subnet-<hex>)");
    }
  }
}
