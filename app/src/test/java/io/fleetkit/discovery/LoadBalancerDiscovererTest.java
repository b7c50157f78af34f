package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.support.AwsMock.form;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.TargetGroup;
import io.fleetkit.support.AwsMock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

class LoadBalancerDiscovererTest {
  private static final String ALB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188";
  @RegisterExtension static final AwsMock aws = new AwsMock();
  final ElasticLoadBalancingV2Client client = aws.client(ElasticLoadBalancingV2Client.builder());

  @Test
  void loadBalancersWithTheirTargetGroupsAndDimensions() {
    aws.load("elbv2");
    ApiCalls calls = new ApiCalls();
    var discoverer = new LoadBalancerDiscoverer(client, calls);

    List<LoadBalancer> found = discoverer.withTargetGroups(discoverer.describeLoadBalancers(List.of(ALB)));

    assertEquals(List.of(new LoadBalancer(ALB, "web-alb", "app/web-alb/50dc6c495c0c9188", List.of(
        new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-blue/73e2d6bc24d8a067",
            "web-blue", "targetgroup/web-blue/73e2d6bc24d8a067"),
        new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-green/63e2d6bc24d8a066",
            "web-green", "targetgroup/web-green/63e2d6bc24d8a066")))), found);
    assertEquals(Map.of("elasticloadbalancing:DescribeLoadBalancers", 1L,
        "elasticloadbalancing:DescribeTargetGroups", 2L), calls.counts());
    var form = form(aws.requests(queried("DescribeLoadBalancers")).get(0));
    assertEquals(ALB, form.get("LoadBalancerArns.member.1"));
    var tgForm = form(aws.requests(queried("DescribeTargetGroups")).get(0));
    assertEquals("400", tgForm.get("PageSize"));
  }

  @Test
  void asksForAtMostTwentyArnsPerCallAndSkipsOnesThatNoLongerExist() {
    List<String> arns = IntStream.range(0, 25).mapToObj(i ->
        String.format("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/alb-%02d/%016x", i, i)).toList();
    String gone = arns.get(3);
    // The batch that holds the deleted ARN fails as a whole; each ARN is then asked alone.
    aws.stub(query("DescribeLoadBalancers").withRequestBody(containing("LoadBalancerArns.member.2="))
        .withRequestBody(containing(java.net.URLEncoder.encode(gone, java.nio.charset.StandardCharsets.UTF_8)))
        .willReturn(xml(400, notFound(gone))).atPriority(1));
    aws.stub(query("DescribeLoadBalancers").withRequestBody(notContaining("LoadBalancerArns.member.2="))
        .withRequestBody(containing(java.net.URLEncoder.encode(gone, java.nio.charset.StandardCharsets.UTF_8)))
        .willReturn(xml(400, notFound(gone))).atPriority(1));
    for (String arn : arns) {
      if (arn.equals(gone)) continue;
      aws.stub(query("DescribeLoadBalancers").withRequestBody(notContaining("LoadBalancerArns.member.2="))
          .withRequestBody(containing(java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8)))
          .willReturn(xml(200, Wire.describeLoadBalancers(List.of(arn)))).atPriority(2));
    }
    aws.stub(query("DescribeLoadBalancers").withRequestBody(containing("LoadBalancerArns.member.2="))
        .willReturn(xml(200, Wire.describeLoadBalancers(arns.subList(20, 25)))).atPriority(3));

    var found = new LoadBalancerDiscoverer(client, new ApiCalls()).describeLoadBalancers(arns);

    assertEquals(24, found.size());
    var requests = aws.requests(queried("DescribeLoadBalancers"));
    // 2 batches (20 + 5), then the 20 ARNs of the failed batch one by one.
    assertEquals(2 + 20, requests.size());
    for (var r : requests) {
      var form = form(r);
      assertEquals(null, form.get("LoadBalancerArns.member.21"));
    }
  }

  private static String notFound(String arn) {
    return "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type>"
        + "<Code>LoadBalancerNotFound</Code><Message>Load balancers '[" + arn + "]' not found</Message></Error>"
        + "<RequestId>9d0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4</RequestId></ErrorResponse>";
  }
}
