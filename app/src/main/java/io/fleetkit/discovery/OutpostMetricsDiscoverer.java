package io.fleetkit.discovery;

import static io.fleetkit.inventory.OutpostMetrics.EBS_METRIC;
import static io.fleetkit.inventory.OutpostMetrics.OUTPOSTS_NAMESPACE;
import static io.fleetkit.inventory.OutpostMetrics.S3_METRIC;
import static io.fleetkit.inventory.OutpostMetrics.S3_NAMESPACE;

import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * CloudWatch {@code ListMetrics}: which EBS volume types and whether S3 on Outposts metrics exist
 * for an Outpost, so the dashboard graphs what is there instead of assuming gp2.
 */
public final class OutpostMetricsDiscoverer {

  private final CloudWatchClient client;
  private final ApiCalls calls;

  public OutpostMetricsDiscoverer(CloudWatchClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The VolumeType values of EBS capacity metrics of the Outpost, sorted. */
  public List<String> ebsVolumeTypes(String outpostId) {
    TreeSet<String> types = new TreeSet<>();
    for (Metric m : list(OUTPOSTS_NAMESPACE, EBS_METRIC, outpostId)) {
      m.dimensions().stream().filter(d -> "VolumeType".equals(d.name()) && d.value() != null)
          .forEach(d -> types.add(d.value()));
    }
    return List.copyOf(types);
  }

  /** Whether the Outpost reports S3 on Outposts capacity. */
  public boolean hasS3(String outpostId) {
    return !list(S3_NAMESPACE, S3_METRIC, outpostId).isEmpty();
  }

  private List<Metric> list(String namespace, String metricName, String outpostId) {
    List<Metric> out = new java.util.ArrayList<>();
    String token = null;
    do {
      ListMetricsRequest request = ListMetricsRequest.builder()
          .namespace(namespace).metricName(metricName)
          .dimensions(DimensionFilter.builder().name("OutpostId").value(outpostId).build())
          .nextToken(token).build();
      ListMetricsResponse page = calls.call("cloudwatch", "ListMetrics", () -> client.listMetrics(request));
      out.addAll(page.metrics());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }
}
