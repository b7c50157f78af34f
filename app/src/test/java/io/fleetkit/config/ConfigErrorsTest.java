package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad config files and the exact lines users see for them. */
class ConfigErrorsTest {

  private static final String VALID = """
      project:
        prefix: fleetkit
        region: us-east-1
      guardrails:
        enabled: true
        outposts:
          targets:
            organizational_units: [ou-ab12-outposts1]
          subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]
      """;

  private static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("config.yaml", yaml)).lines();
  }

  @Test
  void theValidBaseLoads() {
    FleetkitConfig c = ConfigLoader.parse("config.yaml", VALID);
    assertEquals("fleetkit", c.project().prefix());
    assertEquals("aws", c.guardrails().partition());
    assertEquals("arn:aws:outposts:*:*:outpost/*", c.guardrails().outposts().outpostArnPattern());
    assertEquals(false, c.guardrails().localZones().enabled());
  }

  @Test
  void unknownKeyWithSuggestion() {
    assertEquals(List.of("config.yaml:2:3: project.prefx: unknown key \"prefx\" (did you mean \"prefix\"?)"),
        errors(VALID.replace("  prefix:", "  prefx:")));
  }

  @Test
  void unknownSectionListsTheKnownOnes() {
    assertEquals(List.of("config.yaml:10:1: nonsense: unknown key \"nonsense\" (expected one of: project, guardrails, dashboard, gpu_monitoring, image_pipelines, capacity_reservation, spot_fleet, local_zone, spot_placement_scores, queue_workers, root_volume_restore, credential_guard, instance_connect, outpost_routing)"),
        errors(VALID + "nonsense: 1\n"));
  }

  @Test
  void wrongType() {
    assertEquals(List.of("config.yaml:5:12: guardrails.enabled: wrong type: got text \"sometimes\" (expected true or false)"),
        errors(VALID.replace("enabled: true", "enabled: sometimes")));
  }

  @Test
  void wrongTypeForAList() {
    assertEquals(List.of("config.yaml:9:18: guardrails.outposts.subnet_arns: wrong type: got a mapping (expected a list of text values)"),
        errors(VALID.replace("subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]",
            "subnet_arns: {a: b}")));
  }

  @Test
  void missingRequiredSection() {
    assertEquals(List.of("config.yaml:1:1: project: missing required key \"project\" (expected a mapping with at least \"prefix\")"),
        errors("guardrails:\n  enabled: false\n"));
  }

  @Test
  void missingRequiredSubnets() {
    assertEquals(List.of("config.yaml:6:3: guardrails.outposts.subnet_arns: no subnet ARNs (expected at least one ARN of an Outpost subnet)"),
        errors(VALID.replace("    subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]\n", "")));
  }

  @Test
  void badOuId() {
    assertEquals(List.of("config.yaml:8:30: guardrails.outposts.targets.organizational_units[0]: \"ou-XY\" is not an organizational unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)"),
        errors(VALID.replace("[ou-ab12-outposts1]", "[ou-XY]")));
  }

  @Test
  void badAccountId() {
    assertEquals(List.of("config.yaml:2:12: project.account: \"12345\" is not an AWS account ID (expected 12 digits, quoted to keep leading zeros)"),
        errors(VALID.replace("  prefix: fleetkit", "  account: 12345")));
  }

  @Test
  void badSubnetArn() {
    assertEquals(List.of("config.yaml:9:19: guardrails.outposts.subnet_arns[0]: \"arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1\" is not a subnet ARN (expected arn:<partition>:ec2:<region>:<account>:subnet/subnet-<hex>)"),
        errors(VALID.replace("subnet/subnet-0a1b2c3d4e5f60001", "vpc/vpc-1")));
  }

  @Test
  void arnInTheWrongPartition() {
    assertEquals(List.of("config.yaml:9:19: guardrails.outposts.subnet_arns[0]: \"arn:aws-cn:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001\" is in partition \"aws-cn\" (expected partition \"aws\")"),
        errors(VALID.replace("arn:aws:ec2", "arn:aws-cn:ec2")));
  }

  @Test
  void unknownPartitionWithSuggestion() {
    assertEquals(List.of("config.yaml:6:14: guardrails.partition: \"aws-usgov\" is not allowed (did you mean \"aws-us-gov\"? expected one of: aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov)"),
        errors(VALID.replace("  enabled: true", "  enabled: true\n  partition: aws-usgov")));
  }

  @Test
  void duplicateKey() {
    assertEquals(List.of("config.yaml:3:3: project.prefix: duplicate key \"prefix\" (each key once; first defined at line 2)"),
        errors(VALID.replace("  region: us-east-1", "  prefix: other")));
  }

  @Test
  void aliasBomb() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
          .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *")
          .append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    assertEquals(List.of("config.yaml:1:1: (root): too many aliases (at most 50 alias expansions per file)"),
        errors(bomb.toString()));
  }

  @Test
  void aFewAliasesAreFine() {
    String yaml = VALID.replace("subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]",
        "subnet_arns: &subnets [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]") + """
          local_zones:
            targets: {accounts: ["444455556666"]}
            subnet_arns: *subnets
        """;
    var config = ConfigLoader.parse("config.yaml", yaml);
    assertEquals(config.guardrails().outposts().subnetArns(), config.guardrails().localZones().subnetArns());
  }

  @Test
  void fileTooLarge(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var file = dir.resolve("huge.yaml");
    java.nio.file.Files.writeString(file, VALID + "#" + "x".repeat(YamlSource.MAX_BYTES) + "\n");
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(List.of(file + ":1:1: (root): file is 1048813 bytes (at most 1048576 bytes)"), e.lines());
  }

  @Test
  void missingFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    var file = dir.resolve("nope.yaml");
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(List.of(file + ":1:1: (root): cannot read the file: " + file + " (expected a readable YAML file)"), e.lines());
  }

  @Test
  void emptyFile() {
    assertEquals(List.of("config.yaml:1:1: (root): the file is empty (expected a mapping with a \"project\" section)"),
        errors("# nothing here\n"));
  }

  @Test
  void topLevelNotAMapping() {
    assertEquals(List.of("config.yaml:1:1: (root): the top level is a list (expected a mapping of section names to settings)"),
        errors("- project\n- guardrails\n"));
  }

  @Test
  void invalidYamlSyntax() {
    assertEquals(List.of("config.yaml:3:1: (root): not valid YAML: while parsing a flow sequence (started at line 2, column 9): expected ',' or ']', but got <stream end>"),
        errors("project:\n  tags: [a, b\n"));
  }

  @Test
  void limitOutOfRange() {
    assertEquals(List.of("config.yaml:5:20: project.limits.scp_max_chars: 100 is out of range (expected 1000 to 10240)"),
        errors(VALID.replace("  region: us-east-1", "  region: us-east-1\n  limits:\n    scp_max_chars: 100")));
  }

  @Test
  void badPrefixAndRegion() {
    assertEquals(List.of(
            "config.yaml:2:11: project.prefix: \"Fleet_Kit\" is not a valid prefix (expected 1-40 lowercase letters, digits and inner hyphens, starting with a letter)",
            "config.yaml:3:11: project.region: \"mars-1\" is not an AWS Region (expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)"),
        errors(VALID.replace("prefix: fleetkit", "prefix: Fleet_Kit").replace("us-east-1\n", "mars-1\n")));
  }

  @Test
  void badExemptPrincipal() {
    assertEquals(List.of("config.yaml:6:27: guardrails.exempt_principal_arns[0]: \"arn:aws:s3:::bucket\" is not an IAM role or user ARN (expected arn:<partition>:iam::<account or *>:role/[<path>/]<name>, wildcards allowed)"),
        errors(VALID.replace("  enabled: true", "  enabled: true\n  exempt_principal_arns: [arn:aws:s3:::bucket]")));
  }

  @Test
  void noTargets() {
    assertEquals(List.of("config.yaml:6:3: guardrails.outposts.targets: no targets (expected at least one of organizational_units or accounts)"),
        errors(VALID.replace("    targets:\n      organizational_units: [ou-ab12-outposts1]\n", "")));
  }

  @Test
  void severalErrorsOfBothLayersAreReportedTogetherInFileOrder() {
    String yaml = VALID
        .replace("  prefix: fleetkit", "  prefix: fleetkit\n  acount: \"111122223333\"\n  limits: {scps_per_target: five}")
        .replace("[ou-ab12-outposts1]", "[ou-bad]");
    assertEquals(List.of(
            "config.yaml:3:3: project.acount: unknown key \"acount\" (did you mean \"account\"?)",
            "config.yaml:4:29: project.limits.scps_per_target: wrong type: got text \"five\" (expected a whole number)",
            "config.yaml:10:30: guardrails.outposts.targets.organizational_units[0]: \"ou-bad\" is not an organizational unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)"),
        errors(yaml));
  }

  @Test
  void tooManyPoliciesForOneTarget() {
    // Same OU for both variants: 1 attached + 3 + 2 = 6 > 5.
    String yaml = VALID + """
          local_zones:
            targets:
              organizational_units: [ou-ab12-outposts1]
            subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60002]
        """;
    var config = ConfigLoader.parse("config.yaml", yaml);
    var e = assertThrows(ConfigException.class, () -> io.fleetkit.stacks.guardrails.GuardrailsPlan.of(config));
    assertEquals(List.of("config.yaml:8:30: guardrails.outposts.targets.organizational_units[0]: target ou-ab12-outposts1 would have 6 SCPs attached: 1 already (guardrails.attached_policies_per_target, FullAWSAccess included) + 5 from fleetkit (expected at most 5, project.limits.scps_per_target)"),
        e.lines());
  }
}
