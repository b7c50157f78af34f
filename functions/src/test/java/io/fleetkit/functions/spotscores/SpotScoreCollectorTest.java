package io.fleetkit.functions.spotscores;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.functions.AwsWire.ec2Error;
import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xml;
import static io.fleetkit.functions.AwsWire.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.functions.AwsWire;
import io.fleetkit.functions.FunctionClients;
import io.fleetkit.functions.spotscores.Observation.Score;
import io.fleetkit.functions.spotscores.SpotScoresConfig.CapacityUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The collector against EC2's query/XML wire format: paging, refusals, opt-in Regions, throttling, bad answers. */
class SpotScoreCollectorTest {
  static AwsWire wire;
  static Ec2Client ec2;
  final List<String> log = new ArrayList<>();

  static final String TYPES = "\"instance_types\": [\"m5.large\", \"m5a.large\", \"m6i.large\"]";
  static final String WEB_REQUEST = "Action=GetSpotPlacementScores&Version=2016-11-15&InstanceType.1=m5.large"
      + "&InstanceType.2=m5a.large&InstanceType.3=m6i.large&TargetCapacity=10&TargetCapacityUnitType=units"
      + "&SingleAvailabilityZone=false&RegionName.1=us-east-1&RegionName.2=us-west-2";

  @BeforeAll
  static void start() {
    AwsWire.setFakeCredentials();
    wire = new AwsWire();
    ec2 = FunctionClients.fromEnvironment(wire.environment(Map.of())).ec2();
  }

  @AfterAll
  static void stop() {
    ec2.close();
    wire.close();
    AwsWire.clearFakeCredentials();
  }

  @AfterEach
  void reset() {
    wire.server.resetAll();
  }

  static SpotScoresConfig config(String regions, String more) {
    return SpotScoresConfig.parse("{\"namespace\": \"Fleetkit/SpotPlacementScores\", \"configurations\": [{\"name\": \"web\", "
        + TYPES + ", \"regions\": [" + regions + "], \"target_capacities\": [10]}" + more + "]}");
  }

  SpotScoreCollector.Result collect(SpotScoresConfig config) {
    return SpotScoreCollector.collect(ec2, config, log::add);
  }

  static Observation scored(String region, int score) {
    return new Observation("web", 10, CapacityUnit.UNITS, region, Outcome.SCORED,
        List.of(new Score(Optional.empty(), score)), Optional.empty());
  }

  @Test
  void readsEveryPage() {
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(notContaining("NextToken"))
        .willReturn(xmlFile(200, "ec2/spot-scores-page1.xml")));
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(containing("NextToken="))
        .willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
    var result = collect(config("\"us-east-1\", \"us-west-2\"", ""));
    assertEquals(List.of(scored("us-east-1", 7), scored("us-west-2", 3)), result.observations());
    assertEquals(1, result.queries());
    assertEquals(List.of(WEB_REQUEST, WEB_REQUEST + "&NextToken=eyJ2IjoyLCJjIjoiRXhhbXBsZVRva2VuIn0%3D"),
        wire.bodies("GetSpotPlacementScores"));
    assertEquals(List.of("GetSpotPlacementScores web capacity=10 units regional us-east-1,us-west-2: us-east-1=7"
        + " us-west-2=3"), log);
  }

  @Test
  void aSpentBudgetIsARefusalForEveryRegionNotMissingData() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(ec2Error(400, "MaxConfigLimitExceeded",
        "You've exceeded your maximum allowed Spot placement configurations. You can retry configurations that you"
            + " used within the last 24 hours, or wait for 24 hours before specifying a new configuration.")));
    var result = collect(config("\"us-east-1\", \"us-west-2\"", ""));
    assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED), result.observations().stream().map(Observation::outcome).toList());
    assertEquals(List.of("us-east-1", "us-west-2"), result.observations().stream().map(Observation::region).toList());
    String detail = result.observations().get(0).detail().orElseThrow();
    assertTrue(detail.startsWith("You've exceeded your maximum allowed Spot placement configurations.") && detail.contains(
        "(Service: Ec2, Status Code: 400, Request ID: 5b8e3c2a-1f0d-4a47-9d2e-0c8b7a6f5e41)"), detail);
    assertEquals(1, wire.bodies("GetSpotPlacementScores").size(), "a refusal is not retried");
    assertTrue(log.get(0).startsWith("GetSpotPlacementScores web capacity=10 units regional us-east-1,us-west-2: Refused"
        + " (You've exceeded"), log.get(0));
  }

  @Test
  void aRequestEc2CallsInvalidIsRefused() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(ec2Error(400, "InvalidParameterValue",
        "Value (xx-east-9) for parameter regionNames is invalid.")));
    var o = collect(config("\"us-east-1\"", "")).observations();
    assertEquals(Outcome.REFUSED, o.get(0).outcome());
    assertTrue(o.get(0).detail().orElseThrow().startsWith("Value (xx-east-9) for parameter regionNames is invalid."));
  }

  @Test
  void aRegionMissingFromTheCompleteAnswerIsNotEnabled() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-without-ap-east-1.xml")));
    var result = collect(config("\"us-east-1\", \"ap-east-1\"", ""));
    assertEquals(List.of(new Observation("web", 10, CapacityUnit.UNITS, "ap-east-1", Outcome.REGION_NOT_ENABLED, List.of(),
        Optional.of("asked for, but not in the answer")), scored("us-east-1", 8)), result.observations());
    assertEquals(List.of("GetSpotPlacementScores web capacity=10 units regional ap-east-1,us-east-1:"
        + " ap-east-1=RegionNotEnabled us-east-1=8"), log);
  }

  @Test
  void throttlingIsRetriedBySdk() {
    wire.server.stubFor(query("GetSpotPlacementScores").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.")).willSetStateTo("calm"));
    wire.server.stubFor(query("GetSpotPlacementScores").inScenario("throttle").whenScenarioStateIs("calm")
        .willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
    var result = collect(config("\"us-west-2\"", ""));
    assertEquals(List.of(scored("us-west-2", 3)), result.observations());
    assertEquals(2, wire.bodies("GetSpotPlacementScores").size());
  }

  @Test
  void throttlingBeyondTheRetriesIsAnError() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(ec2Error(503, "RequestLimitExceeded",
        "Request limit exceeded.")));
    var o = collect(config("\"us-west-2\"", "")).observations().get(0);
    assertEquals(Outcome.ERROR, o.outcome());
    assertTrue(o.detail().orElseThrow().startsWith("Request limit exceeded. (Service: Ec2, Status Code: 503"),
        o.detail().orElseThrow());
    assertEquals(3, wire.bodies("GetSpotPlacementScores").size(), "the standard retry mode makes 3 attempts");
  }

  @Test
  void accessDeniedIsAnError() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(ec2Error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation.")));
    assertEquals(Outcome.ERROR, collect(config("\"us-west-2\"", "")).observations().get(0).outcome());
  }

  @Test
  void anAnswerThatIsNotXmlIsAnError() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xml(200, "<html><body>Service Unavailable")));
    var o = collect(config("\"us-west-2\"", "")).observations().get(0);
    assertEquals(Outcome.ERROR, o.outcome());
    assertTrue(o.detail().orElseThrow().startsWith("no usable answer: "), o.detail().orElseThrow());
  }

  @Test
  void aScoreOutsideOneToTenIsAnErrorNotAScore() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-score-11.xml")));
    var o = collect(config("\"us-east-1\"", "")).observations().get(0);
    assertEquals(Outcome.ERROR, o.outcome());
    assertEquals(Optional.of("malformed answer: score 11 for us-east-1 (expected 1 to 10)"), o.detail());
    assertEquals(List.of(), o.scores());
  }

  @Test
  void aFailureOnALaterPageFailsTheWholeQuery() {
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(notContaining("NextToken"))
        .willReturn(xmlFile(200, "ec2/spot-scores-page1.xml")));
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(containing("NextToken="))
        .willReturn(ec2Error(400, "InvalidParameterValue", "The token is not valid.")));
    var o = collect(config("\"us-east-1\", \"us-west-2\"", "")).observations();
    assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED), o.stream().map(Observation::outcome).toList());
  }

  @Test
  void aRepeatedPageTokenFailsTheQueryInsteadOfLooping() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-page1.xml")));
    var o = collect(config("\"us-east-1\", \"us-west-2\"", "")).observations();
    assertEquals(List.of(Outcome.ERROR, Outcome.ERROR), o.stream().map(Observation::outcome).toList());
    assertEquals(Optional.of("malformed answer: the page token \"eyJ2IjoyLCJjIjoiRXhhbXBsZVRva2VuIn0=\" came twice (page 2)"),
        o.get(0).detail());
    assertEquals(List.of(), o.get(0).scores());
    assertEquals(2, wire.server.getAllServeEvents().size());
  }

  @Test
  void singleAzScoresCarryTheZoneId() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-single-az.xml")));
    var config = SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": [{\"name\": \"batch\", "
        + "\"instance_requirements\": {\"architecture_types\": [\"arm64\"], \"vcpu\": {\"min\": 4, \"max\": 16},"
        + " \"memory_mib\": {\"min\": 8192}}, \"regions\": [\"eu-west-1\"], \"target_capacities\": [64], \"unit\": \"vcpu\","
        + " \"single_az\": true}]}");
    var result = collect(config);
    assertEquals(List.of(new Observation("batch", 64, CapacityUnit.VCPU, "eu-west-1", Outcome.SCORED,
        List.of(new Score(Optional.of("euw1-az1"), 9), new Score(Optional.of("euw1-az3"), 4)), Optional.empty())),
        result.observations());
    assertEquals(List.of("Action=GetSpotPlacementScores&Version=2016-11-15&TargetCapacity=64&TargetCapacityUnitType=vcpu"
        + "&SingleAvailabilityZone=true&RegionName.1=eu-west-1&InstanceRequirementsWithMetadata.ArchitectureType.1=arm64"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.VCpuCount.Min=4"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.VCpuCount.Max=16"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.MemoryMiB.Min=8192"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.BurstablePerformance=excluded"),
        wire.bodies("GetSpotPlacementScores"));
    assertEquals(List.of("GetSpotPlacementScores batch capacity=64 vcpu single-AZ eu-west-1: eu-west-1=euw1-az1:9,euw1-az3:4"),
        log);
  }

  @Test
  void allowedTypesAreSentAsAllowedInstanceTypes() {
    // spot_fleet's instance_requirements[].allowed_types (which track_spot_fleet copies) must reach the query:
    // without them the score would be for a wider selection than the group launches.
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-single-az.xml")));
    collect(SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": [{\"name\": \"batch\", "
        + "\"instance_requirements\": {\"architecture_types\": [\"arm64\"], \"vcpu\": {\"min\": 4},"
        + " \"memory_mib\": {\"min\": 8192}, \"allowed_types\": [\"m7g.*\", \"c7g.xlarge\"]},"
        + " \"regions\": [\"eu-west-1\"], \"target_capacities\": [64], \"unit\": \"vcpu\", \"single_az\": true}]}"));
    assertEquals(List.of("Action=GetSpotPlacementScores&Version=2016-11-15&TargetCapacity=64&TargetCapacityUnitType=vcpu"
        + "&SingleAvailabilityZone=true&RegionName.1=eu-west-1&InstanceRequirementsWithMetadata.ArchitectureType.1=arm64"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.VCpuCount.Min=4"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.MemoryMiB.Min=8192"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.BurstablePerformance=excluded"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.AllowedInstanceType.1=c7g.xlarge"
        + "&InstanceRequirementsWithMetadata.InstanceRequirements.AllowedInstanceType.2=m7g.*"),
        wire.bodies("GetSpotPlacementScores"));
  }

  @Test
  void aRegionQueryAnsweredWithZonesIsAnError() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-single-az.xml")));
    var o = collect(config("\"eu-west-1\"", "")).observations().get(0);
    assertEquals(Optional.of("malformed answer: a zone score (euw1-az1) for a Region query"), o.detail());
  }

  @Test
  void configurationsAskingTheSameQuestionShareOneRequest() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
    var result = collect(config("\"us-west-2\"", ", {\"name\": \"web-copy\", \"instance_types\": [\"m6i.large\","
        + " \"m5.large\", \"m5a.large\"], \"regions\": [\"us-west-2\"], \"target_capacities\": [10], \"unit\": \"units\"}"));
    assertEquals(List.of("web", "web-copy"), result.observations().stream().map(Observation::configuration).toList());
    assertEquals(1, wire.bodies("GetSpotPlacementScores").size());
    assertEquals(1, result.queries());
  }

  @Test
  void queriesThatNoLongerFitTheTimeoutAreRecordedNotDropped() {
    wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
    long[] left = {60_000};
    var result = SpotScoreCollector.collect(ec2, SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": [{\"name\":"
        + " \"web\", " + TYPES + ", \"regions\": [\"us-west-2\"], \"target_capacities\": [10, 20]}]}"), log::add,
        () -> left[0] -= 15_000);
    assertEquals(List.of(Outcome.SCORED, Outcome.ERROR), result.observations().stream().map(Observation::outcome).toList());
    assertEquals(Optional.of("not asked: 30 s of the function's timeout left, under the 45 s a query and publishing need"),
        result.observations().get(1).detail());
    assertEquals(1, wire.bodies("GetSpotPlacementScores").size());
    assertEquals("GetSpotPlacementScores web capacity=20 units regional us-west-2: Error (not asked: 30 s of the"
        + " function's timeout left, under the 45 s a query and publishing need)", log.get(1));
  }

  @Test
  void oneFailedQueryDoesNotStopTheNext() {
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(containing("TargetCapacity=10&"))
        .willReturn(ec2Error(400, "MaxConfigLimitExceeded", "You've exceeded your maximum allowed Spot placement configurations.")));
    wire.server.stubFor(query("GetSpotPlacementScores").withRequestBody(containing("TargetCapacity=20&"))
        .willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
    var result = SpotScoreCollector.collect(ec2, SpotScoresConfig.parse("{\"namespace\": \"N\", \"configurations\": [{\"name\":"
        + " \"web\", " + TYPES + ", \"regions\": [\"us-west-2\"], \"target_capacities\": [10, 20]}]}"), log::add);
    assertEquals(List.of(Outcome.REFUSED, Outcome.SCORED), result.observations().stream().map(Observation::outcome).toList());
    assertEquals(Map.of(Outcome.SCORED, 1, Outcome.REFUSED, 1, Outcome.REGION_NOT_ENABLED, 0, Outcome.ERROR, 0),
        result.counts());
    assertEquals(2, log.size());
  }
}
