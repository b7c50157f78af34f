package io.fleetkit.functions.spotscores;

import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xml;
import static io.fleetkit.functions.AwsWire.xmlFile;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.functions.AwsWire;
import io.fleetkit.functions.FunctionClients;
import io.fleetkit.functions.spotscores.Observation.Score;
import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/** The datapoints of a run, in CloudWatch's query wire format as SDK 2.40.2 sends PutMetricData, and their batches. */
class ScoreMetricsTest {
  static AwsWire wire;
  static CloudWatchClient cloudWatch;
  static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  final List<String> log = new ArrayList<>();

  @BeforeAll
  static void start() {
    AwsWire.setFakeCredentials();
    wire = new AwsWire();
    cloudWatch = FunctionClients.fromEnvironment(wire.environment(Map.of())).cloudWatch();
  }

  @AfterAll
  static void stop() {
    cloudWatch.close();
    wire.close();
    AwsWire.clearFakeCredentials();
  }

  @AfterEach
  void reset() {
    wire.server.resetAll();
  }

  static SpotScoreCollector.Result run() {
    return new SpotScoreCollector.Result(List.of(
        new Observation("web", 10, CapacityUnit.UNITS, "us-east-1", Outcome.SCORED,
            List.of(new Score(Optional.empty(), 7)), Optional.empty()),
        new Observation("web", 10, CapacityUnit.UNITS, "ap-east-1", Outcome.REGION_NOT_ENABLED, List.of(),
            Optional.of("asked for, but not in the answer")),
        new Observation("batch", 64, CapacityUnit.VCPU, "eu-west-1", Outcome.SCORED,
            List.of(new Score(Optional.of("euw1-az1"), 9), new Score(Optional.of("euw1-az3"), 4)), Optional.empty()),
        new Observation("gpu", 4, CapacityUnit.MEMORY_MIB, "us-west-2", Outcome.REFUSED, List.of(),
            Optional.of("MaxConfigLimitExceeded"))), 3);
  }

  static String series(int m, String configuration, String region, int capacity, String unit) {
    String p = "&MetricData.member." + m + ".Dimensions.member.";
    return p + "1.Name=Configuration" + p + "1.Value=" + configuration + p + "2.Name=Region" + p + "2.Value=" + region
        + p + "3.Name=TargetCapacity" + p + "3.Value=" + capacity + p + "4.Name=TargetCapacityUnit" + p + "4.Value=" + unit;
  }

  static String outcome(int m, String configuration, String region, int capacity, String unit, String result) {
    String p = "&MetricData.member." + m;
    return p + ".MetricName=Outcome" + series(m, configuration, region, capacity, unit) + p + ".Dimensions.member.5.Name=Result"
        + p + ".Dimensions.member.5.Value=" + result + p + ".Timestamp=2026-03-01T12%3A00%3A00Z" + p + ".Value=1.0" + p
        + ".Unit=Count";
  }

  static String score(int m, String configuration, String region, int capacity, String unit, String zone, int value) {
    String p = "&MetricData.member." + m;
    String z = zone == null ? "" : p + ".Dimensions.member.5.Name=AvailabilityZoneId" + p + ".Dimensions.member.5.Value=" + zone;
    return p + ".MetricName=Score" + series(m, configuration, region, capacity, unit) + z
        + p + ".Timestamp=2026-03-01T12%3A00%3A00Z" + p + ".Value=" + value + ".0" + p + ".Unit=None";
  }

  @Test
  void publishesEveryOutcomeAndEveryScoreInOneRequest() {
    wire.server.stubFor(query("PutMetricData").willReturn(xmlFile(200, "cloudwatch/put-metric-data.xml")));
    var published = ScoreMetrics.publish(cloudWatch, "Fleetkit/SpotPlacementScores", ScoreMetrics.datums(run(), AT), log::add);
    assertEquals(new ScoreMetrics.Published(7, 1), published);
    assertEquals(List.of("Action=PutMetricData&Version=2010-08-01&Namespace=Fleetkit%2FSpotPlacementScores"
        + outcome(1, "web", "us-east-1", 10, "units", "Scored")
        + score(2, "web", "us-east-1", 10, "units", null, 7)
        + outcome(3, "web", "ap-east-1", 10, "units", "RegionNotEnabled")
        + outcome(4, "batch", "eu-west-1", 64, "vcpu", "Scored")
        + score(5, "batch", "eu-west-1", 64, "vcpu", "euw1-az1", 9)
        + score(6, "batch", "eu-west-1", 64, "vcpu", "euw1-az3", 4)
        + outcome(7, "gpu", "us-west-2", 4, "memory-mib", "Refused")), wire.bodies("PutMetricData"));
    assertEquals(List.of("PutMetricData: 7 datapoints in 1 requests to Fleetkit/SpotPlacementScores"), log);
  }

  static List<MetricDatum> many(int n) {
    return IntStream.range(0, n).mapToObj(i -> MetricDatum.builder().metricName("Score").timestamp(AT).value(5.0)
        .dimensions(Dimension.builder().name("Configuration").value("c" + i).build()).build()).toList();
  }

  @Test
  void batchesHoldAtMostOneThousandDatapoints() {
    wire.server.stubFor(query("PutMetricData").willReturn(xmlFile(200, "cloudwatch/put-metric-data.xml")));
    var published = ScoreMetrics.publish(cloudWatch, "N", many(2001), log::add);
    assertEquals(new ScoreMetrics.Published(2001, 3), published);
    // Bodies of 10 KB or more go out gzipped (PutMetricData's requestcompression trait; the SDK's default
    // threshold), the small last one not; WireMock inflates them for matching.
    var requests = wire.server.findAll(AwsWire.queried("PutMetricData"));
    assertEquals(java.util.Arrays.asList("gzip", "gzip", null),
        requests.stream().map(r -> r.getHeader("Content-Encoding")).toList());
    Pattern name = Pattern.compile("MetricData\\.member\\.\\d+\\.MetricName=");
    assertEquals(List.of(1000L, 1000L, 1L), wire.bodies("PutMetricData").stream()
        .map(b -> name.matcher(b).results().count()).toList());
    assertTrue(wire.bodies("PutMetricData").get(2).endsWith("&MetricData.member.1.Dimensions.member.1.Value=c2000"
        + "&MetricData.member.1.Timestamp=2026-03-01T12%3A00%3A00Z&MetricData.member.1.Value=5.0"));
  }

  @Test
  void batchesStayUnderOneMegabyte() {
    String longValue = "x".repeat(1024);
    List<MetricDatum> big = IntStream.range(0, 600).mapToObj(i -> MetricDatum.builder().metricName("Score").timestamp(AT)
        .value(5.0).dimensions(IntStream.range(0, 4).mapToObj(d -> Dimension.builder().name("D" + d)
            .value(longValue).build()).toList()).build()).toList();
    var batches = ScoreMetrics.batches("N", big);
    assertTrue(batches.size() > 1, "600 datapoints of 4 KB each need more than one request");
    for (var batch : batches) {
      int bytes = batch.stream().mapToInt(ScoreMetrics::estimatedBytes).sum();
      assertTrue(bytes <= ScoreMetrics.MAX_REQUEST_BYTES, bytes + " bytes");
    }
    assertEquals(600, batches.stream().mapToInt(List::size).sum());
  }

  @Test
  void aFailedRequestDoesNotStopTheOthersAndFailsTheRun() {
    wire.server.stubFor(query("PutMetricData").inScenario("denied").whenScenarioStateIs(STARTED)
        .willReturn(xml(403, "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
            + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::111122223333:assumed-role/r/f is not"
            + " authorized to perform: cloudwatch:PutMetricData because no identity-based policy allows the"
            + " cloudwatch:PutMetricData action</Message></Error><RequestId>9f3c8a2e-5d41-4b7e-8c06-1a2b3c4d5e6f</RequestId>"
            + "</ErrorResponse>")).willSetStateTo("second"));
    wire.server.stubFor(query("PutMetricData").inScenario("denied").whenScenarioStateIs("second")
        .willReturn(xmlFile(200, "cloudwatch/put-metric-data.xml")));
    var e = assertThrows(IllegalStateException.class, () -> ScoreMetrics.publish(cloudWatch, "N", many(1500), log::add));
    assertTrue(e.getMessage().startsWith("1 of 2 PutMetricData requests failed; first: PutMetricData 1/2 (1000 datapoints)"
        + " to N failed: User: arn:aws:sts::111122223333:assumed-role/r/f is not authorized"), e.getMessage());
    assertEquals(2, wire.bodies("PutMetricData").size());
    assertEquals(1, log.size());
    assertTrue(log.get(0).startsWith("PutMetricData 1/2 (1000 datapoints) to N failed: "), log.get(0));
  }
}
