package io.fleetkit.config;

import java.util.List;
import java.util.Optional;

/**
 * Workers that drain an SQS queue, scaled by target tracking on metric math (AWS Compute Blog "Scaling an
 * ASG using target tracking with a dynamic SQS target", done without its two Lambda functions): backlog
 * per instance times seconds per message is the time one instance needs to drain its share, and its
 * target is the acceptable latency.
 *
 * @param acceptableLatencySeconds how long a message may wait, the target value of the scaling policy
 * @param estimatedProcessingSeconds seconds per message while the workers publish none
 * @param metricsNamespace where the workers publish {@code MessageProcessingSeconds}
 * @param warmupSeconds the group's default instance warmup
 * @param demoWorker user data that consumes messages and publishes their processing time
 */
public record QueueWorkersConfig(boolean enabled, List<String> availabilityZones, Queue queue,
    int acceptableLatencySeconds, int estimatedProcessingSeconds, String metricsNamespace, Capacity capacity,
    int warmupSeconds, Instances instances, boolean demoWorker, CapacityNetworkConfig network) {

  public QueueWorkersConfig {
    availabilityZones = List.copyOf(availabilityZones);
  }

  /**
   * The work queue and its dead-letter queue.
   *
   * @param name a fixed name, or empty for one CloudFormation generates; FIFO names end in {@code .fifo}
   * @param maxReceives receives before a message moves to the dead-letter queue (1 to 1000)
   */
  public record Queue(Optional<String> name, boolean fifo, int visibilityTimeoutSeconds, int maxReceives) {
    public static final String FIFO_SUFFIX = ".fifo";
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    /** The dead-letter queue's fixed name: orders.fifo gives orders-dlq.fifo, orders gives orders-dlq. */
    public Optional<String> deadLetterName() {
      return name.map(n -> {
        String stem = fifo && n.endsWith(FIFO_SUFFIX) ? n.substring(0, n.length() - FIFO_SUFFIX.length()) : n;
        return stem + DEAD_LETTER_SUFFIX + (fifo ? FIFO_SUFFIX : "");
      });
    }
  }

  /** The group's bounds; target tracking sets the desired capacity between them. */
  public record Capacity(int min, int max) {}

  /**
   * The workers' instances in the {@code spot_fleet} schema (without weights: backlog per instance counts
   * instances), through the shared mixed instances group.
   */
  public record Instances(List<SpotFleetConfig.InstanceTypeOverride> instanceTypes,
      List<SpotFleetConfig.Requirements> instanceRequirements, int onDemandBaseCapacity,
      int onDemandPercentageAboveBase, String spotAllocationStrategy, Optional<String> imageSsmParameter,
      String imageRootDevice, int rootVolumeGiB) {
    public Instances {
      instanceTypes = List.copyOf(instanceTypes);
      instanceRequirements = List.copyOf(instanceRequirements);
    }
  }
}
