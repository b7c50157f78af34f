package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.EveryConfig;
import io.fleetkit.support.ShellScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's acceptance points, on the templates of the default config (config.yaml) as CI synthesizes them:
 * images fixed at synth for the database and NAT instances, a separate data volume with Snapshot policies, a
 * pinned and checksummed WordPress, and no port 80 open to the world in any stack.
 */
class LocalZoneAcceptanceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static List<EveryConfig.Synthesized> defaults() {
    return EveryConfig.stacks().stream().filter(s -> s.config().equals("default")).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> localZone() {
    var stack = defaults().stream().filter(s -> s.stack().equals("fleetkit-local-zone")).findFirst().orElseThrow();
    return (Map<String, Map<String, Object>>) stack.template().get("Resources");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDatabaseAndNatImagesAreIdsInTheTemplate() {
    List<String> instances = new ArrayList<>();
    localZone().forEach((id, r) -> {
      if (!r.get("Type").equals("AWS::EC2::Instance")) return;
      instances.add(id);
      Object image = ((Map<String, Object>) r.get("Properties")).get("ImageId");
      assertTrue(image instanceof String s && s.matches("ami-[0-9a-f]{17}"), id + ": " + image);
    });
    assertEquals(2, instances.size(), instances.toString());
  }

  @Test
  void theDataVolumeIsSeparateEncryptedAndSnapshotted() {
    var volumes = localZone().values().stream().filter(r -> r.get("Type").equals("AWS::EC2::Volume")).toList();
    assertEquals(1, volumes.size());
    assertEquals("Snapshot", volumes.get(0).get("DeletionPolicy"));
    assertEquals("Snapshot", volumes.get(0).get("UpdateReplacePolicy"));
    assertEquals(true, ((Map<?, ?>) volumes.get(0).get("Properties")).get("Encrypted"));
  }

  @Test
  void wordPressIsPinnedAndChecked() throws Exception {
    assertFalse(JSON.writeValueAsString(localZone()).contains("latest.tar.gz"));
    var stack = defaults().stream().filter(s -> s.stack().equals("fleetkit-local-zone")).findFirst().orElseThrow();
    String web = ShellScripts.of(stack.stack(), stack.template()).stream().map(ShellScripts.Script::text)
        .filter(t -> t.contains("httpd")).findFirst().orElseThrow();
    assertTrue(web.contains("https://wordpress.org/wordpress-7.0.1.tar.gz"), web);
    assertTrue(web.contains("echo 'dc10592da9b580c7525632850e0cced371b13081853ac29afe93b5d5bb00db98  "
        + "/tmp/wordpress-7.0.1.tar.gz' | sha256sum --check --status"), web);
  }

  @Test
  @SuppressWarnings("unchecked")
  void noStackOfTheDefaultConfigOpensPort80ToTheWorld() {
    List<String> open = new ArrayList<>();
    for (EveryConfig.Synthesized s : defaults()) {
      var resources = (Map<String, Map<String, Object>>) s.template().get("Resources");
      resources.forEach((id, r) -> {
        var props = (Map<String, Object>) r.getOrDefault("Properties", Map.of());
        List<Map<String, Object>> rules = switch ((String) r.get("Type")) {
          case "AWS::EC2::SecurityGroup" -> (List<Map<String, Object>>) props.getOrDefault("SecurityGroupIngress", List.of());
          case "AWS::EC2::SecurityGroupIngress" -> List.of(props);
          default -> List.of();
        };
        for (var rule : rules) {
          boolean world = "0.0.0.0/0".equals(rule.get("CidrIp")) || "::/0".equals(rule.get("CidrIpv6"));
          boolean all = "-1".equals(String.valueOf(rule.get("IpProtocol")));
          boolean port80 = rule.get("FromPort") instanceof Number from && rule.get("ToPort") instanceof Number to
              && from.intValue() <= 80 && to.intValue() >= 80;
          if (world && (all || port80)) open.add(s.stack() + "/" + id + " " + rule);
        }
      });
    }
    assertEquals(List.of(), open);
  }
}
