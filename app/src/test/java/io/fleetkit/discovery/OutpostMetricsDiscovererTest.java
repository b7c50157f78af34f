package io.fleetkit.discovery;

import static io.fleetkit.support.AwsMock.form;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.Series;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * aws/cloudwatch: Outpost 1 reports capacity (UsedInstanceType_Count from three accounts), EBS, the service
 * link and S3 on Outposts in S3Outposts; Outpost 2 reports nothing. Every answer in CloudWatch's query
 * protocol, which the SDK (2.40.2) speaks for ListMetrics: a form POST with Action=ListMetrics.
 */
class OutpostMetricsDiscovererTest {
  static final String OP1 = "op-0a1b2c3d4e5f60001";
  static final String OP2 = "op-0a1b2c3d4e5f60002";

  @RegisterExtension static final AwsMock aws = new AwsMock("cloudwatch");

  OutpostMetricsDiscoverer discoverer() {
    return new OutpostMetricsDiscoverer(aws.client(CloudWatchClient.builder()), new ApiCalls());
  }

  static String listMetrics(String members) {
    return "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ListMetricsResult><Metrics>"
        + members + "</Metrics></ListMetricsResult><ResponseMetadata><RequestId>5e0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4"
        + "</RequestId></ResponseMetadata></ListMetricsResponse>";
  }

  static String member(String ns, String name, String... dims) {
    StringBuilder b = new StringBuilder("<member><Namespace>" + ns + "</Namespace><MetricName>" + name
        + "</MetricName><Dimensions>");
    for (int i = 0; i < dims.length; i += 2) {
      b.append("<member><Name>").append(dims[i]).append("</Name><Value>").append(dims[i + 1]).append("</Value></member>");
    }
    return b.append("</Dimensions></member>").toString();
  }

  @Test
  void recordsEveryDimensionSetOfTheMetricsItUsesAndNothingElse() {
    List<MetricSeries> found = discoverer().outposts(OP1);

    String o = Series.OUTPOSTS;
    assertEquals(List.of(
        Series.of(o, "AvailableInstanceType_Count", "InstanceType", "c5.xlarge", "OutpostId", OP1),
        Series.of(o, "AvailableInstanceType_Count", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "InstanceTypeCapacityAvailability", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "UsedInstanceType_Count", "Account", "111122223333", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "InstanceTypeCapacityUtilization", "Account", "111122223333", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "UsedInstanceType_Count", "Account", "444455556666", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "InstanceTypeCapacityUtilization", "Account", "444455556666", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "UsedInstanceType_Count", "Account", "555566667777", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "InstanceTypeCapacityUtilization", "Account", "555566667777", "InstanceType", "m5.large", "OutpostId", OP1),
        Series.of(o, "EBSVolumeTypeCapacityUtilizationGB", "OutpostId", OP1, "VolumeType", "gp2"),
        Series.of(o, "EBSVolumeTypeCapacityUtilizationGB", "OutpostId", OP1, "VolumeType", "gp3"),
        Series.of(o, "EBSVolumeTypeCapacityAvailabilityGB", "OutpostId", OP1, "VolumeType", "gp3"),
        Series.of(o, "EBSVolumeTypeCapacityUtilization", "OutpostId", OP1, "VolumeType", "gp3"),
        Series.of(o, "ConnectedStatus", "OutpostId", OP1)), found, "CapacityExceptions and the VIF metrics are left out");

    var form = form(aws.requests(queried("ListMetrics")).get(0));
    assertEquals("AWS/Outposts", form.get("Namespace"));
    assertEquals(null, form.get("MetricName"), "every metric of the Outpost, whatever its name");
    assertEquals("OutpostId", form.get("Dimensions.member.1.Name"));
    assertEquals(OP1, form.get("Dimensions.member.1.Value"));
    assertEquals(null, form.get("Dimensions.member.2.Name"));
  }

  @Test
  void s3OutpostsIsAskedFirstAndRecordedWhenItHasData() {
    assertEquals(List.of(Series.of("S3Outposts", "OutpostTotalBytes", "OutpostId", OP1),
        Series.of("S3Outposts", "OutpostFreeBytes", "OutpostId", OP1)), discoverer().s3(OP1),
        "BucketUsedBytes is not recorded");
    assertEquals(List.of("S3Outposts"), aws.requests(queried("ListMetrics")).stream().map(r -> form(r).get("Namespace")).toList());
  }

  @Test
  void awsS3OutpostsIsAskedWhenS3OutpostsHasNothing() {
    aws.stub(query("ListMetrics").withRequestBody(WireMock.containing("Namespace=AWS%2FS3Outposts&"))
        .willReturn(xml(200, listMetrics(member("AWS/S3Outposts", "OutpostTotalBytes", "OutpostId", OP2)
            + member("AWS/S3Outposts", "OutpostFreeBytes", "OutpostId", OP2)))).atPriority(1));

    assertEquals(List.of(Series.of("AWS/S3Outposts", "OutpostTotalBytes", "OutpostId", OP2),
        Series.of("AWS/S3Outposts", "OutpostFreeBytes", "OutpostId", OP2)), discoverer().s3(OP2));
    assertEquals(OutpostMetricsDiscoverer.S3_NAMESPACES,
        aws.requests(queried("ListMetrics")).stream().map(r -> form(r).get("Namespace")).toList());
  }

  @Test
  void neitherNamespaceWithDataRecordsNothing() {
    assertEquals(List.of(), discoverer().s3(OP2));
    assertEquals(List.of(), discoverer().outposts(OP2));
  }

  @Test
  void pagesUntilNextTokenIsAbsentAndRefusesATokenSeenTwice() {
    String page1 = listMetrics(member("AWS/Outposts", "ConnectedStatus", "OutpostId", OP2)).replace("</Metrics>",
        "</Metrics><NextToken>page-2</NextToken>");
    aws.stub(query("ListMetrics").withRequestBody(WireMock.notContaining("NextToken")).willReturn(xml(200, page1)).atPriority(1));
    aws.stub(query("ListMetrics").withRequestBody(WireMock.containing("NextToken=page-2")).willReturn(xml(200,
        listMetrics(member("AWS/Outposts", "AvailableInstanceType_Count", "InstanceType", "m5.large", "OutpostId", OP2))))
        .atPriority(1));

    assertEquals(List.of(Series.of(Series.OUTPOSTS, "ConnectedStatus", "OutpostId", OP2),
        Series.of(Series.OUTPOSTS, "AvailableInstanceType_Count", "InstanceType", "m5.large", "OutpostId", OP2)),
        discoverer().outposts(OP2));
    assertEquals(2, aws.count(queried("ListMetrics")));

    aws.stub(query("ListMetrics").withRequestBody(WireMock.containing("NextToken=page-2")).willReturn(xml(200, page1))
        .atPriority(1));
    var e = assertThrows(MalformedResponseException.class, () -> discoverer().outposts(OP2));
    assertEquals("cloudwatch:ListMetrics returned the page token \"page-2\" twice (page 2); stopping instead of looping (a"
        + " service fault; retry later)", e.getMessage());
  }

  @Test
  void accessDeniedIsReportedForTheGap() {
    aws.stub(query("ListMetrics").willReturn(xml(403, "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
        + "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform:"
        + " cloudwatch:ListMetrics</Message></Error><RequestId>6e0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4</RequestId>"
        + "</ErrorResponse>")).atPriority(1));
    var e = assertThrows(AccessDeniedException.class, () -> discoverer().outposts(OP1));
    assertEquals("cloudwatch", e.service());
    assertEquals("ListMetrics", e.operation());
    assertTrue(e.getMessage().startsWith("cloudwatch:ListMetrics was denied (AccessDenied: "), e.getMessage());
  }

  @Test
  void aDimensionWithoutAValueIsAMalformedAnswer() {
    aws.stub(query("ListMetrics").willReturn(xml(200, listMetrics("<member><Namespace>AWS/Outposts</Namespace>"
        + "<MetricName>ConnectedStatus</MetricName><Dimensions><member><Name>OutpostId</Name></member></Dimensions>"
        + "</member>"))).atPriority(1));
    var e = assertThrows(MalformedResponseException.class, () -> discoverer().outposts(OP1));
    assertTrue(e.getMessage().startsWith("cloudwatch:ListMetrics returned ConnectedStatus with a dimension without Name or"
        + " Value"), e.getMessage());
  }
}
