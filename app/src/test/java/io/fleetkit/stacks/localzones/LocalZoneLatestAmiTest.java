package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.FleetkitApp;
import io.fleetkit.support.TestApps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code ami: latest} for the database and the NAT instance: the CDK CLI looks the latest Amazon Linux 2023 up
 * once and caches it in cdk.context.json, and synth writes that ID into the template. A newer AMI published
 * afterwards reaches neither synth (which reads the cache) nor deploy (no SSM parameter is left to resolve), so
 * it changes nothing; only resetting the cached value does, and then only the image IDs.
 */
class LocalZoneLatestAmiTest {
  static final String YAML = """
      project:
        prefix: fleetkit
        account: "111122223333"
        region: us-east-1
      local_zone:
        zone: us-east-1-atl-1a
        zones_snapshot: none
      """;
  /** The key the CDK's SSM context provider uses, as the CLI writes it into cdk.context.json. */
  static final String KEY = "ssm:account=111122223333:parameterName="
      + "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64:region=us-east-1";
  static final ObjectMapper JSON = new ObjectMapper();

  static Map<String, Object> cached;
  static Map<String, Object> cachedAgain;
  static Map<String, Object> reset;
  static List<String> missingWithoutCache;

  @BeforeAll
  static void synth() {
    cached = template(Map.of(KEY, "ami-0aaaaaaaaaaaaaaaa"));
    cachedAgain = template(Map.of(KEY, "ami-0aaaaaaaaaaaaaaaa"));
    reset = template(Map.of(KEY, "ami-0bbbbbbbbbbbbbbbb"));
    App app = TestApps.app(Map.of());
    FleetkitApp.build(app, TestApps.config(YAML));
    missingWithoutCache = app.synth().getManifest().getMissing().stream().map(m -> m.getKey()).toList();
  }

  static Map<String, Object> template(Map<String, Object> context) {
    App app = TestApps.app(context);
    List<Stack> stacks = FleetkitApp.build(app, TestApps.config(YAML));
    assertEquals(List.of(), app.synth().getManifest().getMissing() == null ? List.of()
        : app.synth().getManifest().getMissing(), "every lookup is answered from the cache");
    return Template.fromStack(stacks.get(0)).toJSON();
  }

  @SuppressWarnings("unchecked")
  static Object imageOf(Map<String, Object> template, String prefix) {
    var resources = (Map<String, Map<String, Object>>) template.get("Resources");
    var ids = resources.entrySet().stream()
        .filter(e -> e.getValue().get("Type").equals("AWS::EC2::Instance") && e.getKey().startsWith(prefix)).toList();
    assertEquals(1, ids.size(), prefix);
    return ((Map<String, Object>) ids.get(0).getValue().get("Properties")).get("ImageId");
  }

  @Test
  void theFirstSynthWithCredentialsLooksTheImageUpOnce() {
    assertEquals(List.of(KEY), missingWithoutCache);
  }

  @Test
  void theCachedImageIsInTheTemplateAndNothingResolvesItAtDeployTime() throws Exception {
    assertEquals("ami-0aaaaaaaaaaaaaaaa", imageOf(cached, "DatabaseInstance"));
    assertEquals("ami-0aaaaaaaaaaaaaaaa", imageOf(cached, "NatInstance"));
    // The only image parameter is the web tier's, resolved at deploy on purpose (rolling replacement).
    String json = JSON.writeValueAsString(cached);
    assertEquals(1, json.split("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", -1).length - 1);
  }

  @Test
  void aNewerLatestImageDoesNotChangeTheTemplate() throws Exception {
    // What the CLI does after AWS publishes a newer image: synthesize again with the same cdk.context.json.
    assertEquals(JSON.writeValueAsString(cached), JSON.writeValueAsString(cachedAgain));
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyResettingTheCachedValueChangesTheImagesAndNothingElse() throws Exception {
    assertEquals("ami-0bbbbbbbbbbbbbbbb", imageOf(reset, "DatabaseInstance"));
    var before = new LinkedHashMap<>((Map<String, Map<String, Object>>) cached.get("Resources"));
    var after = new LinkedHashMap<>((Map<String, Map<String, Object>>) reset.get("Resources"));
    assertEquals(before.keySet(), after.keySet(), "no resource gets a new logical ID");
    List<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).sorted().toList();
    assertEquals(2, changed.size(), changed.toString());
    assertTrue(changed.stream().allMatch(k -> k.startsWith("DatabaseInstance") || k.startsWith("NatInstance")), changed.toString());
    assertNotEquals(imageOf(cached, "NatInstance"), imageOf(reset, "NatInstance"));
  }
}
