package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.inventory.InstanceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan's cross-check of fleetkit's own deploy path against the guardrails, and the Nitro-only policy from
 * the instance types snapshot. Plain Java: no stack is built.
 */
class GuardrailsPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Local Zones guardrail on the account fleetkit deploys into, with the GPU and Local Zone stacks on. */
  private static final String GUARDED = """
      project:
        prefix: fleetkit
        account: "444455556666"
        region: us-east-1
      guardrails:
        enabled: true
        deploy_roles:
          enabled: false
        local_zones:
          targets:
            accounts: ["444455556666"]
          zones: [us-east-1-atl-1a]
      gpu_monitoring:
        enabled: true
      local_zone:
        enabled: true
        zone: us-east-1-bos-1a
        zone_features: {alb: true, nat_gateway: false}
        nat_instance_type: t3.medium
        web: {instance_type: t3.medium}
        database: {instance_type: t3.medium}
      """;

  private static FleetkitConfig load(String yaml) {
    return ConfigLoader.parse("config.yaml", yaml);
  }

  private static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> GuardrailsPlan.of(load(yaml))).lines();
  }

  private static final String ASSETS = "config.yaml:7:3: guardrails.deploy_roles: fleetkit-gpu-monitoring, fleetkit-local-zone:"
      + " the CDK file-publishing role uploads the templates and file assets to the bootstrap bucket (s3:PutObject) would be"
      + " denied by DenyPutObjectToRegionalBuckets of fleetkit-localzones-residency-1 (%s) (expected \"file-publishing\" in"
      + " guardrails.deploy_roles.bootstrap_roles with \"hnb659fds\" in bootstrap_qualifiers, or \"assets\" in"
      + " guardrails.deploy_check.accept)";
  private static final String INSTANCES = "config.yaml:7:3: guardrails.deploy_roles: fleetkit-local-zone: the CloudFormation"
      + " execution role launches the NAT and database instances in subnets of us-east-1-bos-1a that the stack creates"
      + " (ec2:RunInstances) would be denied by DenyNotLocalZonesSubnet of fleetkit-localzones-residency-2 (%s) (expected"
      + " \"cfn-exec\" in guardrails.deploy_roles.bootstrap_roles, or guardrails.local_zones.mode: zones with us-east-1-bos-1a"
      + " in guardrails.local_zones.zones, or \"local-zone/instances\" in guardrails.deploy_check.accept)";

  @Test
  void aStackThatWouldBeDeniedItsOwnDeployFailsAtTheGuardrailsKeyWithWhatToAdd() {
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach), INSTANCES.formatted(reach)), errors(GUARDED));
  }

  @Test
  void theAlarmTopicStackUploadsItsTemplateThroughTheBootstrapRoleUnlessTheTopicExists() {
    String dashboard = "dashboard:\n  enabled: true\n  tag_name: Dashboard\n  tag_values: [edge]\n  alarms: {enabled: true%s}\n"
        + "gpu_monitoring:";
    String yaml = GUARDED.replace("gpu_monitoring:", dashboard.formatted(""));
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach).replace("fleetkit-gpu-monitoring, ",
        "fleetkit-gpu-monitoring, fleetkit-alarm-topic, "), INSTANCES.formatted(reach)), errors(yaml));
    String existing = ", topic_arn: \"arn:aws:sns:us-east-1:444455556666:ops\"";
    assertEquals(List.of(ASSETS.formatted(reach), INSTANCES.formatted(reach)),
        errors(GUARDED.replace("gpu_monitoring:", dashboard.formatted(existing))));
  }

  @Test
  void theSpotScoresAndQueueWorkersStacksUploadTheirTemplatesAndCodeThroughTheBootstrapRole() {
    String yaml = GUARDED.replace("gpu_monitoring:", """
        spot_placement_scores:
          enabled: true
          configurations:
            - name: web
              instance_types: [{type: m6i.large}, {type: m6a.large}, {type: m7i.large}]
        queue_workers:
          enabled: true
          availability_zones: [us-east-1a, us-east-1b]
          instances:
            instance_types: [{type: m7g.medium}, {type: c7g.medium}]
        gpu_monitoring:""");
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach).replace("fleetkit-local-zone:",
        "fleetkit-spot-scores, fleetkit-queue-workers, fleetkit-local-zone:"), INSTANCES.formatted(reach)), errors(yaml));
  }

  @Test
  void theInstanceConnectAndOutpostLgwStacksUploadTheirTemplatesThroughTheBootstrapRole() {
    String yaml = GUARDED.replace("gpu_monitoring:", """
        instance_connect:
          enabled: true
          endpoints:
            - name: ops
              vpc: vpc-0a1b2c3d4e5f60001
              subnet: subnet-0a1b2c3d4e5f60011
              preserve_client_ip: false
              target_security_groups: [sg-0a1b2c3d4e5f60001]
              access:
                - name: ops
                  principals: [Ops]
                  private_cidrs: [10.0.0.0/16]
        outpost_routing:
          enabled: true
          local_gateway_id: lgw-0a1b2c3d4e5f60001
          mode: coip
          vpcs: [vpc-0a1b2c3d4e5f60001]
          vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001]
        gpu_monitoring:""");
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach).replace("fleetkit-local-zone:",
        "fleetkit-local-zone, fleetkit-instance-connect, fleetkit-outpost-lgw:"), INSTANCES.formatted(reach)), errors(yaml));
  }

  @Test
  void theCredentialGuardStackUploadsItsTemplateThroughTheBootstrapRoleAndLaunchesNothing() {
    String yaml = GUARDED.replace("gpu_monitoring:", """
        credential_guard:
          enabled: true
        gpu_monitoring:""");
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach).replace("fleetkit-local-zone:",
        "fleetkit-local-zone, fleetkit-credential-guard:"), INSTANCES.formatted(reach)), errors(yaml));
  }

  @Test
  void theDefaultDeployRolesLetFleetkitDeploy() {
    GuardrailsPlan plan = GuardrailsPlan.of(load(GUARDED.replace("    enabled: false\n", "    enabled: true\n")));
    assertEquals(2, plan.policies().size());
  }

  @Test
  void listingTheStacksZoneIsEnoughForItsInstancesButNotForTheAssetUpload() {
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach)),
        errors(GUARDED.replace("zones: [us-east-1-atl-1a]", "zones: [us-east-1-atl-1a, us-east-1-bos-1a]")));
  }

  @Test
  void anAccountInAnOuOfThePolicyIsReachedThroughItsPlacement() {
    String yaml = GUARDED.replace("      accounts: [\"444455556666\"]", "      organizational_units: [ou-ab12-localzone]")
        .replace("  local_zones:", "  deploy_check:\n    accounts:\n      - {account: \"444455556666\", organizational_units:"
            + " [ou-ab12-root0001, ou-ab12-localzone]}\n  local_zones:");
    String reach = "account 444455556666 in ou-ab12-localzone (guardrails.deploy_check.accounts[0]), a target of"
        + " guardrails.local_zones.targets.organizational_units[0]";
    assertEquals(List.of(ASSETS.formatted(reach), INSTANCES.formatted(reach)), errors(yaml));
  }

  @Test
  void anAccountPlacedOutsideThePolicysOusIsNotChecked() {
    String yaml = GUARDED.replace("      accounts: [\"444455556666\"]", "      organizational_units: [ou-ab12-localzone]")
        .replace("  local_zones:", "  deploy_check:\n    accounts:\n      - {account: \"444455556666\", organizational_units:"
            + " [ou-ab12-workloads]}\n  local_zones:");
    assertEquals(2, GuardrailsPlan.of(load(yaml)).policies().size());
  }

  @Test
  void anAccountThatConfigDoesNotPlaceIsReportedAsMaybeReached() {
    String yaml = GUARDED.replace("      accounts: [\"444455556666\"]", "      organizational_units: [ou-ab12-localzone]");
    String reach = "account 444455556666 if it sits in ou-ab12-localzone of guardrails.local_zones.targets; synth cannot"
        + " tell until guardrails.deploy_check.accounts lists its OUs";
    assertEquals(List.of(ASSETS.formatted(reach), INSTANCES.formatted(reach)), errors(yaml));
  }

  @Test
  void withoutProjectAccountSynthSaysItCannotTell() {
    String yaml = GUARDED.replace("  account: \"444455556666\"\n", "");
    String reach = "in the deploy account if guardrails.local_zones.targets reaches it; project.account does not name the"
        + " account, so synth cannot tell";
    assertEquals(List.of(ASSETS.formatted(reach).replace("config.yaml:7:3", "config.yaml:6:3"),
        INSTANCES.formatted(reach).replace("config.yaml:7:3", "config.yaml:6:3")), errors(yaml));
  }

  /** The root restore stack uploads its template and the janitor's code through the file-publishing role too. */
  @Test
  void theRootRestoreStackUploadsThroughTheFilePublishingRole() {
    String reach = "account 444455556666, a target of guardrails.local_zones.targets.accounts[0]";
    assertEquals(List.of(ASSETS.formatted(reach).replace("fleetkit-local-zone:", "fleetkit-local-zone, fleetkit-root-restore:"),
        INSTANCES.formatted(reach)), errors(GUARDED + "root_volume_restore: {enabled: true}\n"));
  }

  @Test
  void acceptedStepsAreNotReportedAndUnknownOnesAre() {
    String yaml = GUARDED.replace("  local_zones:", "  deploy_check:\n    accept: [assets, local-zone/instances, lz]\n  local_zones:");
    assertEquals(List.of("config.yaml:10:44: guardrails.deploy_check.accept[2]: \"lz\" is not a deploy step (expected one of:"
        + " assets, local-zone/instances, image-pipelines/build-logs, image-pipelines/logs, dashboard-refresh/templates,"
        + " dashboard-refresh/artifacts, dashboard-refresh/logs)"), errors(yaml));
  }

  @Test
  void withoutPipelineRolesThePipelinesWouldBeDeniedTheirWrites() {
    String yaml = """
        project: {prefix: fleetkit, account: "444455556666", region: us-east-1}
        guardrails:
          enabled: true
          deny_log_delivery: true
          deploy_roles: {pipeline_roles: false}
          nitro_only:
            targets: {accounts: ["444455556666"]}
            snapshot: samples/instance-types.json
          local_zones:
            targets: {accounts: ["444455556666"]}
            zones: [us-east-1-atl-1a]
        image_pipelines:
          enabled: true
          gold:
            components:
              - managed: update-linux
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          pipeline: {enabled: true}
        """;
    List<String> ids = new ArrayList<>();
    for (String line : errors(yaml)) {
      assertTrue(line.startsWith("config.yaml:5:17: guardrails.deploy_roles: "), line);
      assertTrue(line.contains("(expected guardrails.deploy_roles.pipeline_roles: true, or \""), line);
      ids.add(line.substring(line.lastIndexOf(", or \"") + 6, line.lastIndexOf("\" in guardrails.deploy_check.accept")));
    }
    assertEquals(List.of("image-pipelines/build-logs", "image-pipelines/logs", "dashboard-refresh/templates",
        "dashboard-refresh/artifacts", "dashboard-refresh/logs"), ids);
  }

  /** config.yaml and every example: the guardrails they ship let fleetkit deploy what they enable. */
  static Stream<Path> shippedConfigs() throws IOException {
    List<Path> out = new ArrayList<>(List.of(Path.of("config.yaml")));
    try (Stream<Path> examples = Files.list(Path.of("examples"))) {
      examples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
    }
    return out.stream().filter(p -> ConfigLoader.load(p).guardrails().enabled());
  }

  @ParameterizedTest
  @MethodSource("shippedConfigs")
  void theShippedGuardrailsPassTheirOwnCrossCheck(Path file) {
    assertTrue(GuardrailsPlan.of(ConfigLoader.load(file)).policies().size() > 0);
  }

  private static final String NITRO = """
      project: {prefix: fleetkit, region: us-east-1, limits: {scp_max_chars: MAX}}
      guardrails:
        enabled: true
        exempt_principal_arns: [arn:aws:iam::*:role/BreakGlass]
        deploy_roles: {enabled: false}
        nitro_only:
          targets: {organizational_units: [ou-ab12-workloads]}
          snapshot: SNAPSHOT
      """;

  @Test
  void nitroOnlyDeniesTheSnapshotsXenTypesByFamilyWhereTheWholeFamilyIsXen() throws Exception {
    var plan = GuardrailsPlan.of(load(NITRO.replace("MAX", "5120").replace("SNAPSHOT", "samples/instance-types.json")));
    assertEquals(1, plan.policies().size());
    assertEquals("fleetkit-nitro-only", plan.policies().get(0).name());
    assertEquals(List.of("ou-ab12-workloads"), plan.policies().get(0).targetIds());
    assertEquals(JSON.readTree("""
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyXenInstanceTypes","Effect":"Deny","Action":["ec2:RunInstances"],
         "Resource":"arn:aws:ec2:*:*:instance/*","Condition":{
          "StringLike":{"ec2:InstanceType":["c1.*","c3.*","c4.*","d2.*","f1.*","g2.*","g3.*","g3s.*","h1.*","i2.*",
           "i3.16xlarge","i3.2xlarge","i3.4xlarge","i3.8xlarge","i3.large","i3.xlarge","m1.*","m2.*","m3.*","m4.*","p2.*",
           "p3.*","r3.*","r4.*","t1.*","t2.*","x1.*","x1e.*"]},
          "ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/BreakGlass"]}}}]}"""), JSON.readTree(plan.policies().get(0).content()));
  }

  @Test
  void aLargeXenListSplitsByValueAndKeepsEveryType(@TempDir Path dir) throws Exception {
    // 120 Xen types of families that also hold a Nitro type, so none folds into family.*.
    java.util.Map<String, InstanceTypes.TypeInfo> types = new java.util.TreeMap<>();
    for (int i = 0; i < 120; i++) {
      types.put("x" + i + ".large", new InstanceTypes.TypeInfo(InstanceTypes.XEN, false));
      types.put("x" + i + ".metal", new InstanceTypes.TypeInfo(InstanceTypes.NONE, false));
    }
    Path snapshot = dir.resolve("types.json");
    new InstanceTypes("aws", java.util.Map.of("us-east-1", new InstanceTypes.RegionTypes("2026-11-24T09:30:00Z", types)))
        .write(snapshot);
    var plan = GuardrailsPlan.of(load(NITRO.replace("MAX", "1000").replace("SNAPSHOT", snapshot.toString())));
    assertEquals(3, plan.policies().size());
    assertEquals(List.of("fleetkit-nitro-only-part1", "fleetkit-nitro-only-part2", "fleetkit-nitro-only-part3"),
        plan.policies().stream().map(GuardrailsPlan.Policy::name).toList());
    List<String> values = new ArrayList<>();
    List<String> sids = new ArrayList<>();
    for (var p : plan.policies()) {
      assertTrue(p.content().length() <= 1000, p.name() + " is " + p.content().length());
      for (JsonNode s : JSON.readTree(p.content()).get("Statement")) {
        sids.add(s.get("Sid").asText());
        assertEquals(JSON.readTree("[\"arn:aws:iam::*:role/BreakGlass\"]"), s.at("/Condition/ArnNotLike/aws:PrincipalArn"));
        s.at("/Condition/StringLike/ec2:InstanceType").forEach(v -> values.add(v.asText()));
      }
    }
    assertEquals(NitroOnlyPolicy.patterns(InstanceTypes.read(snapshot)), values, "every Xen type exactly once, in order");
    assertEquals(120, values.size());
    assertEquals("DenyXenInstanceTypes1", sids.get(0));
  }

  @Test
  void nitroOnlyWithoutASnapshotSaysWhichCommandWritesIt() {
    assertEquals(List.of("config.yaml:8:15: guardrails.nitro_only.snapshot: .fleetkit/missing-types.json: no such snapshot"
        + " (expected the file that bin/fleetkit nitro-audit --region <region> --snapshot .fleetkit/missing-types.json writes)"),
        errors(NITRO.replace("MAX", "5120").replace("SNAPSHOT", ".fleetkit/missing-types.json")));
  }

  @Test
  void nitroOnlyRefusesASnapshotOfAnotherPartition() {
    String yaml = NITRO.replace("MAX", "5120").replace("SNAPSHOT", "samples/instance-types.json").replace("region: us-east-1",
        "region: us-gov-west-1");
    assertEquals(List.of("config.yaml:8:15: guardrails.nitro_only.snapshot: samples/instance-types.json was recorded in"
        + " partition aws (expected a snapshot of partition aws-us-gov: bin/fleetkit nitro-audit --region <region> --snapshot"
        + " samples/instance-types.json)"), errors(yaml.replace("role/BreakGlass", "role/BreakGlass").replace("arn:aws:iam",
        "arn:aws-us-gov:iam")));
  }
}
