package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Misbehaving services, one row each: discover and the zones commands against WireMock answering one call with a
 * repeated page token, a hang, an HTML 502, an empty 200, or a connection that dies in the middle of the answer.
 * Every row must end within 30 s with exit 1, one error line naming the call, and the old snapshot byte for byte.
 */
class ServiceFaultsTest {
  @RegisterExtension
  static final AwsMock aws = new AwsMock("sts", "tagging", "ec2", "elbv2", "autoscaling", "outposts", "cloudwatch", "pricing");
  static final String OLD_SNAPSHOT = "{\"schemaVersion\": 1, \"note\": \"the previous snapshot\"}\n";
  /** A valid zones snapshot of another zone: offerings reads it (to keep that zone) before it writes. */
  static final String OLD_ZONES = """
      {
        "format" : "fleetkit-zones",
        "version" : 2,
        "zones" : {
          "us-east-1-bos-1a" : {
            "fetched_at" : "2026-11-20T04:00:00Z",
            "group" : "us-east-1-bos-1",
            "instance_types" : [ "t3.medium" ],
            "region" : "us-east-1",
            "volume_types" : [ "gp2" ],
            "volume_types_source" : "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-east-1-bos-1"
          }
        }
      }
      """;
  static final String HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
      + "</center><hr><center>nginx</center></body></html>";
  /** A ListMetrics page that always points at the next page "again". */
  static final String LIST_METRICS_AGAIN = "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
      + "<ListMetricsResult><Metrics/><NextToken>again</NextToken></ListMetricsResult><ResponseMetadata><RequestId>"
      + "01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></ListMetricsResponse>";
  @TempDir Path dir;
  @TempDir Path configDir;

  /**
   * One misbehaving call.
   *
   * @param command discover, or a zones subcommand with its arguments
   * @param error the error line; one ending in "..." is matched up to there (the rest is the SDK's own words)
   */
  record Row(String name, MappingBuilder call, ResponseDefinitionBuilder answer, List<String> command, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<String> DISCOVER = List.of("discover");
  static final List<String> OFFERINGS = List.of("zones", "offerings", "us-east-1-atl-1a", "--snapshot");
  static final List<String> PRICES = List.of("zones", "prices", "us-east-1-atl-1a", "--instance-type", "c5.2xlarge");

  static Stream<Row> rows() {
    return Stream.of(
        new Row("EC2 repeats its NextToken", query("DescribeInstances"), xmlFile("ec2/describe-instances-page1.xml"), DISCOVER,
            "error: ec2:DescribeInstances returned the page token \"eyJ2IjoiMiIsImMiOiJwYWdlLTIifQ==\" twice (page 2);"
                + " stopping instead of looping (a service fault; retry later)"),
        new Row("Tagging repeats its PaginationToken", target("ResourceGroupsTaggingAPI_20170126.GetResources"),
            json11(200, "{\"PaginationToken\":\"again\",\"ResourceTagMappingList\":[]}"), DISCOVER,
            "error: tag:GetResources returned the page token \"again\" twice (page 2); stopping instead of looping (a"
                + " service fault; retry later)"),
        new Row("ELB repeats its NextMarker", query("DescribeTargetGroups"), xmlFile("elbv2/describe-target-groups-page1.xml"),
            DISCOVER, "error: elasticloadbalancing:DescribeTargetGroups returned the page token \"bWFya2VyLTI=\" twice"
                + " (page 2); stopping instead of looping (a service fault; retry later)"),
        new Row("Auto Scaling repeats its NextToken", query("DescribeAutoScalingGroups"),
            xmlFile("autoscaling/describe-auto-scaling-groups-page1.xml"), DISCOVER,
            "error: autoscaling:DescribeAutoScalingGroups returned the page token \"YXNnLXBhZ2UtMg==\" twice (page 2);"
                + " stopping instead of looping (a service fault; retry later)"),
        new Row("Outposts repeats its NextToken", get(urlPathEqualTo("/outposts")),
            AwsMock.restJson(200, body("outposts/list-outposts-page1.json")), DISCOVER,
            "error: outposts:ListOutposts returned the page token \"b3V0cG9zdHMtcGFnZS0y\" twice (page 2); stopping"
                + " instead of looping (a service fault; retry later)"),
        new Row("Outposts repeats the NextToken of an Outpost's instance types",
            get(urlPathEqualTo("/outposts/op-0a1b2c3d4e5f60001/instanceTypes")),
            AwsMock.restJson(200, body("outposts/instance-types-op1-page1.json")), DISCOVER,
            "error: outposts:GetOutpostInstanceTypes returned the page token \"aXR5cGVzLXBhZ2UtMg==\" twice (page 2);"
                + " stopping instead of looping (a service fault; retry later)"),
        new Row("CloudWatch repeats its NextToken", query("ListMetrics"),
            aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(LIST_METRICS_AGAIN), DISCOVER,
            "error: cloudwatch:ListMetrics returned the page token \"again\" twice (page 2); stopping instead of looping"
                + " (a service fault; retry later)"),
        new Row("EC2 hangs", query("DescribeInstances"), xmlFile("ec2/describe-instances-page2.xml").withFixedDelay(20_000),
            List.of("discover", "--deadline", "3s"),
            "error: discover did not finish within 3s (--deadline, or dashboard.discover_deadline_seconds); a service hangs"
                + " or the account is larger than the deadline allows"),
        new Row("ELB answers an HTML 502", query("DescribeLoadBalancers"),
            aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_502), DISCOVER,
            "error: elasticloadbalancing:DescribeLoadBalancers failed (HTTP 502 with a text/html body \"502 Bad Gateway 502"
                + " Bad Gateway nginx\", not an AWS error (a proxy or the service's front end failed; retry later))"),
        new Row("Tagging answers an empty 200", target("ResourceGroupsTaggingAPI_20170126.GetResources"),
            aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1"), DISCOVER,
            "error: tag:GetResources returned a response that could not be read (AWS answered HTTP 200 with an empty body"
                + " (expected the operation's result; a proxy or the service failed, retry later) (SDK Attempt Count: 1))"),
        new Row("Auto Scaling answers an empty 200", query("DescribeAutoScalingGroups"),
            aResponse().withStatus(200).withHeader("Content-Type", "text/xml"), DISCOVER,
            "error: autoscaling:DescribeAutoScalingGroups returned a response that could not be read (AWS answered HTTP 200"
                + " with an empty body (expected the operation's result; a proxy or the service failed, retry later) (SDK Attempt Count: 1))"),
        new Row("EC2 dies in the middle of its answer", query("DescribeInstances"),
            aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), DISCOVER,
            "error: ec2:DescribeInstances ..."),
        new Row("ELB sends garbage and closes", query("DescribeTargetGroups"),
            aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), DISCOVER, "error: elasticloadbalancing:DescribeTargetGroups ..."),
        new Row("Offerings repeat their NextToken", query("DescribeInstanceTypeOfferings"),
            xmlFile("ec2/offerings-atl-page1.xml"), OFFERINGS,
            "error: ec2:DescribeInstanceTypeOfferings returned the page token \"AAEAAZ2F0bC1wYWdlLTI\" twice (page 2);"
                + " stopping instead of looping (a service fault; retry later)"),
        new Row("Offerings answer an HTML 502", query("DescribeInstanceTypeOfferings"),
            aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_502), OFFERINGS,
            "error: ec2:DescribeInstanceTypeOfferings failed: HTTP 502 with a text/html body \"502 Bad Gateway 502 Bad"
                + " Gateway nginx\", not an AWS error (a proxy or the service's front end failed; retry later)"),
        new Row("Price List repeats its NextToken for the zone's EBS volume types", target("AWSPriceListService.GetProducts"),
            json11(200, body("pricing/c5-xlarge-page1.json")), OFFERINGS,
            "error: pricing:GetProducts returned the page token \"page-2-token\" twice (page 2); stopping instead of"
                + " looping (a service fault; retry later)"),
        new Row("Price List answers an HTML 502 for the zone's EBS volume types", target("AWSPriceListService.GetProducts"),
            aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_502), OFFERINGS,
            "error: pricing:GetProducts failed for the EBS volume types of us-east-1-atl-1: HTTP 502 with a text/html body"
                + " \"502 Bad Gateway 502 Bad Gateway nginx\", not an AWS error (a proxy or the service's front end failed;"
                + " retry later)"),
        new Row("Price List repeats its NextToken", target("AWSPriceListService.GetProducts"),
            json11(200, body("pricing/c5-xlarge-page1.json")), PRICES,
            "error: pricing:GetProducts returned the page token \"page-2-token\" twice (page 2); stopping instead of"
                + " looping (a service fault; retry later)"),
        new Row("Price List answers an empty 200", target("AWSPriceListService.GetProducts"),
            aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1"), PRICES,
            "error: cannot reach the Price List API (pricing:GetProducts): AWS answered HTTP 200 with an empty body"
                + " (expected the operation's result; a proxy or the service failed, retry later) (SDK Attempt Count: 1)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void endsWithinThirtySecondsWithExit1AndKeepsTheOldSnapshot(Row row) throws IOException {
    boolean discover = row.command().get(0).equals("discover");
    Path snapshot = dir.resolve(discover ? "inventory.json" : "zones.json");
    String old = discover ? OLD_SNAPSHOT : OLD_ZONES;
    Files.writeString(snapshot, old);
    aws.stub(row.call().willReturn(row.answer()).atPriority(1));

    long t0 = System.nanoTime();
    List<String> err = run(row.command(), snapshot);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, row + " took " + took);
    String line = err.stream().filter(l -> l.startsWith("error: ")).findFirst().orElse("(no error line) " + err);
    if (row.error().endsWith("...")) {
      assertTrue(line.startsWith(row.error().substring(0, row.error().length() - 3)), line);
    } else {
      assertEquals(row.error(), line);
    }
    assertEquals(old, Files.readString(snapshot), "the old snapshot is intact");
    try (var files = Files.list(dir)) {
      assertEquals(List.of(snapshot.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList(),
          "no temporary file is left");
    }
  }

  /** Runs the command; asserts exit 1 and no stack trace, and returns the error lines. */
  private List<String> run(List<String> command, Path snapshot) {
    List<String> args = new ArrayList<>(command);
    int exit;
    String err;
    if (command.get(0).equals("discover")) {
      args.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--region", "us-east-1", "--config",
          writeConfig().toString(), "--tag-key", "Dashboard", "--tag-value", "prod", "--output", snapshot.toString()));
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      var cmd = new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"),
          ZoneOffset.UTC), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      exit = new CommandLine(cmd).execute(args.subList(1, args.size()).toArray(String[]::new));
      err = errBytes.toString(StandardCharsets.UTF_8);
      assertTrue(err.endsWith("nothing was written; " + snapshot + " is unchanged\n"), err);
    } else {
      if (args.contains("--snapshot")) args.add(args.indexOf("--snapshot") + 1, snapshot.toString());
      args.addAll(List.of("--region", "us-east-1"));
      ZonesCommand cmd = new ZonesCommand((c, service) -> aws.clients(c.region.orElse("us-east-1")), d -> { });
      CliRun.Run r = CliRun.execute(cmd, args.subList(1, args.size()).toArray(String[]::new));
      exit = r.exit();
      err = r.err();
    }
    assertEquals(1, exit, err);
    assertTrue(!err.contains("\tat ") && !err.contains("Exception in thread"), "no stack trace: " + err);
    return err.lines().toList();
  }

  private Path writeConfig() {
    try {
      return Files.writeString(configDir.resolve("config.yaml"), "project: {prefix: fleetkit}\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
