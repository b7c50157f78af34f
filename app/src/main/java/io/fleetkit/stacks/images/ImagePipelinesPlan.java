package io.fleetkit.stacks.images;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.ImagePipelinesConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code <prefix>-image-pipelines} builds, decided before any construct exists: every pipeline in
 * build order (the gold one, then each workload after its parent) with its resource name and where its
 * parent image comes from.
 *
 * @param pipelines parents before children, so each workload's recipe can depend on its parent's pipeline
 */
public record ImagePipelinesPlan(String prefix, ImagePipelinesConfig config, List<Pipeline> pipelines) {

  /** Where a pipeline's parent image comes from. */
  public sealed interface Parent permits BaseImage, ParentPipeline {}

  /** The gold pipeline's base: an SSM public parameter that holds an AMI ID. */
  public record BaseImage(String ssmParameter) implements Parent {}

  /** A workload's base: the newest image (x.x.x) of another pipeline of this stack. */
  public record ParentPipeline(String name, String resourceName) implements Parent {}

  /** One pipeline: its config, its {@code <prefix>-<name>} resource name and its parent. */
  public record Pipeline(ImagePipelinesConfig.Pipeline config, String resourceName, Parent parent) {}

  public ImagePipelinesPlan {
    pipelines = List.copyOf(pipelines);
  }

  public static ImagePipelinesPlan of(FleetkitConfig config) {
    ImagePipelinesConfig c = config.imagePipelines();
    String prefix = config.project().prefix();
    String base = "image_pipelines";
    List<ConfigError> errors = new ArrayList<>();
    List<Pipeline> ordered = new ArrayList<>();
    var gold = c.gold();
    if (gold.baseImageParameter().isEmpty()) {
      errors.add(config.source().error(base + ".gold.base_image_parameter", "the gold pipeline has no base image"
          + " (expected an SSM parameter that holds an AMI ID, such as " + ImagePipelinesConfig.DEFAULT_BASE_IMAGE + ")"));
    } else {
      ordered.add(new Pipeline(gold, prefix + "-" + gold.name(), new BaseImage(gold.baseImageParameter().get())));
    }
    // Parents first: each pass takes, in config order, the workloads whose parent is already placed.
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < c.workloads().size(); i++) pending.add(i);
    // Gold counts as placed even without its base image: that is one error, not one per descendant.
    List<String> placed = new ArrayList<>(List.of(gold.name()));
    boolean progressed = true;
    while (!pending.isEmpty() && progressed) {
      progressed = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        var w = c.workloads().get(it.next());
        String parent = w.parent().orElse("");
        if (!placed.contains(parent)) continue;
        ordered.add(new Pipeline(w, prefix + "-" + w.name(), new ParentPipeline(parent, prefix + "-" + parent)));
        placed.add(w.name());
        it.remove();
        progressed = true;
      }
    }
    for (int i : pending) {
      var w = c.workloads().get(i);
      errors.add(config.source().error(base + ".workloads[" + i + "].parent", "\"" + w.parent().orElse("")
          + "\" does not lead to the gold pipeline \"" + gold.name() + "\" (expected a chain of parents that ends there,"
          + " without a cycle)"));
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new ImagePipelinesPlan(prefix, c, ordered);
  }
}
