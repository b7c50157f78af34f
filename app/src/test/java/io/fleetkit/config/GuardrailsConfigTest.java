package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The guardrails keys of this round: exemptions (broad ones, paths, partitions), deploy roles, the deploy check,
 * the zone mode of the Local Zones policy and the Nitro-only policy. Each bad value is one pinned line.
 */
class GuardrailsConfigTest {
  private static final String BASE = """
      project:
        prefix: fleetkit
        region: us-east-1
      guardrails:
        enabled: true
        exempt_principal_arns: [EXEMPT]
        local_zones:
          targets:
            organizational_units: [ou-ab12-localzone]
          zones: [us-east-1-atl-1a]
      """;

  private static FleetkitConfig load(String yaml) {
    return ConfigLoader.parse("config.yaml", yaml);
  }

  private static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml)).lines();
  }

  private static String exempt(String arn) {
    return BASE.replace("EXEMPT", "\"" + arn + "\"");
  }

  @Test
  void defaultsExemptTheBootstrapRolesOfTheDefaultQualifierAndThePipelineRolesAndUseZoneMode() {
    GuardrailsConfig g = load(exempt("arn:aws:iam::*:role/BreakGlass")).guardrails();
    assertEquals(new GuardrailsConfig.DeployRoles(true, List.of("hnb659fds"),
        List.of("deploy", "file-publishing", "image-publishing", "lookup", "cfn-exec"), true), g.deployRoles());
    assertEquals(GuardrailsConfig.ZONES, g.localZones().mode());
    assertEquals(List.of("us-east-1-atl-1a"), g.localZones().zones());
    assertEquals(false, g.nitroOnly().enabled());
    assertEquals(new GuardrailsConfig.DeployCheck(List.of(), List.of()), g.deployCheck());
  }

  @Test
  void aConfigThatListsSubnetsKeepsTheSubnetMode() {
    GuardrailsConfig g = load(exempt("arn:aws:iam::*:role/BreakGlass").replace("zones: [us-east-1-atl-1a]",
        "subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60002]")).guardrails();
    assertEquals(GuardrailsConfig.SUBNETS, g.localZones().mode());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*|principal",
      "arn:*|principal",
      "arn:aws:iam::*:*|principal",
      "arn:aws:iam::*:role/*|role",
      "arn:aws:iam::111122223333:role/*|role",
      "arn:aws:iam::*:role/*/*|role",
      "arn:aws:iam::*:user/?*|user"})
  void anExemptionThatMatchesEveryRoleOrPrincipalIsAnError(String arn, String what) {
    assertEquals(List.of("config.yaml:6:27: guardrails.exempt_principal_arns[0]: \"" + arn + "\" matches every " + what
        + ", so every deny of the guardrails would skip them (expected ARNs that name the exempt roles, such as"
        + " arn:aws:iam::*:role/BreakGlass, or accept_broad_exemptions: true)"), errors(exempt(arn)));
  }

  @Test
  void aBroadExemptionIsAcceptedWhenConfigSaysSo() {
    var g = load(exempt("arn:aws:iam::*:role/*").replace("  enabled: true\n", "  enabled: true\n  accept_broad_exemptions: true\n"))
        .guardrails();
    assertEquals(List.of("arn:aws:iam::*:role/*"), g.exemptPrincipalArns());
  }

  @Test
  void anExemptionWithAPathAndWildcardsInsideItIsNotBroad() {
    assertEquals(List.of("arn:aws:iam::*:role/ops/break-glass/*"),
        load(exempt("arn:aws:iam::*:role/ops/break-glass/*")).guardrails().exemptPrincipalArns());
  }

  @Test
  void anExemptionInAnotherPartitionIsAnError() {
    assertEquals(List.of("config.yaml:6:27: guardrails.exempt_principal_arns[0]: \"arn:aws-cn:iam::*:role/BreakGlass\" is in"
        + " partition \"aws-cn\" (expected partition \"aws\")"), errors(exempt("arn:aws-cn:iam::*:role/BreakGlass")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "arn:aws:iam::*:role//BreakGlass|an empty segment (two slashes in a row, or a slash right after role/)",
      "arn:aws:iam::*:role/ops//BreakGlass|an empty segment (two slashes in a row, or a slash right after role/)",
      "arn:aws:iam::*:role/ops/|it ends with a slash, with no name after the path",
      "arn:aws:iam::*:role/my team/BreakGlass|the segment \"my team\" has a space or a non-ASCII character",
      "arn:aws:iam::*:role/ops/Break#Glass|the name \"Break#Glass\" has a character other than letters, digits and +=,.@_-",
      "arn:aws:iam::*:role/BreakGlassRoleWithANameThatIsLongerThanSixtyFourCharactersAltogether|the name is 68 characters (at most 64)"})
  void anExemptionWithAMalformedRolePathIsOneLine(String arn, String problem) {
    assertEquals(List.of("config.yaml:6:27: guardrails.exempt_principal_arns[0]: \"" + arn + "\" has a malformed role path: "
        + problem + " (expected arn:<partition>:iam::<account or *>:role/[<path>/]<name>, wildcards allowed; path segments of"
        + " printable characters between single slashes, a name of letters, digits and +=,.@_-)"), errors(exempt(arn)));
  }

  @Test
  void deployRolesAreChecked() {
    String yaml = exempt("arn:aws:iam::*:role/BreakGlass").replace("  local_zones:", String.join("\n",
        "  deploy_roles:",
        "    bootstrap_qualifiers: [hnb659fds, \"my qualifier!\"]",
        "    bootstrap_roles: [deploy, cfn-exe, deploy]",
        "  local_zones:"));
    assertEquals(List.of(
        "config.yaml:8:39: guardrails.deploy_roles.bootstrap_qualifiers[1]: \"my qualifier!\" is not a CDK bootstrap"
            + " qualifier (expected 1-10 lowercase letters and digits, hyphens only between them, such as hnb659fds)",
        "config.yaml:9:31: guardrails.deploy_roles.bootstrap_roles[1]: \"cfn-exe\" is not allowed (did you mean \"cfn-exec\"?"
            + " expected one of: deploy, file-publishing, image-publishing, lookup, cfn-exec)",
        "config.yaml:9:40: guardrails.deploy_roles.bootstrap_roles[2]: \"deploy\" is listed twice (expected each once)"),
        errors(yaml));
  }

  @Test
  void theDeployCheckPlacementsAreChecked() {
    String yaml = exempt("arn:aws:iam::*:role/BreakGlass").replace("  local_zones:", String.join("\n",
        "  deploy_check:",
        "    accounts:",
        "      - {account: \"4444\", organizational_units: [ou-XY]}",
        "      - {account: \"444455556666\"}",
        "      - {account: \"444455556666\"}",
        "      - {organizational_units: []}",
        "  local_zones:"));
    assertEquals(List.of(
        "config.yaml:9:19: guardrails.deploy_check.accounts[0].account: \"4444\" is not an AWS account ID (expected 12"
            + " digits, quoted to keep leading zeros)",
        "config.yaml:9:50: guardrails.deploy_check.accounts[0].organizational_units[0]: \"ou-XY\" is not an organizational"
            + " unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)",
        "config.yaml:11:19: guardrails.deploy_check.accounts[2].account: account 444455556666 is listed twice (expected"
            + " each account once)",
        "config.yaml:12:9: guardrails.deploy_check.accounts[3].account: missing required key \"account\" (expected the"
            + " account ID, 12 digits)"),
        errors(yaml));
  }

  @Test
  void zoneModeNeedsLocalZoneNamesAndNoSubnets() {
    String yaml = exempt("arn:aws:iam::*:role/BreakGlass").replace("zones: [us-east-1-atl-1a]", """
        mode: zones
            zones: [us-east-1a, us-east-1-atl-1a]
            subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60002]""");
    assertEquals(List.of(
        "config.yaml:11:13: guardrails.local_zones.zones[0]: \"us-east-1a\" is not a Local Zone name (expected a name"
            + " such as us-east-1-atl-1a)",
        "config.yaml:12:18: guardrails.local_zones.subnet_arns: subnet ARNs are not used with mode: zones (expected no"
            + " subnet_arns, or mode: subnets)"),
        errors(yaml));
  }

  @Test
  void zoneModeWithoutZonesAndAnUnknownMode() {
    assertEquals(List.of("config.yaml:7:3: guardrails.local_zones.zones: no zones (expected at least one Local Zone name,"
        + " such as us-east-1-atl-1a)"), errors(exempt("arn:aws:iam::*:role/BreakGlass").replace("    zones: [us-east-1-atl-1a]\n", "")));
    assertEquals(List.of("config.yaml:11:11: guardrails.local_zones.mode: \"zone\" is not allowed (did you mean \"zones\"?"
        + " expected one of: zones, subnets)"), errors(exempt("arn:aws:iam::*:role/BreakGlass").replace("zones: [us-east-1-atl-1a]",
        "zones: [us-east-1-atl-1a]\n    mode: zone")));
  }

  @Test
  void nitroOnlyNeedsTargets() {
    assertEquals(List.of("config.yaml:11:3: guardrails.nitro_only.targets: no targets (expected at least one of"
        + " organizational_units or accounts)"),
        errors(exempt("arn:aws:iam::*:role/BreakGlass") + "  nitro_only:\n    snapshot: samples/instance-types.json\n"));
  }
}
