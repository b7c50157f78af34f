package io.fleetkit.discovery;

import static io.fleetkit.support.AwsMock.form;
import static io.fleetkit.support.AwsMock.queried;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.AwsMock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class OutpostMetricsDiscovererTest {
  /** aws/cloudwatch: Outpost 1 has gp2 and gp3 and S3 on Outposts; Outpost 2 has gp3 only and no S3. */
  @RegisterExtension static final AwsMock aws = new AwsMock("cloudwatch");

  @Test
  void volumeTypesAndS3ComeFromListMetrics() {
    var metrics = new OutpostMetricsDiscoverer(aws.client(CloudWatchClient.builder()), new ApiCalls());

    assertEquals(List.of("gp2", "gp3"), metrics.ebsVolumeTypes("op-0a1b2c3d4e5f60001"));
    assertEquals(List.of("gp3"), metrics.ebsVolumeTypes("op-0a1b2c3d4e5f60002"));
    assertTrue(metrics.hasS3("op-0a1b2c3d4e5f60001"));
    assertFalse(metrics.hasS3("op-0a1b2c3d4e5f60002"));

    var form = form(aws.requests(queried("ListMetrics")).get(0));
    assertEquals("AWS/Outposts", form.get("Namespace"));
    assertEquals("EBSVolumeTypeCapacityUtilizationGB", form.get("MetricName"));
    assertEquals("OutpostId", form.get("Dimensions.member.1.Name"));
    assertEquals("op-0a1b2c3d4e5f60001", form.get("Dimensions.member.1.Value"));
  }
}
