package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePipelinesConfigTest {
  static final String HEAD = """
      project: {prefix: fleetkit}
      image_pipelines:
        enabled: true
      """;
  static final String GOLD = """
        gold:
          name: gold
          components:
            - managed: update-linux
      """;

  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", yaml)).lines();
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\n").imagePipelines().enabled());
  }

  @Test
  void minimalGoldPipelineGetsDefaults() {
    var c = ConfigLoader.parse("test.yaml", HEAD + GOLD).imagePipelines();
    assertEquals("cron(0 4 ? * MON *)", c.schedule());
    assertEquals(ImagePipelinesConfig.DEFAULT_BASE_IMAGE, c.gold().baseImageParameter().orElseThrow());
    assertEquals("gold-{{ imagebuilder:buildDate }}", c.gold().amiName());
    assertEquals("x.x.x", c.gold().components().get(0).version());
  }

  @Test
  void defaultConfigFileEnablesBothSections() {
    var c = ConfigLoader.load(java.nio.file.Path.of("config.yaml"));
    assertEquals("gold-al2023", c.imagePipelines().gold().name());
    assertEquals(List.of("gold-al2023"), c.imagePipelines().workloads().stream().map(w -> w.parent().orElseThrow()).toList());
    assertEquals(List.of("update-linux", "harden-sshd", "gold-smoke-test"),
        c.imagePipelines().gold().components().stream().map(ImagePipelinesConfig.Component::name).toList());
    assertEquals(GpuMonitoringConfig.ALL_MEASUREMENTS, c.gpuMonitoring().measurements());
  }

  @Test
  void fiveFieldCron() {
    assertEquals(List.of("test.yaml:4:13: image_pipelines.schedule: \"cron(0 4 * * MON)\" has 5 fields (expected 6:"
        + " minutes hours day-of-month month day-of-week year, such as cron(0 4 ? * MON *))"),
        errors(HEAD + "  schedule: cron(0 4 * * MON)\n" + GOLD));
  }

  @Test
  void cronWithABadFieldOrBothDays() {
    assertEquals(List.of("test.yaml:4:13: image_pipelines.schedule: \"cron(0 25 ? * MON *)\": the hours field \"25\""
        + " is not valid (expected 0-23, *, ranges a-b, lists a,b or steps a/n)"),
        errors(HEAD + "  schedule: cron(0 25 ? * MON *)\n" + GOLD));
    assertEquals(List.of("test.yaml:4:13: image_pipelines.schedule: \"cron(0 4 1 * MON *)\": day-of-month \"1\" and"
        + " day-of-week \"MON\" (expected exactly one of them to be ?, such as cron(0 4 ? * MON *))"),
        errors(HEAD + "  schedule: cron(0 4 1 * MON *)\n" + GOLD));
  }

  @Test
  void invalidSemanticVersion() {
    assertEquals(List.of("test.yaml:7:18: image_pipelines.gold.components[0].version: \"1.x.8\" is not a semantic"
        + " version (expected <major>.<minor>.<patch> with numbers, where x wildcards may only be followed by x,"
        + " such as x.x.x, 1.x.x or 1.0.x)"), errors(HEAD + """
          gold:
            components:
              - managed: update-linux
                version: 1.x.8
        """));
  }

  @Test
  void componentArnMustBeAnImageBuilderComponentWithAValidVersion() {
    assertEquals(List.of(
        "test.yaml:6:14: image_pipelines.gold.components[0].arn: \"arn:aws:s3:::bucket/component\" is not an Image Builder"
            + " component ARN (expected arn:<partition>:imagebuilder:<region>:<account, aws or aws-marketplace>"
            + ":component/<name>/<version>)",
        "test.yaml:7:14: image_pipelines.gold.components[1].arn: \"x.2.x\" is not a semantic version (expected"
            + " <major>.<minor>.<patch> with numbers, where x wildcards may only be followed by x, such as x.x.x, 1.x.x"
            + " or 1.0.x)"), errors(HEAD + """
          gold:
            components:
              - arn: arn:aws:s3:::bucket/component
              - arn: arn:aws:imagebuilder:us-east-1:aws-marketplace:component/cis-level-1/x.2.x
        """));
  }

  @Test
  void componentYamlThatDoesNotParse() {
    assertEquals(List.of("test.yaml:7:15: image_pipelines.gold.components[0].yaml: the component YAML does not parse:"
        + " expected ',' or ']', but got <stream end> at line 2, column 1 of the document (expected valid YAML)"),
        errors(HEAD + """
          gold:
            components:
              - name: broken
                yaml: |
                  phases: [build
        """));
  }

  @Test
  void componentYamlWithoutPhasesOrWithABadPhase() {
    assertEquals(List.of("test.yaml:7:15: image_pipelines.gold.components[0].yaml: the component document has no"
        + " phases (expected a list of phases named build, validate or test, each with steps)"),
        errors(HEAD + """
          gold:
            components:
              - name: nophases
                yaml: |
                  name: nophases
                  schemaVersion: 1.0
        """));
    assertEquals(List.of("test.yaml:7:15: image_pipelines.gold.components[0].yaml: phase 1 is named \"deploy\""
        + " (expected build, validate or test)"),
        errors(HEAD + """
          gold:
            components:
              - name: badphase
                yaml: |
                  schemaVersion: 1.0
                  phases:
                    - name: deploy
                      steps: [{name: a, action: ExecuteBash}]
        """));
  }

  @Test
  void unknownParentSuggestsTheNearestPipeline() {
    assertEquals(List.of("test.yaml:10:15: image_pipelines.workloads[0].parent: \"gld\" is not a pipeline of this"
        + " section (did you mean \"gold\"? expected the gold pipeline \"gold\" or a workload: gold, ml)"),
        errors(HEAD + GOLD + """
          workloads:
            - name: ml
              parent: gld
              components: [{managed: aws-cli-version-2-linux}]
        """));
  }

  @Test
  void cycleOfWorkloads() {
    assertEquals(List.of("test.yaml:10:15: image_pipelines.workloads[0].parent: workloads a -> b -> a form a cycle"
        + " (expected every parent chain to end at the gold pipeline \"gold\")"),
        errors(HEAD + GOLD + """
          workloads:
            - name: a
              parent: b
              components: [{managed: aws-cli-version-2-linux}]
            - name: b
              parent: a
              components: [{managed: aws-cli-version-2-linux}]
        """));
  }

  @Test
  void amiNameNeedsTheBuildDateAndSubnetNeedsASecurityGroup() {
    assertEquals(List.of(
        "test.yaml:2:1: image_pipelines.security_group_ids: no security groups (expected at least one sg-<hex> when"
            + " subnet_id is set)",
        "test.yaml:6:15: image_pipelines.gold.ami_name: \"gold-image\" has no {{ imagebuilder:buildDate }} (expected it"
            + " in the name, so each build gets a unique AMI name)"),
        errors(HEAD + """
          subnet_id: subnet-0a1b2c3d4e5f60001
          gold:
            ami_name: gold-image
            components: [{managed: update-linux}]
        """));
  }

  /** The one EC2 ID check (Ec2IdKind): 8 or 17 lowercase hex digits, each security group once. */
  @Test
  void subnetAndSecurityGroupIdsAreEc2Ids() {
    assertEquals(List.of(
        "test.yaml:4:14: image_pipelines.subnet_id: \"subnet-0A1B2C3D\" is not a subnet ID (expected subnet- and 8 or 17"
            + " lowercase hex digits, such as subnet-0a1b2c3d4e5f60001)",
        "test.yaml:5:24: image_pipelines.security_group_ids[0]: \"sg-0a1b2c3d4e5f6000\" is not a security group ID (expected"
            + " sg- and 8 or 17 lowercase hex digits, such as sg-0a1b2c3d4e5f60001)",
        "test.yaml:5:58: image_pipelines.security_group_ids[2]: \"sg-0a1b2c3d\" is listed twice (expected distinct IDs)"),
        errors(HEAD + """
          subnet_id: subnet-0A1B2C3D
          security_group_ids: [sg-0a1b2c3d4e5f6000, sg-0a1b2c3d, sg-0a1b2c3d]
        """ + GOLD));
  }

  @Test
  void withoutADefaultVpcTheBuildsNeedASubnetAndSecurityGroups() {
    assertEquals(List.of("test.yaml:2:1: image_pipelines.subnet_id: missing, and default_vpc is false (expected a"
        + " subnet-<hex> for the build instances, with security_group_ids: without a default VPC, Image Builder has nowhere"
        + " to launch them)"),
        errors(HEAD + """
          default_vpc: false
        """ + GOLD));
    var c = ConfigLoader.parse("test.yaml", HEAD + """
          default_vpc: false
          subnet_id: subnet-0a1b2c3d4e5f60001
          security_group_ids: [sg-0a1b2c3d4e5f60001]
        """ + GOLD).imagePipelines();
    assertFalse(c.defaultVpc());
    assertEquals("subnet-0a1b2c3d4e5f60001", c.subnetId().orElseThrow());
  }
}
