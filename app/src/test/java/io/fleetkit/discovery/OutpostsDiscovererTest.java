package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.fleetkit.discovery.AwsMock.body;
import static io.fleetkit.discovery.AwsMock.restJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.discovery.OutpostsDiscoverer.Found;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.outposts.OutpostsClient;

class OutpostsDiscovererTest {
  private static AwsMock aws;
  private static OutpostsClient client;

  @BeforeAll
  static void start() {
    aws = new AwsMock();
    client = aws.clients().build(OutpostsClient.builder());
    stubOutposts(aws);
  }

  @AfterAll
  static void stop() {
    client.close();
    aws.close();
  }

  /** Two ListOutposts pages (one RETIRING Outpost among them); Outpost 1 has two pages of instance types. */
  static void stubOutposts(AwsMock aws) {
    aws.server.stubFor(get(urlPathEqualTo("/outposts")).withQueryParam("NextToken", absent())
        .willReturn(restJson(200, body("outposts/list-outposts-page1.json"))));
    aws.server.stubFor(get(urlPathEqualTo("/outposts")).withQueryParam("NextToken", equalTo("b3V0cG9zdHMtcGFnZS0y"))
        .willReturn(restJson(200, body("outposts/list-outposts-page2.json"))));
    aws.server.stubFor(get(urlPathEqualTo("/outposts/op-0a1b2c3d4e5f60001/instanceTypes")).withQueryParam("NextToken", absent())
        .willReturn(restJson(200, body("outposts/instance-types-op1-page1.json"))));
    aws.server.stubFor(get(urlPathEqualTo("/outposts/op-0a1b2c3d4e5f60001/instanceTypes"))
        .withQueryParam("NextToken", equalTo("aXR5cGVzLXBhZ2UtMg=="))
        .willReturn(restJson(200, body("outposts/instance-types-op1-page2.json"))));
    aws.server.stubFor(get(urlPathEqualTo("/outposts/op-0a1b2c3d4e5f60002/instanceTypes")).withQueryParam("NextToken", absent())
        .willReturn(restJson(200, body("outposts/instance-types-op2.json"))));
  }

  @Test
  void activeOutpostsEachWithAllItsOwnInstanceTypes() {
    ApiCalls calls = new ApiCalls();

    List<Found> found = new OutpostsDiscoverer(client, calls).discover();

    // The blog's sample kept only the last page of the last Outpost; each Outpost keeps all of its own here.
    assertEquals(List.of(
        new Found("op-0a1b2c3d4e5f60001", "arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001",
            "dc1-rack", "os-0a1b2c3d4e5f60001", "111122223333", "ACTIVE", List.of("c5.xlarge", "m5.large", "r5.2xlarge")),
        new Found("op-0a1b2c3d4e5f60002", "arn:aws:outposts:us-east-1:444455556666:outpost/op-0a1b2c3d4e5f60002",
            "dc2-rack", "os-0a1b2c3d4e5f60002", "444455556666", "ACTIVE", List.of("g4dn.12xlarge", "m5.2xlarge"))), found);
    assertEquals(Map.of("outposts:ListOutposts", 2L, "outposts:GetOutpostInstanceTypes", 3L), calls.counts());
    var list = aws.requests(getRequestedFor(urlPathEqualTo("/outposts"))).get(0);
    assertEquals("ACTIVE", list.queryParameter("LifeCycleStatusFilter").firstValue());
    assertEquals("100", list.queryParameter("MaxResults").firstValue());
  }
}
