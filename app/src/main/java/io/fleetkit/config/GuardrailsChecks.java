package io.fleetkit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the meaning of the {@code guardrails} section (layer 2). */
final class GuardrailsChecks {
  private static final String BASE = "guardrails";
  private static final Pattern SUBNET = Pattern.compile("subnet/" + Ec2IdKind.SUBNET.pattern());
  private static final Pattern OUTPOST_PATTERN = Pattern.compile("outpost/[a-z0-9*?-]+");
  private static final Pattern PRINCIPAL = Pattern.compile("(role|user)/.*");
  // IAM API reference, Role and User: names of [\w+=,.@-]{1,64}; paths of printable ASCII between slashes, up to 512.
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@*?-]+");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[\\x21-\\x2E\\x30-\\x7E]+");
  private static final int MAX_NAME = 64;
  private static final int MAX_PATH = 512;
  private static final String PRINCIPAL_SHAPE =
      "arn:<partition>:iam::<account or *>:role/[<path>/]<name>, wildcards allowed";

  private GuardrailsChecks() {}

  static void check(GuardrailsConfig g, Problems p) {
    if (!g.enabled()) return;
    if (!GuardrailsReader.PARTITION.checkChoice(p, BASE + ".partition", g.partition())) return;
    for (int i = 0; i < g.exemptPrincipalArns().size(); i++) {
      exemption(p, BASE + ".exempt_principal_arns[" + i + "]", g.exemptPrincipalArns().get(i), g.partition(),
          g.acceptBroadExemptions());
    }
    GuardrailsReader.ATTACHED.check(p, BASE, g.attachedPoliciesPerTarget());
    deployRoles(p, g.deployRoles());
    deployCheck(p, g.deployCheck());
    if (!g.outposts().enabled() && !g.localZones().enabled() && !g.nitroOnly().enabled()) {
      p.error(BASE, "none of outposts, local_zones and nitro_only is enabled (expected at least one, or enabled: false)");
    }
    if (g.outposts().enabled()) {
      String o = BASE + ".outposts";
      targets(p, o + ".targets", g.outposts().targets());
      subnets(p, o + ".subnet_arns", g.outposts().subnetArns(), g.partition(), "an Outpost subnet");
      Checks.arn(p, o + ".outpost_arn_pattern", g.outposts().outpostArnPattern(), g.partition(), "outposts",
          OUTPOST_PATTERN, "an Outpost ARN pattern (expected arn:<partition>:outposts:<region>:<account>:outpost/<id>, wildcards allowed)");
    }
    if (g.localZones().enabled()) localZones(p, g.localZones(), g.partition());
    if (g.nitroOnly().enabled()) {
      targets(p, BASE + ".nitro_only.targets", g.nitroOnly().targets());
      if (g.nitroOnly().snapshot().isBlank()) {
        p.error(BASE + ".nitro_only.snapshot", "no snapshot file (expected the file that bin/fleetkit nitro-audit --snapshot writes)");
      }
    }
  }

  /**
   * One exemption: an IAM role or user ARN pattern of the partition with a well-formed path, and not one that
   * matches every role or principal unless config accepts that.
   */
  static void exemption(Problems p, String path, String arn, String partition, boolean acceptBroad) {
    String broad = broad(arn);
    if (broad != null) {
      if (!acceptBroad) {
        p.error(path, "\"" + arn + "\" matches every " + broad + ", so every deny of the guardrails would skip them"
            + " (expected ARNs that name the exempt roles, such as arn:" + partition
            + ":iam::*:role/BreakGlass, or accept_broad_exemptions: true)");
      }
      return;
    }
    if (!Checks.arn(p, path, arn, partition, "iam", PRINCIPAL, "an IAM role or user ARN (expected " + PRINCIPAL_SHAPE + ")")) return;
    String resource = arn.split(":", 6)[5];
    String kind = resource.substring(0, resource.indexOf('/'));
    String problem = pathProblem(resource.substring(kind.length() + 1));
    if (problem != null) {
      p.error(path, "\"" + arn + "\" has a malformed " + kind + " path: " + problem + " (expected " + PRINCIPAL_SHAPE
          + "; path segments of printable characters between single slashes, a name of letters, digits and +=,.@_-)");
    }
  }

  /** "principal", "role" or "user" when the pattern matches every one of them; null otherwise. */
  static String broad(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn")) {
      // Not an ARN: broad if it matches any principal at all, such as "*" or "arn:*".
      return IamGlob.matchesText(arn, "arn:aws:iam::111122223333:role/fleetkit-probe") ? "principal" : null;
    }
    String literal = parts[5].replaceAll("[*?/]", "");
    if (literal.isEmpty()) return "principal";
    if (literal.equals("role") || literal.equals("user")) return literal;
    return null;
  }

  /** What is wrong with {@code [<path>/]<name>} after role/ or user/; null when nothing is. */
  static String pathProblem(String pathAndName) {
    if (pathAndName.length() > MAX_PATH + MAX_NAME) return "it is " + pathAndName.length() + " characters long";
    String[] segments = pathAndName.split("/", -1);
    String name = segments[segments.length - 1];
    if (name.isEmpty()) return "it ends with a slash, with no name after the path";
    for (int i = 0; i < segments.length - 1; i++) {
      if (segments[i].isEmpty()) return "an empty segment (two slashes in a row, or a slash right after role/)";
      if (!PATH_SEGMENT.matcher(segments[i]).matches()) return "the segment \"" + segments[i] + "\" has a space or a non-ASCII character";
    }
    if (!NAME.matcher(name).matches()) return "the name \"" + name + "\" has a character other than letters, digits and +=,.@_-";
    if (!name.contains("*") && !name.contains("?") && name.length() > MAX_NAME) {
      return "the name is " + name.length() + " characters (at most " + MAX_NAME + ")";
    }
    return null;
  }

  private static void deployRoles(Problems p, GuardrailsConfig.DeployRoles d) {
    String base = BASE + ".deploy_roles";
    for (int i = 0; i < d.bootstrapQualifiers().size(); i++) {
      Checks.bootstrapQualifier(p, base + ".bootstrap_qualifiers[" + i + "]", d.bootstrapQualifiers().get(i));
    }
    for (int i = 0; i < d.bootstrapRoles().size(); i++) {
      GuardrailsReader.BOOTSTRAP_ROLES.checkChoice(p, base + ".bootstrap_roles[" + i + "]", d.bootstrapRoles().get(i));
    }
    duplicates(p, base + ".bootstrap_qualifiers", d.bootstrapQualifiers());
    duplicates(p, base + ".bootstrap_roles", d.bootstrapRoles());
  }

  private static void deployCheck(Problems p, GuardrailsConfig.DeployCheck c) {
    String base = BASE + ".deploy_check";
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < c.accounts().size(); i++) {
      var a = c.accounts().get(i);
      String at = base + ".accounts[" + i + "]";
      if (Checks.accountId(p, at + ".account", a.account()) && !seen.add(a.account())) {
        p.error(at + ".account", "account " + a.account() + " is listed twice (expected each account once)");
      }
      for (int j = 0; j < a.organizationalUnits().size(); j++) {
        Checks.ouId(p, at + ".organizational_units[" + j + "]", a.organizationalUnits().get(j));
      }
    }
    duplicates(p, base + ".accept", c.accept());
  }

  private static void localZones(Problems p, GuardrailsConfig.LocalZones z, String partition) {
    String base = BASE + ".local_zones";
    targets(p, base + ".targets", z.targets());
    if (!GuardrailsReader.LOCAL_ZONES_MODE.checkChoice(p, base + ".mode", z.mode())) return;
    if (z.mode().equals(GuardrailsConfig.ZONES)) {
      if (!z.subnetArns().isEmpty()) {
        p.error(base + ".subnet_arns", "subnet ARNs are not used with mode: zones (expected no subnet_arns, or mode: subnets)");
      }
      if (z.zones().isEmpty()) p.error(base + ".zones", "no zones (expected at least one Local Zone name, such as us-east-1-atl-1a)");
      for (int i = 0; i < z.zones().size(); i++) {
        String zone = z.zones().get(i);
        if (!LocalZoneReader.LOCAL_ZONE.matcher(zone).matches()) {
          p.error(base + ".zones[" + i + "]", "\"" + zone + "\" is not a Local Zone name (expected a name such as us-east-1-atl-1a)");
        }
      }
      duplicates(p, base + ".zones", z.zones());
    } else {
      if (!z.zones().isEmpty()) p.error(base + ".zones", "zones are not used with mode: subnets (expected no zones, or mode: zones)");
      subnets(p, base + ".subnet_arns", z.subnetArns(), partition, "a Local Zone subnet");
    }
  }

  private static void duplicates(Problems p, String path, List<String> values) {
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (!seen.add(values.get(i))) p.error(path + "[" + i + "]", "\"" + values.get(i) + "\" is listed twice (expected each once)");
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
