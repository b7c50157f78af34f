package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fleetkit spot-scores} against WireMock: the collector's queries, every page, printed, nothing published. */
class SpotScoresCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("ec2");

  static final String CONFIG = """
      project:
        prefix: fk
        region: us-east-1
      spot_placement_scores:
        enabled: true
        regions: [us-east-1, us-west-2, ap-east-1]
        target_capacities: [10]
        configurations:
          - name: web
            instance_types: [{type: m5.large}, {type: m5a.large}, {type: m6i.large}]
          - name: batch
            instance_requirements:
              vcpu: {min: 4, max: 16}
              memory_mib: {min: 8192}
              cpu_manufacturers: [amazon-web-services]
            single_az: true
      """;

  @TempDir
  Path dir;

  Run run(String yaml, String... args) throws IOException {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml);
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.execute(new SpotScoresCommand(aws.clients("us-east-1")), all);
  }

  void stubAnswers() {
    aws.stub(query("GetSpotPlacementScores").withRequestBody(containing("InstanceType.1=m5.large"))
        .withRequestBody(notContaining("NextToken")).willReturn(xmlFile("ec2/spot-scores-web-page1.xml")));
    aws.stub(query("GetSpotPlacementScores").withRequestBody(containing("InstanceType.1=m5.large"))
        .withRequestBody(containing("NextToken=")).willReturn(xmlFile("ec2/spot-scores-web-page2.xml")));
    aws.stub(query("GetSpotPlacementScores").withRequestBody(containing("InstanceRequirementsWithMetadata"))
        .willReturn(xmlFile("ec2/spot-scores-batch-zones.xml")));
  }

  static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() throws IOException {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, CONFIG);
    Run r = CliRun.execute(new SpotScoresCommand(io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(),
        "us-east-1", () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        })), "--config", config.toString());
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run spot-scores again" + System.lineSeparator()), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size(), "no call without credentials");
  }

  @Test
  void printsEveryConfigurationCapacityAndRegionAfterEveryPage() throws IOException {
    stubAnswers();
    Run r = run(CONFIG);
    assertEquals(0, r.exit(), r.err());
    assertEquals(lines(
        "CONFIGURATION  CAPACITY  UNIT   REGION     RESULT            SCORES",
        "web            10        units  ap-east-1  RegionNotEnabled  -",
        "web            10        units  us-east-1  Scored            7",
        "web            10        units  us-west-2  Scored            9",
        "batch          10        units  ap-east-1  RegionNotEnabled  -",
        "batch          10        units  us-east-1  Scored            use1-az1:9 use1-az4:3",
        "batch          10        units  us-west-2  Scored            usw2-az2:8",
        "web 10 units ap-east-1: RegionNotEnabled: asked for, but not in the answer",
        "batch 10 units ap-east-1: RegionNotEnabled: asked for, but not in the answer",
        "2 queries (GetSpotPlacementScores), 6 results: 4 Scored, 0 Refused, 2 RegionNotEnabled, 0 Error; nothing was"
            + " published"), r.out());
    // Two pages for web, one answer for batch; no PutMetricData: the command only prints.
    aws.verify(3, queried("GetSpotPlacementScores"));
    aws.verify(0, queried("PutMetricData"));
    // The same request the function sends: sorted Regions, the arm64 architecture of AWS CPUs, single-AZ.
    var batch = aws.requests(queried("GetSpotPlacementScores").withRequestBody(
        containing("InstanceRequirementsWithMetadata"))).get(0);
    var form = AwsMock.form(batch);
    assertEquals("arm64", form.get("InstanceRequirementsWithMetadata.ArchitectureType.1"));
    assertEquals("true", form.get("SingleAvailabilityZone"));
    assertEquals(List.of("ap-east-1", "us-east-1", "us-west-2"), List.of(form.get("RegionName.1"),
        form.get("RegionName.2"), form.get("RegionName.3")));
    // Progress goes to stderr, one line per query.
    assertEquals(2, r.err().lines().filter(l -> l.startsWith("GetSpotPlacementScores ")).count(), r.err());
  }

  @Test
  void jsonHasTheSameRowsWithZonesAndDetails() throws IOException {
    stubAnswers();
    Run r = run(CONFIG, "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(2, json.get("queries").asInt());
    assertEquals("{\"Scored\":4,\"Refused\":0,\"RegionNotEnabled\":2,\"Error\":0}", json.get("outcomes").toString());
    assertEquals("{\"configuration\":\"batch\",\"targetCapacity\":10,\"unit\":\"units\",\"region\":\"us-east-1\","
        + "\"result\":\"Scored\",\"scores\":[{\"availabilityZoneId\":\"use1-az1\",\"score\":9},"
        + "{\"availabilityZoneId\":\"use1-az4\",\"score\":3}]}", json.get("observations").get(4).toString());
    assertEquals("asked for, but not in the answer", json.get("observations").get(0).get("detail").asText());
  }

  @Test
  void aRefusedQueryIsARowOfItsOwnAndExitsOne() throws IOException {
    aws.stub(query("GetSpotPlacementScores").withRequestBody(containing("InstanceType.1=m5.large"))
        .willReturn(ec2Error(400, "MaxConfigLimitExceeded", "You have exceeded your maximum allowed Spot placement"
            + " configurations.")));
    aws.stub(query("GetSpotPlacementScores").withRequestBody(containing("InstanceRequirementsWithMetadata"))
        .willReturn(xmlFile("ec2/spot-scores-batch-zones.xml")));
    Run r = run(CONFIG);
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains(lines("web            10        units  ap-east-1  Refused           -")), r.out());
    assertTrue(r.out().contains("web 10 units us-east-1: Refused: You have exceeded your maximum allowed Spot placement"
        + " configurations. (Service: Ec2, Status Code: 400, Request ID: "), r.out());
    assertTrue(r.out().endsWith(lines("2 queries (GetSpotPlacementScores), 6 results: 2 Scored, 3 Refused, 1"
        + " RegionNotEnabled, 0 Error; nothing was published")), r.out());
  }

  @Test
  void aConfigErrorOrADisabledSectionExitsFourWithoutCallingAws() throws IOException {
    Run bad = run(CONFIG.replace("[{type: m5.large}, {type: m5a.large}, {type: m6i.large}]",
        "[{type: m5.large}, {type: m5a.large}]"));
    assertEquals(4, bad.exit());
    assertEquals(lines("config.yaml:10:23: spot_placement_scores.configurations[0].instance_types: 2 instance types"
        + " (expected at least 3 different types: with fewer, EC2 always returns a low score)",
        "1 error(s) in " + dir.resolve("config.yaml")), bad.err().replace(dir.resolve("config.yaml") + ":", "config.yaml:"));
    Run off = run(CONFIG.replace("enabled: true", "enabled: false"));
    assertEquals(4, off.exit());
    assertEquals(lines(dir.resolve("config.yaml") + ": spot_placement_scores is not enabled (expected a"
        + " spot_placement_scores section with enabled: true)"), off.err());
    aws.verify(0, queried("GetSpotPlacementScores"));
  }
}
