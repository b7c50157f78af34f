package io.fleetkit.config;

import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks the {@code guardrails} section. */
final class GuardrailsReader {
  private static final Pattern SUBNET = Pattern.compile("subnet/subnet-[0-9a-f]{8,17}");
  private static final Pattern OUTPOST_PATTERN = Pattern.compile("outpost/[a-z0-9*?-]+");
  private static final Pattern PRINCIPAL = Pattern.compile("(role|user)/[\\w+=,.@/*?-]+");

  private GuardrailsReader() {}

  static GuardrailsConfig read(YamlMap m, String defaultPartition) {
    boolean enabled = m.bool("enabled", false);
    String partition = m.string("partition", defaultPartition);
    List<String> exempt = m.strings("exempt_principal_arns", List.of());
    boolean denyLogs = m.bool("deny_log_delivery", false);
    int attached = m.integer("attached_policies_per_target", 1);

    YamlMap o = m.map("outposts");
    var outposts = new GuardrailsConfig.Outposts(
        o.bool("enabled", o.present()),
        Targets.read(o.map("targets")),
        // The Outposts post's default pattern: every Outpost of the partition.
        o.string("outpost_arn_pattern", "arn:" + partition + ":outposts:*:*:outpost/*"),
        o.strings("subnet_arns", List.of()));
    o.finish();

    YamlMap z = m.map("local_zones");
    var localZones = new GuardrailsConfig.LocalZones(
        z.bool("enabled", z.present()),
        Targets.read(z.map("targets")),
        z.strings("subnet_arns", List.of()),
        z.bool("allow_local_snapshots", false));
    z.finish();
    m.finish();
    return new GuardrailsConfig(enabled, partition, exempt, denyLogs, attached, outposts, localZones);
  }

  static void check(GuardrailsConfig g, Problems p) {
    if (!g.enabled()) return;
    String base = "guardrails";
    if (!Checks.oneOf(p, base + ".partition", g.partition(), Checks.PARTITIONS)) return;
    for (int i = 0; i < g.exemptPrincipalArns().size(); i++) {
      Checks.arn(p, base + ".exempt_principal_arns[" + i + "]", g.exemptPrincipalArns().get(i), g.partition(),
          "iam", PRINCIPAL, "an IAM role or user ARN (expected arn:<partition>:iam::<account or *>:role/<name>, wildcards allowed)");
    }
    Checks.range(p, base + ".attached_policies_per_target", g.attachedPoliciesPerTarget(), 1, 100);
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
