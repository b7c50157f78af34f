package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.fleetkit.discovery.AwsMock.queried;
import static io.fleetkit.discovery.AwsMock.query;
import static io.fleetkit.discovery.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class OutpostMetricsDiscovererTest {
  private static AwsMock aws;
  private static CloudWatchClient client;

  @BeforeAll
  static void start() {
    aws = new AwsMock();
    client = aws.clients().build(CloudWatchClient.builder());
    stubMetrics(aws);
  }

  @AfterAll
  static void stop() {
    client.close();
    aws.close();
  }

  /** Outpost 1 has gp2 and gp3 and S3 on Outposts; Outpost 2 has gp3 only and no S3. */
  static void stubMetrics(AwsMock aws) {
    aws.server.stubFor(query("ListMetrics").willReturn(xmlFile("cloudwatch/list-metrics-empty.xml")).atPriority(9));
    aws.server.stubFor(query("ListMetrics").withRequestBody(containing("Namespace=AWS%2FOutposts"))
        .withRequestBody(containing("Value=op-0a1b2c3d4e5f60001"))
        .willReturn(xmlFile("cloudwatch/list-metrics-ebs-op1.xml")).atPriority(1));
    aws.server.stubFor(query("ListMetrics").withRequestBody(containing("Namespace=AWS%2FS3Outposts"))
        .withRequestBody(containing("Value=op-0a1b2c3d4e5f60001"))
        .willReturn(xmlFile("cloudwatch/list-metrics-s3-op1.xml")).atPriority(1));
    aws.server.stubFor(query("ListMetrics").withRequestBody(containing("Namespace=AWS%2FOutposts"))
        .withRequestBody(containing("Value=op-0a1b2c3d4e5f60002"))
        .willReturn(xmlFile("cloudwatch/list-metrics-ebs-op2.xml")).atPriority(1));
  }

  @Test
  void volumeTypesAndS3ComeFromListMetrics() {
    var metrics = new OutpostMetricsDiscoverer(client, new ApiCalls());

    assertEquals(List.of("gp2", "gp3"), metrics.ebsVolumeTypes("op-0a1b2c3d4e5f60001"));
    assertEquals(List.of("gp3"), metrics.ebsVolumeTypes("op-0a1b2c3d4e5f60002"));
    assertTrue(metrics.hasS3("op-0a1b2c3d4e5f60001"));
    assertFalse(metrics.hasS3("op-0a1b2c3d4e5f60002"));

    var form = Ec2DiscovererTest.form(aws.requests(queried("ListMetrics")).get(0).getBodyAsString());
    assertEquals("AWS/Outposts", form.get("Namespace"));
    assertEquals("EBSVolumeTypeCapacityUtilizationGB", form.get("MetricName"));
    assertEquals("OutpostId", form.get("Dimensions.member.1.Name"));
    assertEquals("op-0a1b2c3d4e5f60001", form.get("Dimensions.member.1.Value"));
  }
}
