package io.fleetkit.stacks.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.FleetkitApp;
import io.fleetkit.support.TestApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloud_assembly_schema.MissingContext;

/**
 * Existing-VPC mode: Vpc.fromLookup answered from context, as cdk.context.json does after the first
 * synth with credentials. No AWS call is made: the first pass only records the missing lookup.
 */
class CapacityExistingVpcTest {
  static final String YAML = """
      project:
        prefix: fk
        account: "111122223333"
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 2
        availability_zones: [us-east-1a, us-east-1b]
        network:
          vpc_id: vpc-0a1b2c3d4e5f60001
          subnet_ids: [subnet-0a1b2c3d4e5f60011, subnet-0a1b2c3d4e5f60012]
      """;
  static String lookupKey;
  static Template template;

  static Map<String, Object> subnet(String id, String zone, String cidr) {
    return Map.of("subnetId", id, "availabilityZone", zone, "cidr", cidr, "routeTableId", "rtb-0a1b2c3d4e5f6" + id.substring(id.length() - 4));
  }

  static Map<String, Object> vpc(List<Map<String, Object>> workload) {
    return Map.of(
        "vpcId", "vpc-0a1b2c3d4e5f60001",
        "vpcCidrBlock", "10.60.0.0/16",
        "availabilityZones", List.of(),
        "subnetGroups", List.of(
            Map.of("name", "App", "type", "Private", "subnets", workload),
            Map.of("name", "Other", "type", "Private", "subnets", List.of(
                subnet("subnet-0a1b2c3d4e5f60099", "us-east-1c", "10.60.99.0/24")))));
  }

  static Stack build(Map<String, Object> context) {
    Map<String, Object> ctx = new HashMap<>(context);
    ctx.put("@aws-cdk/core:validateAgainstDefaultRules", true);
    App app = new App(AppProps.builder().context(ctx).build());
    return FleetkitApp.build(app, TestApps.config(YAML)).get(0);
  }

  @BeforeAll
  static void synth() {
    // Pass 1: no context; CDK records the lookup it needs (and the construct must not fail on the dummy VPC).
    Stack first = build(Map.of());
    List<MissingContext> missing = ((App) first.getNode().getRoot()).synth().getManifest().getMissing();
    assertEquals(1, missing.size());
    lookupKey = missing.get(0).getKey();
    // Pass 2: the answer cdk.context.json would hold.
    template = Template.fromStack(build(Map.of(lookupKey, vpc(List.of(
        subnet("subnet-0a1b2c3d4e5f60011", "us-east-1a", "10.60.1.0/24"),
        subnet("subnet-0a1b2c3d4e5f60012", "us-east-1b", "10.60.2.0/24"))))));
  }

  @Test
  void noFunctionInExistingVpcMode() {
    // Control Tower CT.LAMBDA.PR.3: CDK's default-security-group handler comes only with a VPC fleetkit creates.
    template.resourceCountIs("AWS::Lambda::Function", 0);
  }

  @Test
  void usesOnlyTheConfiguredSubnets() {
    assertTrue(lookupKey.startsWith("vpc-provider:account=111122223333:filter.vpc-id=vpc-0a1b2c3d4e5f60001:region=us-east-1"),
        lookupKey);
    template.resourceCountIs("AWS::EC2::VPC", 0);
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "VPCZoneIdentifier", Match.exact(List.of("subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012")))));
    template.hasOutput("SubnetsWithoutuseast1a", Match.objectLike(Map.of("Value", "subnet-0a1b2c3d4e5f60012")));
    template.hasOutput("SubnetsWithoutuseast1b", Match.objectLike(Map.of("Value", "subnet-0a1b2c3d4e5f60011")));
    template.resourceCountIs("AWS::EC2::CapacityReservation", 2);
  }

  @Test
  void aZoneWithoutSubnetStopsSynth() {
    var e = assertThrows(RuntimeException.class, () -> build(Map.of(lookupKey, vpc(List.of(
        subnet("subnet-0a1b2c3d4e5f60011", "us-east-1a", "10.60.1.0/24"),
        subnet("subnet-0a1b2c3d4e5f60012", "us-east-1a", "10.60.2.0/24"))))));
    assertEquals("the subnets [subnet-0a1b2c3d4e5f60011, subnet-0a1b2c3d4e5f60012] of vpc-0a1b2c3d4e5f60001 do not cover"
        + " every configured zone [us-east-1a, us-east-1b] (zones without a subnet: [us-east-1b])", e.getMessage());
  }
}
