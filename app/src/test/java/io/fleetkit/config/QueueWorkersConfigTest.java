package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The queue_workers section: defaults, and each bad input of issue 12 as one pinned error line. */
class QueueWorkersConfigTest {
  static final String PROJECT = """
      project:
        prefix: fk
        region: us-east-1
      """;
  static final String GOOD = """
      queue_workers:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
        instances:
          instance_types: [{type: m7g.medium}, {type: c7g.medium}]
      """;

  static List<String> errors(String section) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + section)).lines();
  }

  /** GOOD with {@code lines} added under queue_workers. */
  static String with(String lines) {
    return GOOD + lines.indent(2);
  }

  @Test
  void absentSectionIsDisabled() {
    assertFalse(ConfigLoader.parse("test.yaml", PROJECT).queueWorkers().enabled());
  }

  @Test
  void defaults() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + GOOD).queueWorkers();
    assertEquals(new QueueWorkersConfig.Queue(Optional.empty(), false, 120, 5), c.queue());
    assertEquals(300, c.acceptableLatencySeconds());
    assertEquals(30, c.estimatedProcessingSeconds());
    assertEquals("Fleetkit/QueueWorkers", c.metricsNamespace());
    assertEquals(new QueueWorkersConfig.Capacity(1, 10), c.capacity());
    assertEquals(120, c.warmupSeconds());
    assertFalse(c.demoWorker());
    assertEquals("price-capacity-optimized", c.instances().spotAllocationStrategy());
    assertEquals("10.42.0.0/16", c.network().cidr());
  }

  @Test
  void aFifoQueueNamesItsDeadLetterQueueAlike() {
    var q = ConfigLoader.parse("test.yaml", PROJECT + with("queue: {name: orders.fifo, fifo: true}")).queueWorkers().queue();
    assertEquals(Optional.of("orders-dlq.fifo"), q.deadLetterName());
    var standard = new QueueWorkersConfig.Queue(Optional.of("orders"), false, 120, 5);
    assertEquals(Optional.of("orders-dlq"), standard.deadLetterName());
  }

  @Test
  void latencyNotAboveProcessingTime() {
    assertEquals(List.of("test.yaml:9:31: queue_workers.acceptable_latency_seconds: 30 is not more than"
        + " estimated_processing_seconds 30 (expected more: a single message per instance would already miss the"
        + " target, so the group would always run at capacity.max)"),
        errors(with("acceptable_latency_seconds: 30\nestimated_processing_seconds: 30")));
  }

  @Test
  void visibilityTimeoutNotAboveProcessingTimeWithMargin() {
    assertEquals(List.of("test.yaml:9:39: queue_workers.queue.visibility_timeout_seconds: 30 is less than 2 ×"
        + " estimated_processing_seconds 30 (expected at least 60: a message still being worked on would become"
        + " visible and be worked twice)"), errors(with("queue: {visibility_timeout_seconds: 30}")));
  }

  @Test
  void aFifoQueueNameWithoutTheSuffix() {
    assertEquals(List.of("test.yaml:9:17: queue_workers.queue.name: \"orders\" does not end in .fifo (expected a FIFO"
        + " queue name ending in .fifo, such as orders.fifo)"), errors(with("queue: {name: orders, fifo: true}")));
  }

  @Test
  void aStandardQueueNameWithTheSuffix() {
    assertEquals(List.of("test.yaml:9:17: queue_workers.queue.name: \"orders.fifo\" ends in .fifo but fifo is false"
        + " (expected fifo: true, or a name without .fifo)"), errors(with("queue: {name: orders.fifo}")));
  }

  @Test
  void aQueueNameWithOtherCharacters() {
    assertEquals(List.of("test.yaml:9:17: queue_workers.queue.name: \"my.orders.fifo\" is not a queue name (expected"
        + " letters, digits, - and _ before .fifo)"), errors(with("queue: {name: my.orders.fifo, fifo: true}")));
  }

  @Test
  void aQueueNameWhoseDeadLetterQueueNameIsTooLong() {
    String name = "q".repeat(73) + ".fifo";
    assertEquals(List.of("test.yaml:9:17: queue_workers.queue.name: \"" + name + "\" is 78 characters, so the dead-letter"
        + " queue " + "q".repeat(73) + "-dlq.fifo would be 82 (expected at most 76 characters, .fifo included: queue"
        + " names stop at 80)"), errors(with("queue: {name: " + name + ", fifo: true}")));
  }

  @Test
  void maxReceivesOutsideOneToAThousand() {
    assertEquals(List.of("test.yaml:9:25: queue_workers.queue.max_receives: 0 is out of range (expected 1 to 1000)"),
        errors(with("queue: {max_receives: 0}")));
    assertEquals(List.of("test.yaml:9:25: queue_workers.queue.max_receives: 1001 is out of range (expected 1 to 1000)"),
        errors(with("queue: {max_receives: 1001}")));
  }

  @Test
  void weightsAreRefusedBecauseTheMetricCountsInstances() {
    assertEquals(List.of("test.yaml:8:49: queue_workers.instances.instance_types[0].weight: backlog per instance counts"
        + " instances (GroupInServiceInstances), so every type counts as one (expected no weight)",
        "test.yaml:8:80: queue_workers.instances.instance_types[1].weight: backlog per instance counts instances"
        + " (GroupInServiceInstances), so every type counts as one (expected no weight)"),
        errors(GOOD.replace("{type: m7g.medium}, {type: c7g.medium}", "{type: m7g.medium, weight: 1}, {type: c7g.medium,"
            + " weight: 2}")));
  }

  @Test
  void theSpotFleetChecksApplyToTheInstances() {
    assertEquals(List.of("test.yaml:8:21: queue_workers.instances.instance_types: 1 of 2 types are Graviton (arm64)"
        + " (expected one CPU architecture, since all share one image)"),
        errors(GOOD.replace("c7g.medium", "c7i.large")));
  }

  @Test
  void aMinimumAboveTheMaximum() {
    assertEquals(List.of("test.yaml:9:27: queue_workers.capacity.max: max 2 is less than min 3 (expected min <= max)"),
        errors(with("capacity: {min: 3, max: 2}")));
  }
}
