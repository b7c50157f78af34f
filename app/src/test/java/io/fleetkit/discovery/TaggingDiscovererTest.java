package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.targeted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.support.AwsMock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

class TaggingDiscovererTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String GET_RESOURCES = "ResourceGroupsTaggingAPI_20170126.GetResources";
  @RegisterExtension static final AwsMock aws = new AwsMock();
  final ResourceGroupsTaggingApiClient client = aws.client(ResourceGroupsTaggingApiClient.builder());

  static MappingBuilder getResources() {
    return target(GET_RESOURCES);
  }

  static RequestPatternBuilder gotResources() {
    return targeted(GET_RESOURCES);
  }

  @Test
  void pagesUntilTheTokenIsEmptyNotNull() throws Exception {
    aws.load("tagging");
    ApiCalls calls = new ApiCalls();

    List<String> arns = new TaggingDiscoverer(client, calls).findArns("Dashboard", List.of("prod"));

    assertEquals(List.of(
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60001",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60002",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60003",
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tcp-nlb/a1b2c3d4e5f60718",
        "arn:aws:rds:us-east-1:111122223333:db:orders-db",
        "arn:aws:s3:::fleetkit-logs-111122223333"), arns);
    assertEquals(3, aws.count(gotResources()));
    assertEquals(Map.of("tag:GetResources", 3L), calls.counts());
    JsonNode first = JSON.readTree(aws.requests(gotResources()).get(0).getBodyAsString());
    assertEquals(JSON.readTree("""
        {"ResourceTypeFilters":["ec2:instance","elasticloadbalancing:loadbalancer","rds:db","s3:bucket"],
         "TagFilters":[{"Key":"Dashboard","Values":["prod"]}],"ResourcesPerPage":100}"""), first);
  }

  @Test
  void splitsMoreThanTwentyValuesAndCallsCeilOfNOver100PerChunk() throws Exception {
    List<String> values = IntStream.range(0, 45).mapToObj(i -> String.format("v%02d", i)).toList();
    // Chunk v00-v19 matches 250 resources (3 pages), v20-v39 exactly 100 (1 page), v40-v44 none (1 call).
    stubChunk("v00", arns("a", 250));
    stubChunk("v20", arns("b", 100));
    stubChunk("v40", List.of());
    ApiCalls calls = new ApiCalls();

    List<String> found = new TaggingDiscoverer(client, calls).findArns("Dashboard", values);

    assertEquals(350, found.size());
    assertEquals(3 + 1 + 1, aws.count(gotResources()));
    List<List<String>> chunksSent = new ArrayList<>();
    for (var request : aws.requests(gotResources())) {
      JsonNode filter = JSON.readTree(request.getBodyAsString()).get("TagFilters");
      assertEquals(1, filter.size());
      List<String> sent = new ArrayList<>();
      filter.get(0).get("Values").forEach(v -> sent.add(v.asText()));
      assertTrue(sent.size() <= 20, "a TagFilter carried " + sent.size() + " values");
      if (!chunksSent.contains(sent)) chunksSent.add(sent);
    }
    assertEquals(List.of(values.subList(0, 20), values.subList(20, 40), values.subList(40, 45)), chunksSent);
  }

  @Test
  void noValuesFiltersOnTheKeyAlone() throws Exception {
    aws.stub(getResources().willReturn(json11(200, Wire.getResourcesPage(List.of(), "Dashboard", "x", ""))));

    new TaggingDiscoverer(client, new ApiCalls()).findArns("Dashboard", List.of());

    JsonNode sent = JSON.readTree(aws.requests(gotResources()).get(0).getBodyAsString()).get("TagFilters");
    assertEquals(JSON.readTree("[{\"Key\":\"Dashboard\"}]"), sent);
  }

  @Test
  void aRepeatedTokenIsAnErrorNotAnEndlessLoop() {
    aws.stub(getResources().willReturn(json11(200,
        Wire.getResourcesPage(arns("a", 1), "Dashboard", "prod", "same-token"))));

    var e = assertThrows(MalformedResponseException.class,
        () -> new TaggingDiscoverer(client, new ApiCalls()).findArns("Dashboard", List.of("prod")));

    assertEquals("tag:GetResources returned the page token \"same-token\" twice (page 2); stopping instead of looping"
        + " (a service fault; retry later)", e.getMessage());
    assertEquals(2, aws.count(gotResources()));
  }

  @Test
  void chunksAreSortedDistinctAndAtMostTwenty() {
    List<String> values = new ArrayList<>(IntStream.range(0, 41).mapToObj(i -> "x" + (100 + i)).toList());
    values.add("x100");
    var chunks = TaggingDiscoverer.chunks(values);
    assertEquals(List.of(20, 20, 1), chunks.stream().map(List::size).toList());
    assertEquals(new TreeSet<>(values).first(), chunks.get(0).get(0));
    assertEquals(List.of(List.of()), TaggingDiscoverer.chunks(List.of()));
  }

  private void stubChunk(String firstValue, List<String> arns) {
    int pages = Math.max(1, (arns.size() + 99) / 100);
    for (int p = 0; p < pages; p++) {
      List<String> page = arns.subList(p * 100, Math.min(arns.size(), (p + 1) * 100));
      String next = p == pages - 1 ? "" : firstValue + "-page-" + (p + 2);
      var mapping = getResources().withRequestBody(matchingJsonPath("$.TagFilters[0].Values[0]", equalTo(firstValue)));
      mapping = p == 0 ? mapping.withRequestBody(notContaining("PaginationToken"))
          : mapping.withRequestBody(matchingJsonPath("$.PaginationToken", equalTo(firstValue + "-page-" + (p + 1))));
      aws.stub(mapping.willReturn(json11(200, Wire.getResourcesPage(page, "Dashboard", firstValue, next))));
    }
  }

  static List<String> arns(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> "arn:aws:s3:::" + prefix + "-bucket-" + String.format("%05d", i)).toList();
  }
}
