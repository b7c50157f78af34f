package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.discovery.AwsMock.queried;
import static io.fleetkit.discovery.AwsMock.query;
import static io.fleetkit.discovery.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

class AutoScalingDiscovererTest {
  private static AwsMock aws;
  private static AutoScalingClient client;

  @BeforeAll
  static void start() {
    aws = new AwsMock();
    client = aws.clients().build(AutoScalingClient.builder());
  }

  @AfterAll
  static void stop() {
    client.close();
    aws.close();
  }

  @Test
  void filtersOnTheTagAndPages() {
    aws.server.stubFor(query("DescribeAutoScalingGroups").withRequestBody(notContaining("NextToken"))
        .willReturn(xmlFile("autoscaling/describe-auto-scaling-groups-page1.xml")));
    aws.server.stubFor(query("DescribeAutoScalingGroups").withRequestBody(containing("NextToken=YXNnLXBhZ2UtMg%3D%3D"))
        .willReturn(xmlFile("autoscaling/describe-auto-scaling-groups-page2.xml")));
    ApiCalls calls = new ApiCalls();

    List<AutoScalingGroup> groups = new AutoScalingDiscoverer(client, calls).find("Dashboard", List.of("staging", "prod"));

    assertEquals(List.of(new AutoScalingGroup("batch-asg"), new AutoScalingGroup("web-asg")), groups);
    assertEquals(Map.of("autoscaling:DescribeAutoScalingGroups", 2L), calls.counts());
    var form = Ec2DiscovererTest.form(aws.requests(queried("DescribeAutoScalingGroups")).get(0).getBodyAsString());
    assertEquals("tag:Dashboard", form.get("Filters.member.1.Name"));
    assertEquals("prod", form.get("Filters.member.1.Values.member.1"));
    assertEquals("staging", form.get("Filters.member.1.Values.member.2"));
    assertEquals("100", form.get("MaxRecords"));
    assertEquals("false", form.get("IncludeInstances"));
  }
}
