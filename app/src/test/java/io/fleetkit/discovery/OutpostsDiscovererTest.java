package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.discovery.OutpostsDiscoverer.Found;
import io.fleetkit.support.AwsMock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.outposts.OutpostsClient;

class OutpostsDiscovererTest {
  /**
   * aws/outposts: two ListOutposts pages (one RETIRING Outpost among them); Outpost 1 has two pages of
   * instance types.
   */
  @RegisterExtension static final AwsMock aws = new AwsMock("outposts");

  @Test
  void activeOutpostsEachWithAllItsOwnInstanceTypes() {
    ApiCalls calls = new ApiCalls();

    List<Found> found = new OutpostsDiscoverer(aws.client(OutpostsClient.builder()), calls).discover();

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
