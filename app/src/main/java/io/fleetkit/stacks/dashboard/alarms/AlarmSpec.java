package io.fleetkit.stacks.dashboard.alarms;

import io.fleetkit.inventory.Inventory.MetricSeries;
import java.util.List;

/**
 * One CloudWatch alarm, decided by the plan before any construct exists: a single recorded metric, or a
 * metric math expression over recorded metrics ({@code {0}}, {@code {1}}, ... name the inputs).
 *
 * @param name starts with the project prefix: the refresh build may only manage alarms named {@code <prefix>-*}
 * @param expression null for a single-metric alarm on {@code inputs.get(0)}
 * @param comparison a CloudWatch ComparisonOperator, such as GreaterThanThreshold
 * @param treatMissingData breaching, notBreaching, ignore or missing
 */
public record AlarmSpec(String name, String description, List<MetricSeries> inputs, String expression, String label,
    String statistic, int periodSeconds, String comparison, int threshold, int datapoints, String treatMissingData) {

  public static final String GREATER = "GreaterThanThreshold";
  public static final String LESS = "LessThanThreshold";
  /** CloudWatch quotas: "Alarms based on metric math expressions can have up to 10 metrics". */
  public static final int MAX_MATH_METRICS = 10;
  /** PutMetricAlarm: AlarmName 1-255 characters, AlarmDescription at most 1,024. */
  public static final int MAX_NAME = 255;
  public static final int MAX_DESCRIPTION = 1_024;

  /**
   * Bytes the alarm adds to a template beyond its names, dimensions and tags: type, logical ID, metadata, the
   * topic ARN (an Fn::Join with the account) in AlarmActions and OKActions and the fixed properties. Synthesized
   * alarms of the default config take 1,565 to 2,190 bytes with their three tags, which this bounds from above.
   */
  static final int TEMPLATE_OVERHEAD_BYTES = 1_200;

  public AlarmSpec {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() || (expression == null && inputs.size() != 1) || inputs.size() > MAX_MATH_METRICS) {
      throw new IllegalArgumentException(name + ": " + inputs.size() + " metrics");
    }
    if (name.isEmpty() || name.length() > MAX_NAME) throw new IllegalArgumentException("alarm name length: " + name);
    if (description.length() > MAX_DESCRIPTION) description = description.substring(0, MAX_DESCRIPTION);
  }

  /** An upper bound of the bytes the alarm takes in a template, for spreading over stacks. */
  public long templateBytes() {
    long bytes = TEMPLATE_OVERHEAD_BYTES + 2L * name.length() + description.length()
        + (expression == null ? 0 : expression.length() + label.length() + 200);
    for (MetricSeries m : inputs) {
      bytes += 150 + m.namespace().length() + m.metricName().length();
      for (var d : m.dimensions().entrySet()) bytes += 40 + d.getKey().length() + d.getValue().length();
    }
    return bytes;
  }

  /** The alarm's ARN in the account and Region the snapshot was discovered in (which the plan checked). */
  public String arn(String partition, String region, String account) {
    return "arn:" + partition + ":cloudwatch:" + region + ":" + account + ":alarm:" + name;
  }
}
