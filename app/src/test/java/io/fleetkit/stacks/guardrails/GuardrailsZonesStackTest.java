package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Template;

/** The guardrails stack with the Local Zones policy in zone mode and the Nitro-only policy (config/guardrails/zones.yaml). */
class GuardrailsZonesStackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXEMPT = "\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:role/BreakGlass\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*\",\"arn:aws:iam::*:role/cdk-hnb659fds-file-publishing-role-*\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-image-publishing-role-*\",\"arn:aws:iam::*:role/cdk-hnb659fds-lookup-role-*\","
      + "\"arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*\",\"arn:aws:iam::*:role/fleetkit/pipelines/*\"]}";
  private static Template template;

  @BeforeAll
  static void synth() {
    template = TestApps.template(TestApps.resource("config/guardrails/zones.yaml"), "fleetkit-guardrails");
  }

  private static JsonNode content(String name, List<String> targets) {
    Capture content = new Capture();
    template.hasResourceProperties("AWS::Organizations::Policy", Map.of("Name", name, "Type", "SERVICE_CONTROL_POLICY",
        "TargetIds", targets, "Content", content));
    return JSON.valueToTree(content.asObject());
  }

  @Test
  void localZoneSubnetsAreSelectedByZoneOnTheSubnetResource() throws Exception {
    JsonNode two = content("fleetkit-localzones-residency-2", List.of("ou-ab12-localzone"));
    assertEquals(JSON.readTree("""
        {"Sid":"DenyNotLocalZonesSubnet","Effect":"Deny","Action":["ec2:RunInstances","ec2:CreateNetworkInterface"],
         "Resource":"arn:aws:ec2:*:*:subnet/*","Condition":{
          "StringNotEquals":{"ec2:AvailabilityZone":["us-east-1-atl-1a"]},%s}}""".formatted(EXEMPT)), two.get("Statement").get(1));
  }

  @Test
  void nitroOnlyIsItsOwnPolicyOnItsTargets() throws Exception {
    JsonNode nitro = content("fleetkit-nitro-only", List.of("ou-ab12-localzone"));
    JsonNode statement = nitro.get("Statement").get(0);
    assertEquals("DenyXenInstanceTypes", statement.get("Sid").asText());
    assertEquals(JSON.readTree("[\"ec2:RunInstances\"]"), statement.get("Action"));
    assertEquals("arn:aws:ec2:*:*:instance/*", statement.get("Resource").asText());
    assertEquals(JSON.readTree("{" + EXEMPT + "}").get("ArnNotLike"), statement.at("/Condition/ArnNotLike"));
    assertEquals(28, statement.at("/Condition/StringLike/ec2:InstanceType").size());
  }

  @Test
  void sixPoliciesAndNoConditionKeyTheServiceAuthorizationReferenceLacks() throws Exception {
    template.resourceCountIs("AWS::Organizations::Policy", 6);
    String all = JSON.writeValueAsString(template.findResources("AWS::Organizations::Policy"));
    assertFalse(all.contains("\"ec2:Subnet\""), "ec2:Subnet is not a key of CreateNetworkInterface's network interface");
    assertFalse(all.contains("network-interface/"), all);
  }
}
