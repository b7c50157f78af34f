package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapacityConfigTest {
  static final String PROJECT = """
      project:
        prefix: fk
        region: us-east-1
      """;

  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + yaml)).lines();
  }

  static FleetkitConfig ok(String yaml) {
    return ConfigLoader.parse("test.yaml", PROJECT + yaml);
  }

  @Test
  void absentSectionsAreDisabled() {
    var c = ok("");
    assertFalse(c.capacityReservation().enabled());
    assertFalse(c.spotFleet().enabled());
  }

  @Test
  void perZoneDefaultsToCeilOfNOverZonesMinusOne() {
    var c = ok("""
        capacity_reservation:
          enabled: true
          instance_type: m5.large
          instances_needed: 5
          availability_zones: [us-east-1a, us-east-1b, us-east-1c]
        """).capacityReservation();
    assertEquals(3, c.minimumPerAz());
    assertEquals(3, c.perAz());
    assertEquals(9, c.totalReserved());
    // Defaults: desired = min = N, max = the total reserved.
    assertEquals(new GroupSize(5, 9, 5), c.asg());
    assertEquals(Optional.empty(), c.endDateTime());
    assertTrue(c.network().createsVpc());
    assertFalse(c.healthCheckGate().enabled());
  }

  @Test
  void twoZonesNeedNInEach() {
    var c = ok("""
        capacity_reservation:
          enabled: true
          instance_type: c6g.xlarge
          instances_needed: 4
          availability_zones: [us-east-1a, us-east-1b]
          end_date: 2099-12-31
        """).capacityReservation();
    assertEquals(4, c.perAz());
    assertEquals(Optional.of("2099-12-31T23:59:59Z"), c.endDateTime());
    assertTrue(c.ebsOptimized());
    assertFalse(ok("""
        capacity_reservation:
          enabled: true
          instance_type: t2.large
          instances_needed: 1
          availability_zones: [us-east-1a, us-east-1b]
        """).capacityReservation().ebsOptimized(), "T2 does not support EBS optimization");
  }

  @Test
  void undersizedOverrideIsAllowedOnlyWhenSaidSo() {
    var c = ok("""
        capacity_reservation:
          enabled: true
          instance_type: m5.large
          instances_needed: 4
          availability_zones: [us-east-1a, us-east-1b, us-east-1c]
          reservations_per_az: 1
          allow_undersized: true
          asg: {min: 2, max: 3, desired: 3}
        """).capacityReservation();
    assertEquals(1, c.perAz());
    assertEquals(3, c.totalReserved());
  }

  @Test
  void reservationBadInput() {
    assertEquals(List.of(
        "test.yaml:6:18: capacity_reservation.instance_type: \"m5large\" is not an EC2 instance type (did you mean \"m5.large\"? expected a type that AWS SDK for Java 2.40.2 lists, such as m5.large)",
        "test.yaml:7:21: capacity_reservation.instances_needed: 0 instances (expected at least 1)",
        "test.yaml:8:23: capacity_reservation.availability_zones: 1 Availability Zone(s) (expected at least 2, so that losing one zone still leaves reserved capacity)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5large
              instances_needed: 0
              availability_zones: [us-east-1a]
            """));
  }

  @Test
  void undersizedOverride() {
    assertEquals(List.of(
        "test.yaml:9:24: capacity_reservation.reservations_per_az: 2 per zone is undersized: losing one of 3 zones leaves 4 of the 5 instances needed (expected at least 3 = ceil(5 / (3 - 1)), or allow_undersized: true)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 5
              availability_zones: [us-east-1a, us-east-1b, us-east-1c]
              reservations_per_az: 2
            """));
  }

  @Test
  void groupSizeOutOfOrder() {
    assertEquals(List.of(
        "test.yaml:9:22: capacity_reservation.asg.max: max 3 is less than min 5 (expected min <= max)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 4
              availability_zones: [us-east-1a, us-east-1b]
              asg: {min: 5, max: 3}
            """));
    assertEquals(List.of(
        "test.yaml:9:18: capacity_reservation.asg.desired: desired 9 is outside [4, 8] (expected min <= desired <= max)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 4
              availability_zones: [us-east-1a, us-east-1b]
              asg: {desired: 9}
            """));
  }

  @Test
  void zonesDatesAndNetwork() {
    assertEquals(List.of(
        "test.yaml:8:24: capacity_reservation.availability_zones[0]: \"us-west-2a\" is not in Region us-east-1 (expected a zone of project.region)",
        "test.yaml:8:36: capacity_reservation.availability_zones[1]: \"us-east-1\" is not an Availability Zone name (expected a Region that AWS SDK for Java 2.40.2 lists and a letter, such as us-east-1a)",
        "test.yaml:9:13: capacity_reservation.end_date: \"2020-01-01\" is in the past (expected unlimited or a future date)",
        "test.yaml:11:11: capacity_reservation.network.cidr: cidr is set together with vpc_id (expected cidr only when fleetkit creates the VPC)",
        "test.yaml:12:13: capacity_reservation.network.vpc_id: \"vpc-12\" is not a VPC ID (expected vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f60001)",
        "test.yaml:13:17: capacity_reservation.network.subnet_ids: 1 subnet(s) (expected at least one per Availability Zone, 2 or more)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 2
              availability_zones: [us-west-2a, us-east-1]
              end_date: 2020-01-01
              network:
                cidr: 10.0.0.0/16
                vpc_id: vpc-12
                subnet_ids: [subnet-0a1b2c3d4e5f60011]
            """));
  }

  @Test
  void unknownKeysSuggestTheNearest() {
    assertEquals(List.of(
        "test.yaml:8:3: capacity_reservation.instance_needed: unknown key \"instance_needed\" (did you mean \"instances_needed\"?)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 2
              instance_needed: 2
              availability_zones: [us-east-1a, us-east-1b]
            """));
  }

  @Test
  void heartbeatOutOfRange() {
    assertEquals(List.of(
        "test.yaml:11:32: capacity_reservation.health_check_gate.heartbeat_timeout_seconds: 20 is out of range (expected 30 to 7200)",
        "test.yaml:12:21: capacity_reservation.health_check_gate.default_result: \"ABANDONED\" is not allowed (did you mean \"ABANDON\"? expected one of: ABANDON, CONTINUE)"),
        errors("""
            capacity_reservation:
              enabled: true
              instance_type: m5.large
              instances_needed: 2
              availability_zones: [us-east-1a, us-east-1b]
              health_check_gate:
                enabled: true
                heartbeat_timeout_seconds: 20
                default_result: ABANDONED
            """));
    assertEquals(List.of(
        "test.yaml:10:32: spot_fleet.health_check_gate.heartbeat_timeout_seconds: 7201 is out of range (expected 30 to 7200)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m5.large}]
              health_check_gate:
                enabled: true
                heartbeat_timeout_seconds: 7201
            """));
  }

  static final String SPOT_HEAD = """
      spot_fleet:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
      """;

  @Test
  void spotNeedsTypesOrRequirements() {
    assertEquals(List.of(
        "test.yaml:4:1: spot_fleet: no instance_types and no instance_requirements (expected exactly one of them: a list of 1 to 40 types, or 1 to 4 sets of requirements)"),
        errors(SPOT_HEAD));
  }

  @Test
  void spotBothListAndRequirements() {
    assertEquals(List.of(
        "test.yaml:9:3: spot_fleet.instance_requirements: both instance_types and instance_requirements are set (expected exactly one of them)"),
        errors(SPOT_HEAD + """
              instance_types:
                - type: m5.large
              instance_requirements:
                - vcpu: {min: 2}
                  memory_mib: {min: 4096}
            """));
  }

  @Test
  void spotTooManyTypesAndSets() {
    StringBuilder types = new StringBuilder("  instance_types:\n");
    for (int i = 1; i <= 41; i++) types.append("    - type: m5.").append(i).append("xlarge\n");
    assertEquals(List.of(
        "test.yaml:7:3: spot_fleet.instance_types: 41 instance types (expected at most 40)"),
        errors(SPOT_HEAD + types));
    StringBuilder sets = new StringBuilder("  instance_requirements:\n");
    for (int i = 1; i <= 5; i++) sets.append("    - {vcpu: {min: ").append(i).append("}, memory_mib: {min: 1024}}\n");
    assertEquals(List.of(
        "test.yaml:7:3: spot_fleet.instance_requirements: 5 sets (expected at most 4)"),
        errors(SPOT_HEAD + sets));
  }

  @Test
  void spotPercentagesStrategyAndTypes() {
    assertEquals(List.of(
        "test.yaml:7:36: spot_fleet.on_demand_percentage_above_base: 101 is out of range (expected 0 to 100)",
        "test.yaml:8:29: spot_fleet.spot_allocation_strategy: \"capacity-optimised\" is not allowed (did you mean \"capacity-optimized\"? expected one of: price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized, lowest-price)",
        "test.yaml:10:14: spot_fleet.instance_types[0].type: \"m5.large \" is not an EC2 instance type (did you mean \"m5.large\"? expected a type that AWS SDK for Java 2.40.2 lists, such as m5.large)",
        "test.yaml:11:33: spot_fleet.instance_types[1].weight: 0 is out of range (expected 1 to 999)"),
        errors(SPOT_HEAD + """
              on_demand_percentage_above_base: 101
              spot_allocation_strategy: capacity-optimised
              instance_types:
                - {type: "m5.large ", weight: 1}
                - {type: c5.xlarge, weight: 0}
            """));
    assertEquals(List.of(
        "test.yaml:7:36: spot_fleet.on_demand_percentage_above_base: -1 is out of range (expected 0 to 100)"),
        errors(SPOT_HEAD + """
              on_demand_percentage_above_base: -1
              instance_types: [{type: m5.large}]
            """));
  }

  @Test
  void spotRequirementsAndLoadBalancer() {
    assertEquals(List.of(
        "test.yaml:8:27: spot_fleet.instance_requirements[0].vcpu.max: max 2 is less than min 4 (expected min <= max)",
        "test.yaml:10:27: spot_fleet.instance_requirements[0].cpu_manufacturers[0]: \"intell\" is not allowed (did you mean \"intel\"? expected one of: intel, amd, amazon-web-services, apple)",
        "test.yaml:12:35: spot_fleet.load_balancer.deregistration_delay_seconds: 120 is out of range (expected 0 to 90)"),
        errors(SPOT_HEAD + """
              instance_requirements:
                - vcpu: {min: 4, max: 2}
                  memory_mib: {min: 8192}
                  cpu_manufacturers: [intell]
              load_balancer:
                deregistration_delay_seconds: 120
            """));
  }

  @Test
  void spotAllowedTypesAreTypePatternsAndNotWithExcludedTypes() {
    assertEquals(List.of(
        "test.yaml:10:22: spot_fleet.instance_requirements[0].allowed_types: both allowed_types and excluded_types are set (expected one of them: EC2 Auto Scaling rejects instance requirements with both)",
        "test.yaml:10:30: spot_fleet.instance_requirements[0].allowed_types[1]: \"M6I large\" is not an instance type or pattern (expected such as m5.8xlarge, c5*.* or r*)"),
        errors(SPOT_HEAD + """
              instance_requirements:
                - vcpu: {min: 2}
                  memory_mib: {min: 4096}
                  allowed_types: [m6i.*, M6I large]
                  excluded_types: [m5a.*]
            """));
    var r = ok(SPOT_HEAD + """
          instance_requirements:
            - vcpu: {min: 2}
              memory_mib: {min: 4096}
              allowed_types: [m6i.*, c7i.large]
        """).spotFleet().instanceRequirements().get(0);
    assertEquals(List.of("m6i.*", "c7i.large"), r.allowedTypes());
    assertEquals(List.of(), r.excludedTypes());
  }

  @Test
  void spotCertificateIsAnAcmArnOfTheProjectRegion() {
    String cert = "certificate/0a1b2c3d-1111-2222-3333-444455556666";
    assertEquals(List.of(
        "test.yaml:9:22: spot_fleet.load_balancer.certificate_arn: \"arn:aws:acm:eu-west-1:111122223333:" + cert
            + "\" is in Region \"eu-west-1\" (expected a certificate of project.region \"us-east-1\", where the load balancer is)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m6i.large}]
              load_balancer:
                certificate_arn: arn:aws:acm:eu-west-1:111122223333:%s
            """.formatted(cert)));
    assertEquals(List.of(
        "test.yaml:9:22: spot_fleet.load_balancer.certificate_arn: \"arn:aws-us-gov:acm:us-east-1:111122223333:" + cert
            + "\" is in partition \"aws-us-gov\" (expected partition \"aws\")"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m6i.large}]
              load_balancer:
                certificate_arn: arn:aws-us-gov:acm:us-east-1:111122223333:%s
            """.formatted(cert)));
    assertEquals(List.of(
        "test.yaml:9:22: spot_fleet.load_balancer.certificate_arn: \"arn:aws:iam::111122223333:server-certificate/web\""
            + " is not an ACM certificate ARN (expected arn:<partition>:acm:<region>:<account>:certificate/<id>)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m6i.large}]
              load_balancer:
                certificate_arn: arn:aws:iam::111122223333:server-certificate/web
            """));
    assertEquals(Optional.of("arn:aws:acm:us-east-1:111122223333:" + cert), ok(SPOT_HEAD + """
          instance_types: [{type: m6i.large}]
          load_balancer:
            certificate_arn: arn:aws:acm:us-east-1:111122223333:%s
        """.formatted(cert)).spotFleet().loadBalancer().certificateArn());
  }

  @Test
  void spotFewerThanTwoZones() {
    assertEquals(List.of(
        "test.yaml:6:23: spot_fleet.availability_zones: 1 Availability Zone(s) (expected at least 2, so that the fleet survives the loss of one zone)"),
        errors("""
            spot_fleet:
              enabled: true
              availability_zones: [us-east-1a]
              instance_types: [{type: m5.large}]
            """));
  }

  @Test
  void spotTypesShareOneArchitecture() {
    assertEquals(List.of(
        "test.yaml:7:19: spot_fleet.instance_types: 1 of 2 types are Graviton (arm64) (expected one CPU architecture, since all share one image)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m7g.large}, {type: m7i.large}]
            """));
  }

  @Test
  void spotWeightsOnAllOrNone() {
    assertEquals(List.of(
        "test.yaml:7:19: spot_fleet.instance_types: 1 of 2 types have a weight (expected a weight on every type, or on none)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m5.large}, {type: c5.xlarge, weight: 2}]
            """));
  }

  @Test
  void spotPrioritizedStrategyNeedsInstanceTypes() {
    assertEquals(List.of(
        "test.yaml:7:29: spot_fleet.spot_allocation_strategy: capacity-optimized-prioritized needs an ordered instance_types list and Auto Scaling rejects it with instance_requirements (expected price-capacity-optimized, capacity-optimized or lowest-price)"),
        errors(SPOT_HEAD + """
              spot_allocation_strategy: capacity-optimized-prioritized
              instance_requirements:
                - {vcpu: {min: 2}, memory_mib: {min: 4096}}
            """));
    assertEquals("capacity-optimized-prioritized", ok(SPOT_HEAD + """
          spot_allocation_strategy: capacity-optimized-prioritized
          instance_types: [{type: m5.large}, {type: m6i.large}]
        """).spotFleet().spotAllocationStrategy());
  }

  @Test
  void spotLoadBalancerWithoutDemoPageNeedsAnImageThatServesThePort() {
    assertEquals(List.of(
        "test.yaml:10:16: spot_fleet.load_balancer.demo_page: false leaves nothing listening on port 80 with the stock Amazon Linux image, so the load balancer's health checks never pass (expected demo_page: true, or image_ssm_parameter naming an image that serves HTTP on port 80 and answers health_check_path)"),
        errors(SPOT_HEAD + """
              instance_types: [{type: m5.large}]
              load_balancer:
                enabled: true
                demo_page: false
            """));
    var c = ok(SPOT_HEAD + """
          instance_types: [{type: m5.large}]
          image_ssm_parameter: /acme/images/web/latest
          load_balancer:
            demo_page: false
            health_check_path: /healthz
        """).spotFleet();
    assertFalse(c.loadBalancer().demoPage());
    assertEquals("/healthz", c.loadBalancer().healthCheckPath());
    // A disabled load balancer needs no listener.
    ok(SPOT_HEAD + """
          instance_types: [{type: m5.large}]
          load_balancer:
            enabled: false
            demo_page: false
        """);
  }
}
