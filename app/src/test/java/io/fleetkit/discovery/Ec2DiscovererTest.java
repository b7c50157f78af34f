package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.form;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.Ec2Discoverer.Described;
import io.fleetkit.support.AwsMock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;

class Ec2DiscovererTest {
  private static final String OUTPOST = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001";
  @RegisterExtension static final AwsMock aws = new AwsMock();
  final Ec2Client client = aws.client(Ec2Client.builder());

  @Test
  void readsEveryInstanceOfEveryReservationOverPages() {
    aws.load("ec2");
    ApiCalls calls = new ApiCalls();

    List<Described> found = new Ec2Discoverer(client, calls)
        .describeInstances(List.of("i-0a1b2c3d4e5f60003", "i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"));

    assertEquals(List.of(
        new Described("i-0a1b2c3d4e5f60001", "m5.large", "running", OUTPOST,
            List.of("vol-0a1b2c3d4e5f60010", "vol-0a1b2c3d4e5f60011")),
        new Described("i-0a1b2c3d4e5f60002", "m5.large", "stopped", OUTPOST, List.of("vol-0a1b2c3d4e5f60021")),
        new Described("i-0a1b2c3d4e5f60003", "t2.micro", "pending", null, List.of("vol-0a1b2c3d4e5f60031"))), found);
    assertEquals(Map.of("ec2:DescribeInstances", 2L), calls.counts());
    Map<String, String> form = form(aws.requests(queried("DescribeInstances")).get(0));
    assertEquals("instance-id", form.get("Filter.1.Name"));
    assertEquals("i-0a1b2c3d4e5f60001", form.get("Filter.1.Value.1"));
    assertEquals("i-0a1b2c3d4e5f60003", form.get("Filter.1.Value.3"));
    assertEquals("instance-state-name", form.get("Filter.2.Name"));
    assertEquals(List.of("pending", "running", "stopping", "stopped"), List.of(form.get("Filter.2.Value.1"),
        form.get("Filter.2.Value.2"), form.get("Filter.2.Value.3"), form.get("Filter.2.Value.4")));
    assertEquals("1000", form.get("MaxResults"));
  }

  @Test
  void splitsIdsSoThatNoCallExceeds200FilterValues() {
    List<String> ids = IntStream.range(0, 300).mapToObj(i -> String.format("i-%017x", i)).toList();
    // Reservations of 5 instances each, as RunInstances with MinCount 5 makes.
    for (int start = 0; start < ids.size(); start += Ec2Discoverer.IDS_PER_CALL) {
      List<String> batch = ids.subList(start, Math.min(ids.size(), start + Ec2Discoverer.IDS_PER_CALL));
      List<List<Wire.Instance>> reservations = new ArrayList<>();
      for (int r = 0; r < batch.size(); r += 5) {
        reservations.add(batch.subList(r, Math.min(batch.size(), r + 5)).stream()
            .map(id -> new Wire.Instance(id, "m5.large", "running", null, List.of("vol-" + id.substring(2)))).toList());
      }
      aws.stub(query("DescribeInstances").withRequestBody(containing("Filter.1.Value.1=" + batch.get(0) + "&"))
          .willReturn(xml(200, Wire.describeInstances(reservations, null))));
    }

    List<Described> found = new Ec2Discoverer(client, new ApiCalls()).describeInstances(ids);

    assertEquals(300, found.size());
    assertEquals(ids, found.stream().map(Described::id).toList());
    var requests = aws.requests(queried("DescribeInstances"));
    assertEquals(2, requests.size());
    for (var r : requests) {
      long values = form(r).keySet().stream().filter(k -> k.matches("Filter\\.\\d+\\.Value\\.\\d+")).count();
      assertTrue(values <= 200, values + " filter values in one call");
    }
  }

  @Test
  void nitroComesFromTheHypervisor() {
    aws.load("ec2");
    ApiCalls calls = new ApiCalls();

    Map<String, Boolean> nitro = new Ec2Discoverer(client, calls).nitroByType(Set.of("t2.micro", "m5.large"));

    assertEquals(Map.of("m5.large", true, "t2.micro", false), nitro);
    Map<String, String> form = form(aws.requests(queried("DescribeInstanceTypes")).get(0));
    assertEquals("m5.large", form.get("InstanceType.1"));
    assertEquals("t2.micro", form.get("InstanceType.2"));
  }

  @Test
  void unauthorizedOperationIsAccessDenied() {
    aws.stub(query("DescribeInstanceTypes").willReturn(xml(403, body("ec2/unauthorized-operation.xml"))));

    var e = assertThrows(AccessDeniedException.class,
        () -> new Ec2Discoverer(client, new ApiCalls()).nitroByType(Set.of("m5.large")));

    assertEquals("ec2", e.service());
    assertEquals("DescribeInstanceTypes", e.operation());
    assertTrue(e.getMessage().startsWith("ec2:DescribeInstanceTypes was denied (UnauthorizedOperation: You are not authorized"),
        e.getMessage());
  }
}
