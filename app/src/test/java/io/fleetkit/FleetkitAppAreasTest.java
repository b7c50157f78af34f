package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.support.TestApps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** The app's table of areas: every plan runs before any stack, errors come out together, areas yield stacks in order. */
class FleetkitAppAreasTest {
  static final FleetkitConfig CONFIG = ConfigLoader.parse("test.yaml", """
      project:
        prefix: fk
        region: us-east-1
      """);

  /** An area whose planner fails with one error per path given, or plans a value. */
  static Area<String> area(String name, boolean enabled, List<String> errorPaths, List<String> built) {
    Function<FleetkitConfig, String> planner = c -> {
      if (!errorPaths.isEmpty()) {
        throw new ConfigException(errorPaths.stream().map(p -> c.source().error(p, name + " is wrong")).toList());
      }
      return name + "-plan";
    };
    return new Area<>(name, "test area " + name, c -> enabled, planner, (stacks, area, plan) -> {
      built.add(plan);
      return List.of(stacks.add(name, area.description(), (scope, id, props) -> new Stack(scope, id, props)),
          stacks.add(name + "-2", area.description() + " 2", (scope, id, props) -> new Stack(scope, id, props)));
    });
  }

  @Test
  void everyPlanRunsFirstAndAllErrorsComeOutSortedWithoutAStack() {
    List<String> built = new ArrayList<>();
    App app = TestApps.app();
    var e = assertThrows(ConfigException.class, () -> FleetkitApp.build(app, CONFIG, List.of(
        area("late", true, List.of("project.region"), built),
        area("fine", true, List.of(), built),
        area("early", true, List.of("project.prefix", "project"), built))));
    assertEquals(List.of(
        "test.yaml:1:1: project: early is wrong",
        "test.yaml:2:11: project.prefix: early is wrong",
        "test.yaml:3:11: project.region: late is wrong"), e.lines());
    assertEquals(List.of(), built, "no stack factory ran");
    assertEquals(0, app.getNode().getChildren().size(), "no stack exists");
  }

  @Test
  void disabledAreasAreNotPlannedAndAnAreaMayYieldSeveralStacks() {
    List<String> built = new ArrayList<>();
    App app = TestApps.app();
    List<Stack> stacks = FleetkitApp.build(app, CONFIG, List.of(
        area("off", false, List.of("project"), built),
        area("one", true, List.of(), built),
        area("two", true, List.of(), built)));
    assertEquals(List.of("one-plan", "two-plan"), built);
    Map<String, String> described = new LinkedHashMap<>();
    stacks.forEach(s -> described.put(s.getStackName(), s.getTemplateOptions().getDescription()));
    assertEquals(Map.of("fk-one", "test area one", "fk-one-2", "test area one 2", "fk-two", "test area two",
        "fk-two-2", "test area two 2"), described);
    assertEquals(List.of("fk-one", "fk-one-2", "fk-two", "fk-two-2"), stacks.stream().map(Stack::getStackName).toList());
    assertEquals("us-east-1", stacks.get(0).getRegion());
  }

  @Test
  void realAreasReportTogether() {
    // The guardrails plan (SCPs per target) and the Local Zone plan (zone snapshot) both fail.
    var e = assertThrows(ConfigException.class, () -> FleetkitApp.build(TestApps.app(), ConfigLoader.parse("test.yaml", """
        project:
          prefix: fk
          region: us-east-1
        guardrails:
          enabled: true
          attached_policies_per_target: 5
          outposts:
            targets: {organizational_units: [ou-ab12-outposts1]}
            subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]
        local_zone:
          zone: us-east-1-atl-1a
          nat_ami: ami-0123456789abcdef0
          web: {instance_type: m5.large}
          database: {instance_type: r5.2xlarge, ami: ami-0123456789abcdef0}
          zones_snapshot: app/src/test/resources/localzones/zones-snapshot.json
        """)));
    assertEquals(List.of(
        "test.yaml:8:38: guardrails.outposts.targets.organizational_units[0]: target ou-ab12-outposts1 would have 8 SCPs"
            + " attached: 5 already (guardrails.attached_policies_per_target, FullAWSAccess included) + 3 from fleetkit"
            + " (expected at most 5, project.limits.scps_per_target)",
        "test.yaml:13:24: local_zone.web.instance_type: m5.large is not offered in us-east-1-atl-1a (zones snapshot"
            + " app/src/test/resources/localzones/zones-snapshot.json, fetched 2026-11-26T04:00:00Z; expected one of:"
            + " c5.2xlarge, c5d.2xlarge, g4dn.2xlarge, r5.2xlarge, t3.medium, t3.xlarge)"), e.lines());
  }

  @Test
  void theDefaultConfigBuildsEveryAreaInTableOrder() {
    List<Stack> stacks = FleetkitApp.build(TestApps.app(), ConfigLoader.load(Path.of("config.yaml")));
    assertEquals(List.of("fleetkit-guardrails", "fleetkit-gpu-monitoring", "fleetkit-image-pipelines",
            "fleetkit-alarm-topic", "fleetkit-dashboard", "fleetkit-dashboard-refresh", "fleetkit-capacity-reservation",
            "fleetkit-spot-fleet", "fleetkit-spot-scores", "fleetkit-queue-workers", "fleetkit-local-zone",
            "fleetkit-root-restore", "fleetkit-credential-guard", "fleetkit-instance-connect"),
        stacks.stream().map(Stack::getStackName).toList());
    assertEquals(List.of("guardrails", "gpu-monitoring", "image-pipelines", "dashboard", "capacity-reservation",
        "spot-fleet", "spot-scores", "queue-workers", "local-zone",
        "root-restore", "credential-guard", "instance-connect", "outpost-lgw"), FleetkitApp.AREAS.stream().map(Area::name).toList());

    // The EC2 resources that moved into shared constructs keep their logical IDs: a new one would make
    // CloudFormation replace the instance, role, launch template or group.
    Map<String, Stack> byName = new LinkedHashMap<>();
    stacks.forEach(st -> byName.put(st.getStackName(), st));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("fleetkit-local-zone NatInstance/Instance/Resource", "NatInstance766386C3d8fc55307aa22149");
    expected.put("fleetkit-local-zone NatInstanceRole/Resource", "NatInstanceRoleBB4AF120");
    expected.put("fleetkit-local-zone Database/Instance/Resource", "DatabaseInstanceAA8A5FDE");
    expected.put("fleetkit-local-zone DatabaseRole/Resource", "DatabaseRoleC85A8ACE");
    expected.put("fleetkit-local-zone Database/Password/Resource", "DatabasePassword246019AA");
    expected.put("fleetkit-local-zone WebRole/Resource", "WebRoleCD6F4B98");
    expected.put("fleetkit-local-zone Web/LaunchTemplate/Template/Resource", "WebLaunchTemplate5BFB9382");
    expected.put("fleetkit-local-zone Web/Group/ASG", "WebGroupASG5FD1935A");
    expected.put("fleetkit-capacity-reservation LaunchTemplate/InstanceRole/Resource", "LaunchTemplateInstanceRoleD9D21AF4");
    expected.put("fleetkit-capacity-reservation LaunchTemplate/Template/Resource", "LaunchTemplate241B7CCA");
    expected.put("fleetkit-capacity-reservation Group/ASG", "GroupASG3C6DFE3B");
    expected.put("fleetkit-capacity-reservation Reservation-us-east-1a", "Reservationuseast1a");
    expected.put("fleetkit-spot-fleet LaunchTemplate/InstanceRole/Resource", "LaunchTemplateInstanceRoleD9D21AF4");
    expected.put("fleetkit-spot-fleet Group/ASG", "GroupASG3C6DFE3B");
    expected.put("fleetkit-gpu-monitoring InstanceRole/Resource", "InstanceRole3CCE2F1D");
    expected.put("fleetkit-image-pipelines BuildInstanceRole/Resource", "BuildInstanceRole6013CDCC");
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(k -> {
      String[] stackAndPath = k.split(" ");
      Stack st = byName.get(stackAndPath[0]);
      IConstruct c = st;
      for (String id : stackAndPath[1].split("/")) c = c.getNode().findChild(id);
      actual.put(k, st.resolve(((CfnElement) c).getLogicalId()).toString());
    });
    assertEquals(expected, actual);
  }
}
