package io.fleetkit.functions.spotscores;

import static io.fleetkit.functions.AwsWire.ec2Error;
import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.functions.AwsWire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's contract with its stack, and that a run whose data cannot be recorded fails. */
class SpotScoresHandlerTest {
  static final String CONFIG = "{\"namespace\":\"N\",\"configurations\":[{\"name\":\"web\",\"instance_types\":"
      + "[\"m5.large\",\"m5a.large\",\"m6i.large\"],\"regions\":[\"us-west-2\"],\"target_capacities\":[10]}]}";

  @Test
  void theHandlerSettingNamesThisClass() {
    assertEquals(SpotScoresHandler.class.getName() + "::handleRequest", SpotScoresFunction.HANDLER);
  }

  @Test
  void aRefusalIsPublishedLoggedAndTheRunSucceeds() throws Exception {
    AwsWire.setFakeCredentials();
    PrintStream stdout = System.out;
    var printed = new ByteArrayOutputStream();
    try (AwsWire wire = new AwsWire()) {
      wire.server.stubFor(query("GetSpotPlacementScores").willReturn(ec2Error(400, "MaxConfigLimitExceeded", "spent")));
      wire.server.stubFor(query("PutMetricData").willReturn(AwsWire.xmlFile(200, "cloudwatch/put-metric-data.xml")));
      var handler = new SpotScoresHandler(wire.environment(Map.of(SpotScoresHandler.CONFIG_VARIABLE, CONFIG)),
          Clock.systemUTC());
      var out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      handler.handleRequest(new ByteArrayInputStream(new byte[0]), out, null);
      assertEquals("{\"queries\":1,\"outcomes\":{\"Scored\":0,\"Refused\":1,\"RegionNotEnabled\":0,\"Error\":0},"
          + "\"datapoints\":1,\"requests\":1}", out.toString(StandardCharsets.UTF_8));
      assertTrue(wire.bodies("PutMetricData").get(0).contains("Dimensions.member.5.Value=Refused"));
    } finally {
      System.setOut(stdout);
      AwsWire.clearFakeCredentials();
    }
    assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("GetSpotPlacementScores web capacity=10 units regional"
        + " us-west-2: Refused (spent (Service: Ec2, Status Code: 400, Request ID: 5b8e3c2a-1f0d-4a47-9d2e-0c8b7a6f5e41)"),
        printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRunWhoseDatapointsCannotBePublishedFails() throws Exception {
    AwsWire.setFakeCredentials();
    PrintStream stdout = System.out;
    var printed = new ByteArrayOutputStream();
    try (AwsWire wire = new AwsWire()) {
      wire.server.stubFor(query("GetSpotPlacementScores").willReturn(AwsWire.xmlFile(200, "ec2/spot-scores-page2.xml")));
      wire.server.stubFor(query("PutMetricData").willReturn(xml(400, "<ErrorResponse xmlns=\"http://monitoring.amazonaws"
          + ".com/doc/2010-08-01/\"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>The value"
          + " AWS/EC2 for parameter Namespace is invalid.</Message></Error><RequestId>1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a"
          + "</RequestId></ErrorResponse>")));
      var handler = new SpotScoresHandler(wire.environment(Map.of(SpotScoresHandler.CONFIG_VARIABLE, CONFIG)),
          Clock.systemUTC());
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      var e = assertThrows(IllegalStateException.class,
          () -> handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null));
      assertTrue(e.getMessage().startsWith("1 of 1 PutMetricData requests failed"), e.getMessage());
    } finally {
      System.setOut(stdout);
      AwsWire.clearFakeCredentials();
    }
    // Without a Lambda context (the CLI, a test) the lines go to standard output.
    String lines = printed.toString(StandardCharsets.UTF_8);
    assertTrue(lines.startsWith("GetSpotPlacementScores web capacity=10 units regional us-west-2: us-west-2=3\n"
        + "PutMetricData 1/1 (2 datapoints) to N failed: The value AWS/EC2 for parameter Namespace is invalid."), lines);
  }
}
