package io.fleetkit.stacks.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.ImagePipelinesConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The image_pipelines plan in plain Java: build order and parents, no construct, no jsii. */
class ImagePipelinesPlanTest {
  // Children are listed before their parents on purpose.
  static final FleetkitConfig CONFIG = ConfigLoader.parse("test.yaml", """
      project:
        prefix: acme
        region: eu-west-1
      image_pipelines:
        enabled: true
        gold:
          base_image_parameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64
          components: [{managed: update-linux}]
        workloads:
          - name: serving
            parent: ml
            components: [{managed: update-linux}]
          - name: ml
            parent: gold
            components: [{managed: update-linux}]
          - name: batch
            parent: gold
            components: [{managed: update-linux}]
      """);

  @Test
  void parentsComeBeforeTheirChildren() {
    var plan = ImagePipelinesPlan.of(CONFIG);
    assertEquals(List.of("acme-gold", "acme-ml", "acme-batch", "acme-serving"),
        plan.pipelines().stream().map(ImagePipelinesPlan.Pipeline::resourceName).toList());
    assertEquals(List.of(
            new ImagePipelinesPlan.BaseImage("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"),
            new ImagePipelinesPlan.ParentPipeline("gold", "acme-gold"),
            new ImagePipelinesPlan.ParentPipeline("gold", "acme-gold"),
            new ImagePipelinesPlan.ParentPipeline("ml", "acme-ml")),
        plan.pipelines().stream().map(ImagePipelinesPlan.Pipeline::parent).toList());
  }

  @Test
  void parentsThatNeverReachGoldAreConfigErrorsBeforeAnyConstruct() {
    // The reader reports cycles and unknown parents; the plan must not loop or throw at construct time.
    var c = CONFIG.imagePipelines();
    var w = c.workloads();
    var gold = c.gold();
    var bad = new ImagePipelinesConfig(c.enabled(), c.schedule(), c.instanceTypes(), c.defaultVpc(), c.subnetId(), c.securityGroupIds(),
        c.notificationEmail(), c.logRetentionDays(), c.testTimeoutMinutes(),
        new ImagePipelinesConfig.Pipeline(gold.name(), Optional.empty(), gold.parent(), gold.components(), gold.amiName(),
            gold.ssmParameter(), gold.rootVolumeGiB()),
        List.of(parent(w.get(0), "batch"), parent(w.get(1), "gold"), parent(w.get(2), "serving")));
    var e = assertThrows(ConfigException.class, () -> ImagePipelinesPlan.of(new FleetkitConfig(CONFIG.project(),
        CONFIG.guardrails(), CONFIG.dashboard(), CONFIG.gpuMonitoring(), bad, CONFIG.capacityReservation(),
        CONFIG.spotFleet(), CONFIG.localZone(), CONFIG.spotPlacementScores(), CONFIG.queueWorkers(),
        CONFIG.rootRestore(), CONFIG.credentialGuard(), CONFIG.instanceConnect(), CONFIG.outpostRouting(),
        CONFIG.source())));
    assertEquals(List.of(
        "test.yaml:7:27: image_pipelines.gold.base_image_parameter: the gold pipeline has no base image (expected an SSM"
            + " parameter that holds an AMI ID, such as /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64)",
        "test.yaml:11:15: image_pipelines.workloads[0].parent: \"batch\" does not lead to the gold pipeline \"gold\""
            + " (expected a chain of parents that ends there, without a cycle)",
        "test.yaml:17:15: image_pipelines.workloads[2].parent: \"serving\" does not lead to the gold pipeline \"gold\""
            + " (expected a chain of parents that ends there, without a cycle)"), e.lines());
  }

  static ImagePipelinesConfig.Pipeline parent(ImagePipelinesConfig.Pipeline p, String parent) {
    return new ImagePipelinesConfig.Pipeline(p.name(), p.baseImageParameter(), Optional.of(parent), p.components(),
        p.amiName(), p.ssmParameter(), p.rootVolumeGiB());
  }
}
