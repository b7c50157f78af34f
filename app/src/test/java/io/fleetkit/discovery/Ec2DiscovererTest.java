package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.discovery.AwsMock.queried;
import static io.fleetkit.discovery.AwsMock.query;
import static io.fleetkit.discovery.AwsMock.xml;
import static io.fleetkit.discovery.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.Ec2Discoverer.Described;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

class Ec2DiscovererTest {
  private static final String OUTPOST = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001";
  private static AwsMock aws;
  private static Ec2Client client;

  @BeforeAll
  static void start() {
    aws = new AwsMock();
    client = aws.clients().build(Ec2Client.builder());
  }

  @AfterAll
  static void stop() {
    client.close();
    aws.close();
  }

  @AfterEach
  void reset() {
    aws.reset();
  }

  @Test
  void readsEveryInstanceOfEveryReservationOverPages() {
    aws.server.stubFor(query("DescribeInstances").withRequestBody(notContaining("NextToken"))
        .willReturn(xmlFile("ec2/describe-instances-page1.xml")));
    aws.server.stubFor(query("DescribeInstances")
        .withRequestBody(containing("NextToken=eyJ2IjoiMiIsImMiOiJwYWdlLTIifQ%3D%3D"))
        .willReturn(xmlFile("ec2/describe-instances-page2.xml")));
    ApiCalls calls = new ApiCalls();

    List<Described> found = new Ec2Discoverer(client, calls)
        .describeInstances(List.of("i-0a1b2c3d4e5f60003", "i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"));

    assertEquals(List.of(
        new Described("i-0a1b2c3d4e5f60001", "m5.large", "running", OUTPOST,
            List.of("vol-0a1b2c3d4e5f60010", "vol-0a1b2c3d4e5f60011")),
        new Described("i-0a1b2c3d4e5f60002", "m5.large", "stopped", OUTPOST, List.of("vol-0a1b2c3d4e5f60021")),
        new Described("i-0a1b2c3d4e5f60003", "t2.micro", "pending", null, List.of("vol-0a1b2c3d4e5f60031"))), found);
    assertEquals(Map.of("ec2:DescribeInstances", 2L), calls.counts());
    Map<String, String> form = form(aws.requests(queried("DescribeInstances")).get(0).getBodyAsString());
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
      aws.server.stubFor(query("DescribeInstances").withRequestBody(containing("Filter.1.Value.1=" + batch.get(0) + "&"))
          .willReturn(xml(200, Wire.describeInstances(reservations, null))));
    }

    List<Described> found = new Ec2Discoverer(client, new ApiCalls()).describeInstances(ids);

    assertEquals(300, found.size());
    assertEquals(ids, found.stream().map(Described::id).toList());
    var requests = aws.requests(queried("DescribeInstances"));
    assertEquals(2, requests.size());
    for (var r : requests) {
      long values = form(r.getBodyAsString()).keySet().stream().filter(k -> k.matches("Filter\\.\\d+\\.Value\\.\\d+")).count();
      assertTrue(values <= 200, values + " filter values in one call");
    }
  }

  @Test
  void nitroComesFromTheHypervisor() {
    aws.server.stubFor(query("DescribeInstanceTypes").willReturn(xmlFile("ec2/describe-instance-types.xml")));
    ApiCalls calls = new ApiCalls();

    Map<String, Boolean> nitro = new Ec2Discoverer(client, calls).nitroByType(Set.of("t2.micro", "m5.large"));

    assertEquals(Map.of("m5.large", true, "t2.micro", false), nitro);
    Map<String, String> form = form(aws.requests(queried("DescribeInstanceTypes")).get(0).getBodyAsString());
    assertEquals("m5.large", form.get("InstanceType.1"));
    assertEquals("t2.micro", form.get("InstanceType.2"));
  }

  @Test
  void unauthorizedOperationIsAccessDenied() {
    aws.server.stubFor(query("DescribeInstanceTypes").willReturn(xml(403, AwsMock.body("ec2/unauthorized-operation.xml"))));

    var e = assertThrows(AccessDeniedException.class,
        () -> new Ec2Discoverer(client, new ApiCalls()).nitroByType(Set.of("m5.large")));

    assertEquals("ec2", e.service());
    assertEquals("DescribeInstanceTypes", e.operation());
    assertTrue(e.getMessage().startsWith("ec2:DescribeInstanceTypes was denied (UnauthorizedOperation: You are not authorized"),
        e.getMessage());
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
