package io.fleetkit.stacks.queueworkers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scaling metric evaluated in plain Java over fixture series (one value a minute, NaN where a metric has no
 * datapoint), with target tracking's proportional rule: the capacity that brings the metric back to the target
 * is the current capacity times metric / target, rounded up (from 0 instances, metric / target).
 */
class BacklogMetricTest {
  static final double NO_DATA = Double.NaN;
  /** The blog's test: latency target and processing seconds chosen so that 4 instances meet the target. */
  static final BacklogMetric METRIC = new BacklogMetric(300, 30, "Fleetkit/QueueWorkers");

  static double[] evaluate(double[] visible, double[] inService, double[] seconds) {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("m1", visible);
    series.put("m2", inService);
    series.put("m3", seconds);
    return MetricMath.evaluate(METRIC.expression(), series);
  }

  static int needed(int current, double metric, double target, int max) {
    double raw = current == 0 ? Math.ceil(metric / target) : Math.ceil(current * metric / target);
    return (int) Math.min(max, raw);
  }

  @Test
  void theExpressionIsTheOneOfTheIssue() {
    assertEquals("IF(m2 > 0, m1 / m2, m1) * FILL(m3, 30)", METRIC.expression());
    assertEquals("300 / FILL(m2, 30)", METRIC.targetBacklogExpression("m2"));
  }

  @Test
  void zeroInstancesWithABacklogScaleOut() {
    // 120 messages, no instance, no worker has published: the whole backlog waits for one instance.
    double[] e1 = evaluate(new double[] {120, 120}, new double[] {0, 0}, new double[] {NO_DATA, NO_DATA});
    assertArrayEquals(new double[] {3600, 3600}, e1);
    assertTrue(e1[1] > METRIC.targetSeconds(), "above the target: scale out");
    assertEquals(10, needed(0, e1[1], METRIC.targetSeconds(), 10));
    assertEquals(12, needed(0, e1[1], METRIC.targetSeconds(), 20));
    // The blog's metric, backlog / instances, has no datapoint at 0 instances: nothing would ever scale out.
    Map<String, double[]> naive = new LinkedHashMap<>();
    naive.put("m1", new double[] {120});
    naive.put("m2", new double[] {0});
    naive.put("m3", new double[] {30});
    assertTrue(Double.isNaN(MetricMath.evaluate("m1 / m2 * m3", naive)[0]));
  }

  @Test
  void doublingTheProcessingTimeDoublesTheNeededCapacity() {
    // 40 messages on 4 instances at 30 s each: 10 per instance x 30 s = 300 s, exactly the target.
    double[] steady = evaluate(new double[] {40}, new double[] {4}, new double[] {30});
    assertEquals(300, steady[0]);
    assertEquals(4, needed(4, steady[0], METRIC.targetSeconds(), 10));
    // The workers slow down to 60 s a message: the blog's 4 -> 8 instances, with no target rewritten.
    double[] slower = evaluate(new double[] {40}, new double[] {4}, new double[] {60});
    assertEquals(600, slower[0]);
    assertEquals(8, needed(4, slower[0], METRIC.targetSeconds(), 10));
  }

  @Test
  void itIsTheBlogsDynamicTargetMultipliedOut() {
    // Blog: scale so that backlog per instance <= latency / processing time (the "acceptable backlog per
    // instance" a Lambda function rewrote). The capacity it asks for is the same for any fixture.
    int[][] fixtures = {{40, 4, 30}, {40, 4, 60}, {7, 3, 45}, {1000, 10, 2}, {3, 1, 299}, {0, 5, 30}};
    for (int[] f : fixtures) {
      double e1 = evaluate(new double[] {f[0]}, new double[] {f[1]}, new double[] {f[2]})[0];
      double acceptableBacklogPerInstance = (double) METRIC.targetSeconds() / f[2];
      int blog = (int) Math.ceil(f[0] / acceptableBacklogPerInstance - 1e-9);
      assertEquals(blog, (int) Math.ceil(f[1] * e1 / METRIC.targetSeconds() - 1e-9), java.util.Arrays.toString(f));
    }
  }

  @Test
  void minutesWithoutAProcessingTimeUseTheEstimate() {
    double[] e1 = evaluate(new double[] {40, 40, 40}, new double[] {4, 4, 4}, new double[] {60, NO_DATA, 15});
    assertArrayEquals(new double[] {600, 300, 150}, e1);
  }

  @Test
  void aMinuteWithoutBacklogOrGroupDataHasNoValue() {
    double[] e1 = evaluate(new double[] {NO_DATA, 40}, new double[] {4, NO_DATA}, new double[] {30, 30});
    assertTrue(Double.isNaN(e1[0]) && Double.isNaN(e1[1]), "target tracking waits for data, it does not guess");
  }
}
