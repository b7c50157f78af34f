package io.fleetkit.discovery;

import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_RECORDED;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOST_ID;
import static io.fleetkit.inventory.OutpostMetrics.S3_RECORDED;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.Inventory.MetricSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * CloudWatch {@code ListMetrics}: which metrics, under which namespace and with which dimension sets, exist
 * for an Outpost, so the dashboard and the alarms use what is there instead of what a page or a blog
 * assumes. ListMetrics returns the metrics that received data in the past two weeks (CloudWatch API
 * Reference, ListMetrics), each with its full dimension set; a filter on OutpostId matches every metric
 * that carries that dimension whatever its other dimensions (such as each Account of UsedInstanceType_Count).
 */
public final class OutpostMetricsDiscoverer {
  /**
   * Where S3 on Outposts may publish, in the order tried. The S3 user guide ("Amazon S3 on Outposts metrics
   * in CloudWatch") names "the S3Outposts namespace"; the Outposts dashboard blog's sample code graphs
   * AWS/S3Outposts. The first one with data for the Outpost is recorded; the dashboard reads it from there.
   */
  public static final List<String> S3_NAMESPACES = List.of("S3Outposts", "AWS/S3Outposts");
  /**
   * ListMetrics returns up to 500 series a call (CloudWatch API Reference, ListMetrics): 200 pages hold 100,000 series
   * of one Outpost in one namespace, far more than its instance types, volume types and buckets publish, and a
   * repeated or endless token still ends the loop ({@link Pages}).
   */
  static final int METRIC_PAGES = 200;

  private final CloudWatchClient client;
  private final ApiCalls calls;

  public OutpostMetricsDiscoverer(CloudWatchClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The recorded AWS/Outposts series of the Outpost (OutpostMetrics.OUTPOSTS_RECORDED), every dimension set. */
  public List<MetricSeries> outposts(String outpostId) {
    return list(OUTPOSTS_NAMESPACE, outpostId, OUTPOSTS_RECORDED);
  }

  /** The S3 on Outposts series of the Outpost in the first namespace of {@link #S3_NAMESPACES} that has any. */
  public List<MetricSeries> s3(String outpostId) {
    for (String namespace : S3_NAMESPACES) {
      List<MetricSeries> found = list(namespace, outpostId, S3_RECORDED);
      if (!found.isEmpty()) return found;
    }
    return List.of();
  }

  private List<MetricSeries> list(String namespace, String outpostId, List<String> names) {
    List<MetricSeries> out = new ArrayList<>();
    Pages.each("cloudwatch:ListMetrics", METRIC_PAGES, token -> {
      ListMetricsRequest request = ListMetricsRequest.builder()
          .namespace(namespace)
          .dimensions(DimensionFilter.builder().name(OUTPOST_ID).value(outpostId).build())
          .nextToken(token).build();
      return calls.call("cloudwatch", "ListMetrics", () -> client.listMetrics(request));
    }, ListMetricsResponse::nextToken, page -> {
      for (Metric m : page.metrics()) {
        MetricSeries s = series(m, namespace);
        // The filter asks for this Outpost; the check keeps that true whatever the service returns.
        if (names.contains(s.metricName()) && outpostId.equals(s.dimension(OUTPOST_ID))) out.add(s);
      }
    });
    return out;
  }

  private static MetricSeries series(Metric m, String namespace) {
    if (m.metricName() == null || m.metricName().isEmpty()) {
      throw new MalformedResponseException("cloudwatch:ListMetrics returned a metric without MetricName in " + namespace, null);
    }
    TreeMap<String, String> dims = new TreeMap<>();
    for (Dimension d : m.dimensions()) {
      if (d.name() == null || d.value() == null || dims.put(d.name(), d.value()) != null) {
        throw new MalformedResponseException("cloudwatch:ListMetrics returned " + m.metricName()
            + " with a dimension without Name or Value, or twice (" + d + ")", null);
      }
    }
    return new MetricSeries(namespace, m.metricName(), dims);
  }
}
