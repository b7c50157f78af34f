package io.fleetkit.stacks.dashboard.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The roles of fleetkit's pipelines sit under /fleetkit/pipelines/, which guardrails.deploy_roles.pipeline_roles
 * exempts, and nothing refers to them in a way a path would break: only IAM policy and instance profile
 * attachments take role names (Ref); everything else takes the ARN. This also keeps the app-wide validator
 * acknowledgement of E3050 ({@link PipelineRolePath#VALIDATOR_RULE}) from hiding a real Ref.
 */
class PipelineRolePathTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> NAME_TAKERS = List.of("AWS::IAM::Policy", "AWS::IAM::InstanceProfile", "AWS::IAM::ManagedPolicy");
  static Map<String, JsonNode> templates;

  @BeforeAll
  static void synth() {
    // Region, account and tag values of the sample snapshot: the dashboard plan refuses a snapshot of others.
    Map<String, Stack> stacks = TestApps.stacks("""
        project: {prefix: acme, account: "111122223333", region: us-east-1}
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge, outposts-prod]
          snapshot: samples/outposts-inventory.json
          pipeline: {enabled: true}
        image_pipelines:
          enabled: true
          gold:
            components:
              - managed: update-linux
        """);
    templates = new java.util.TreeMap<>();
    for (String name : List.of("acme-dashboard-refresh", "acme-image-pipelines")) {
      templates.put(name, JSON.valueToTree(Template.fromStack(stacks.get(name)).toJSON()));
    }
  }

  @Test
  void everyPipelineRoleIsUnderTheExemptPath() {
    List<String> roles = new ArrayList<>();
    templates.forEach((stack, t) -> t.get("Resources").fields().forEachRemaining(r -> {
      if (!r.getValue().get("Type").asText().equals("AWS::IAM::Role")) return;
      roles.add(stack + "/" + r.getKey());
      assertEquals("/fleetkit/pipelines/", r.getValue().at("/Properties/Path").asText(), stack + "/" + r.getKey());
    }));
    assertEquals(6, roles.size(), roles.toString());
  }

  @Test
  void onlyPolicyAndInstanceProfileAttachmentsReferToARoleByName() {
    List<String> byName = new ArrayList<>();
    templates.forEach((stack, t) -> {
      var roles = new TreeSet<String>();
      t.get("Resources").fields().forEachRemaining(r -> {
        if (r.getValue().get("Type").asText().equals("AWS::IAM::Role")) roles.add(r.getKey());
      });
      t.get("Resources").fields().forEachRemaining(r -> {
        if (NAME_TAKERS.contains(r.getValue().get("Type").asText())) return;
        for (JsonNode ref : r.getValue().findValues("Ref")) {
          if (roles.contains(ref.asText())) byName.add(stack + "/" + r.getKey() + " -> " + ref.asText());
        }
      });
    });
    assertEquals(List.of(), byName);
  }

  @Test
  void theBuildProjectTakesItsRoleByArn() {
    JsonNode t = templates.get("acme-dashboard-refresh");
    List<JsonNode> serviceRoles = t.get("Resources").findValues("ServiceRole");
    assertEquals(1, serviceRoles.size());
    assertTrue(serviceRoles.get(0).has("Fn::GetAtt"), serviceRoles.toString());
    assertEquals("Arn", serviceRoles.get(0).get("Fn::GetAtt").get(1).asText());
  }
}
