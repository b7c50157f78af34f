package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

class CapacityPlanCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("pricing");

  @TempDir
  Path dir;

  Run run(String yaml, String... args) throws IOException {
    return runWith(aws.clients("us-east-1"), yaml, args);
  }

  Run runWith(AwsClients clients, String yaml, String... args) throws IOException {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml);
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.execute(new CapacityPlanCommand(clients), all);
  }

  static String config(String type) {
    return """
        project:
          prefix: fk
          region: us-east-1
        capacity_reservation:
          enabled: true
          instance_type: %s
          instances_needed: 4
          availability_zones: [us-east-1a, us-east-1b, us-east-1c]
        """.formatted(type);
  }

  @Test
  void printsReservationsAndTheirCost() throws IOException {
    Run r = run(config("m5.large"));
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    assertEquals(String.join(System.lineSeparator(),
        "Capacity plan: m5.large, Linux/UNIX, default tenancy, us-east-1",
        "  instances needed (N)       4",
        "  zones                      3 (us-east-1a, us-east-1b, us-east-1c)",
        "  reservations per zone      2 (minimum ceil(4 / (3 - 1)) = 2)",
        "    us-east-1a               2",
        "    us-east-1b               2",
        "    us-east-1c               2",
        "  reserved in total          6",
        "  reserved after losing one  4 (need 4)",
        "  on-demand price            $0.0960 per instance-hour (SKU 8VCNEHQMSCQS4P39)",
        "  reservations cost          $0.5760 per hour, $420.48 per month (730 h)",
        "  idle in normal operation   2 (reserved 6 - desired 4): $0.1920 per hour, $140.16 per month",
        "Savings Plans apply to ODCR usage: instances in these reservations get your Savings Plans rate.",
        ""), r.out());
    aws.verify(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'regionCode' && @.Value == 'us-east-1')]"))
        .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'operatingSystem' && @.Value == 'Linux')]"))
        .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'tenancy' && @.Value == 'Shared')]"))
        .withHeader("Authorization", WireMock.containing("/us-east-1/pricing/aws4_request")));
  }

  @Test
  void jsonOutput() throws IOException {
    Run r = run(config("m5.large"), "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        {
          "instanceType" : "m5.large",
          "platform" : "Linux/UNIX",
          "tenancy" : "default",
          "region" : "us-east-1",
          "instancesNeeded" : 4,
          "reservationsPerZone" : {
            "us-east-1a" : 2,
            "us-east-1b" : 2,
            "us-east-1c" : 2
          },
          "minimumPerZone" : 2,
          "totalReserved" : 6,
          "reservedAfterLosingOneZone" : 4,
          "desired" : 4,
          "idleInstances" : 2,
          "cost" : {
            "currency" : "USD",
            "sku" : "8VCNEHQMSCQS4P39",
            "onDemandPerInstanceHour" : "0.096",
            "hoursPerMonth" : 730,
            "reservationsPerHour" : "0.576",
            "reservationsPerMonth" : "420.48",
            "idlePerHour" : "0.192",
            "idlePerMonth" : "140.16"
          },
          "note" : "Savings Plans apply to ODCR usage: instances in these reservations get your Savings Plans rate."
        }
        """.replace("\n", System.lineSeparator()), r.out());
  }

  @Test
  void pricingRegionIsConfigurable() throws IOException {
    Run r = run(config("m5.large"), "--pricing-region", "eu-central-1");
    assertEquals(0, r.exit(), r.err());
    aws.verify(postRequestedFor(urlEqualTo("/"))
        .withHeader("Authorization", WireMock.containing("/eu-central-1/pricing/aws4_request")));
  }

  @Test
  void missingPriceIsAnError() throws IOException {
    Run r = run(config("m7i.large"));
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertEquals("product R9Q7M2XDEEDAS7ZB for m7i.large (Linux, Shared tenancy) in us-east-1 has no on-demand USD price"
        + " per hour (terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD with unit Hrs)" + System.lineSeparator(), r.err());
  }

  /** No credentials anywhere: exit 3 before any call, as discover does (the message names what to configure). */
  @Test
  void missingCredentialsExit3BeforeAnyCall() throws IOException {
    Run r = runWith(AwsClients.forEndpoint(aws.endpoint(), "us-east-1", () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    }), config("m5.large"));
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertEquals("error: no usable AWS credentials (none in the default chain: environment variables, system properties,"
        + " web identity token, profile 'default' in ~/.aws, container or instance metadata); configure them (aws"
        + " configure, aws sso login, AWS_PROFILE or --profile) and run capacity-plan again" + System.lineSeparator(), r.err());
    assertEquals(0, aws.count(postRequestedFor(urlEqualTo("/"))), "no call without credentials");
  }

  /** Credentials that the Price List API refuses (an unknown key, as JSON 1.1 says it): exit 3, not 1. */
  @Test
  void rejectedCredentialsExit3() throws IOException {
    aws.stub(post(urlEqualTo("/")).willReturn(AwsMock.jsonError("1.1", 400, "UnrecognizedClientException",
        "The security token included in the request is invalid.")).atPriority(1));
    Run r = run(config("m5.large"));
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertEquals("error: AWS rejected the credentials on pricing:GetProducts (UnrecognizedClientException: The"
        + " security token included in the request is invalid.); refresh them (for example `aws sso login`, or new"
        + " temporary keys) and run capacity-plan again" + System.lineSeparator(), r.err());
  }

  /** A Region from the chain (no --region, no project.region) that the SDK does not list is a usage error. */
  @Test
  void anUnknownRegionFromTheChainIsAUsageError() throws IOException {
    Run r = runWith(aws.clients("us-east-9"), config("m5.large").replace("  region: us-east-1\n", ""));
    assertEquals(2, r.exit());
    assertEquals("error: \"us-east-9\" is not an AWS Region (did you mean \"us-east-1\"? expected a Region that AWS SDK for"
        + " Java 2.40.2 lists, such as us-east-1)" + System.lineSeparator(), r.err());
    assertEquals(0, aws.count(postRequestedFor(urlEqualTo("/"))), "checked before any call");
  }

  @Test
  void disabledSectionIsAConfigError() throws IOException {
    Run r = run("project:\n  prefix: fk\n");
    assertEquals(4, r.exit());
    assertEquals(dir.resolve("config.yaml") + ": capacity_reservation is not enabled (expected a capacity_reservation"
        + " section with enabled: true)" + System.lineSeparator(), r.err());
  }

  @Test
  void configErrorsArePrinted() throws IOException {
    Run r = run(config("m5.large").replace("instances_needed: 4", "instances_needed: 0"));
    assertEquals(4, r.exit());
    assertEquals(List.of(
        dir.resolve("config.yaml") + ":7:21: capacity_reservation.instances_needed: 0 instances (expected at least 1)",
        "1 error(s) in " + dir.resolve("config.yaml")), r.err().lines().toList());
  }

  @Test
  void arithmeticForAnUndersizedPlanWithTwoZones() {
    var plan = new CapacityPlan("c5.xlarge", "Linux/UNIX", "default", "us-east-1", 5, List.of("a", "b"), 3, 5, 4,
        new Ec2OnDemandPrices.Price("SKU", new BigDecimal("0.17"), ""));
    assertEquals(6, plan.totalReserved());
    assertEquals(3, plan.reservedAfterLosingOneZone());
    assertEquals(2, plan.idle());
    assertEquals(new BigDecimal("1.02"), plan.hourly());
    assertEquals(0, new BigDecimal("744.60").compareTo(plan.monthly()));
    assertEquals(0, new BigDecimal("248.20").compareTo(plan.idleMonthly()));
  }
}
