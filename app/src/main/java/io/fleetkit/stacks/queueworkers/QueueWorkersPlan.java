package io.fleetkit.stacks.queueworkers;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.DashboardConfig;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.QueueWorkersConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.MixedInstancesGroup;
import io.fleetkit.constructs.SpotAllocation;
import io.fleetkit.stacks.capacity.SpotFleetPlan;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <prefix>-queue-workers} builds, decided before any construct exists: the image for the
 * instances' CPU, the On-Demand and Spot distribution, and the scaling metric with its target.
 */
public record QueueWorkersPlan(QueueWorkersConfig config, AmiChoice ami, MixedInstancesGroup.Distribution distribution,
    BacklogMetric metric, String dashboardName, DashboardConfig.Limits dashboardLimits) {

  public static QueueWorkersPlan of(FleetkitConfig config) {
    return of(config, System.err);
  }

  /** Plans the stack; a FIFO queue prints one line on what caps its parallelism to {@code log}. */
  static QueueWorkersPlan of(FleetkitConfig config, PrintStream log) {
    QueueWorkersConfig c = config.queueWorkers();
    var i = c.instances();
    Optional<SpotAllocation> strategy = SpotAllocation.parse(i.spotAllocationStrategy());
    if (strategy.isEmpty()) {
      throw new ConfigException(List.of(config.source().error("queue_workers.instances.spot_allocation_strategy", "\""
          + i.spotAllocationStrategy() + "\" is not a Spot allocation strategy of Auto Scaling (expected one of: "
          + String.join(", ", SpotAllocation.names()) + ")")));
    }
    if (c.queue().fifo()) {
      // SQS developer guide, "FIFO queue logic": messages of one group are received in order, one batch at a
      // time, so more workers than active message groups wait idle however long the backlog is.
      log.println("fleetkit: " + config.project().prefix() + "-queue-workers has a FIFO queue: at most one message"
          + " per message group is in flight, so instances beyond the number of active message groups stay idle while"
          + " the backlog metric asks for more (keep capacity.max at or below your message groups)");
    }
    return new QueueWorkersPlan(c,
        AmiChoice.of(i.imageSsmParameter(), i.imageRootDevice(), SpotFleetPlan.cpu(i.instanceTypes(),
            i.instanceRequirements())),
        new MixedInstancesGroup.Distribution(i.onDemandBaseCapacity(), i.onDemandPercentageAboveBase(), strategy.get()),
        new BacklogMetric(c.acceptableLatencySeconds(), c.estimatedProcessingSeconds(), c.metricsNamespace()),
        config.project().prefix() + "-queue-workers", config.dashboard().limits());
  }
}
