package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.fleetkit.discovery.AwsClients;
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
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code capacity-plan --compare} against WireMock on 127.0.0.1: the Price List (JSON 1.1), EC2 (query/XML) and Savings
 * Plans (REST-JSON: POST /DescribeSavingsPlansOfferingRates and friends, as SDK 2.40.2's savingsplans client sends them).
 * The pinned numbers are checked by hand in the comments; the README and docs/capacity.md show these runs.
 */
class CapacityCompareTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("pricing", "ec2-commitments", "savingsplans");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  Run run(String yaml, String... args) throws IOException {
    return runWith(aws.clients("us-east-1"), yaml, args);
  }

  Run runWith(AwsClients clients, String yaml, String... args) throws IOException {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, yaml);
    String[] all = new String[args.length + 3];
    all[0] = "--config";
    all[1] = config.toString();
    all[2] = "--compare";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.execute(new CapacityPlanCommand(clients), all);
  }

  /** N = 4 over 3 zones: 2 per zone, 6 reserved; defaults: 36-month horizon, 12-month need, every payment option. */
  static final String CPU = """
      project:
        prefix: fk
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 4
        availability_zones: [us-east-1a, us-east-1b, us-east-1c]
      """;

  /** N = 2 over 2 zones: 2 per zone, 4 reserved; a one-month need. */
  static final String GPU = """
      project:
        prefix: fk
        region: us-east-1
      capacity_reservation:
        enabled: true
        instance_type: p4d.24xlarge
        instances_needed: 2
        availability_zones: [us-east-1a, us-east-1b]
        plan:
          horizon_months: 12
          expected_need_months: 1
          payment_options: [No Upfront]
      """;

  /*
   * CPU, checked by hand. Fixtures: on-demand 0.096/h; one active zonal RI in us-east-1a (a second, in us-east-1d, is
   * outside the plan; a Windows one does not match), so 2-1, 2, 2 = 5 reservations to create (R).
   * Reservations alone: 5 x 0.096 x 730 = 350.40 a month; 12 months 4,204.80; 36 months 12,614.40.
   * Savings Plans: commitment = R x rate, rounded up to 5 decimals; a term costs commitment x 730 x 12 (or 36).
   *   Compute 1 yr No Upfront 0.068: 0.34/h x 8,760 = 2,978.40; per month 248.20; 36 months = 3 terms = 8,935.20;
   *     break-even 2,978.40 / 350.40 = 8.50 months. Partial 0.065: 0.325 x 8,760 = 2,847.00, half up front 1,423.50,
   *     break-even 8.125 -> 8.13 (rounded up). All 0.064: 2,803.20, break-even 8.00.
   *   Compute 3 yr No 0.048: 0.24 x 26,280 = 6,307.20 (12 and 36 months alike: one term), per month 175.20, 18.00.
   *   EC2 Instance 1 yr All Upfront 0.056: 0.28 x 8,760 = 2,452.80; break-even 2,452.80 / 350.40 = 7.00.
   *   EC2 Instance 3 yr All 0.037: 0.185 x 26,280 = 4,861.80; 13.875 -> 13.88.
   * Reserved Instances (per instance fixed + hourly x 730 x months, times R):
   *   regional 1 yr No Upfront 0.062/h: 543.12 x 5 = 2,715.60, 7.75. Partial 263 + 0.03 x 8,760 = 525.80 x 5 = 2,629.00,
   *   up front 1,315.00, 7.5028 -> 7.51. All 515 x 5 = 2,575.00, 7.3487 -> 7.35. 3 yr All 1,069 x 5 = 5,345.00, 15.26.
   *   zonal: the same prices in each zone for 1 + 2 + 2 instances; us-east-1c has no 3 yr All Upfront offering.
   * Cheapest over the 12-month need: EC2 Instance 1 yr All Upfront, 2,452.80 < 2,496.60 (EC2 1 yr Partial) < 2,575.00;
   *   saving 4,204.80 - 2,452.80 = 1,752.00.
   * Coverage: 1 of 6 held by zonal RIs = 16.7%. The Compute plan's 0.10/h at 0.068 pays for floor(1.47) = 1 instance:
   *   reservations alone 4 x 0.096 = 0.3840/h instead of 5 x 0.096 = 0.4800/h. The c5 EC2 Instance plan does not apply.
   */
  static final String CPU_TEXT = """
      Commitment comparison: m5.large, Linux/UNIX, default tenancy, us-east-1 (USD, 730 hours a month)
        zones                    us-east-1a, us-east-1b, us-east-1c
        reservations per zone    2 (6 in total)
        active zonal RIs         us-east-1a: 1 (a1b2c3d4-1111-4aaa-8bbb-000000000001, ends 2027-03-01T00:00:00Z)
                                 2 in other zones, not counted
        reservations to create   5 (us-east-1a 1, us-east-1b 2, us-east-1c 2)
        on-demand price          0.0960 per instance-hour (SKU 8VCNEHQMSCQS4P39)
        horizon                  36 months, expected need 12 months

      OPTION                                                                      UPFRONT  PER MONTH  12 MONTHS  36 MONTHS  BREAK-EVEN
      Reservations alone (on-demand)                                              0.00     350.40     4204.80    12614.40   -
      Compute Savings Plan + reservations, 1 yr No Upfront (0.34000/h)            0.00     248.20     2978.40    8935.20    8.50
      Compute Savings Plan + reservations, 1 yr Partial Upfront (0.32500/h)       1423.50  237.25     2847.00    8541.00    8.13
      Compute Savings Plan + reservations, 1 yr All Upfront (0.32000/h)           2803.20  233.60     2803.20    8409.60    8.00
      Compute Savings Plan + reservations, 3 yr No Upfront (0.24000/h)            0.00     175.20     6307.20    6307.20    18.00
      Compute Savings Plan + reservations, 3 yr Partial Upfront (0.22500/h)       2956.50  164.25     5913.00    5913.00    16.88
      Compute Savings Plan + reservations, 3 yr All Upfront (0.21500/h)           5650.20  156.95     5650.20    5650.20    16.13
      EC2 Instance Savings Plan + reservations, 1 yr No Upfront (0.30000/h)       0.00     219.00     2628.00    7884.00    7.50
      EC2 Instance Savings Plan + reservations, 1 yr Partial Upfront (0.28500/h)  1248.30  208.05     2496.60    7489.80    7.13
      EC2 Instance Savings Plan + reservations, 1 yr All Upfront (0.28000/h)      2452.80  204.40     2452.80    7358.40    7.00
      EC2 Instance Savings Plan + reservations, 3 yr No Upfront (0.20500/h)       0.00     149.65     5387.40    5387.40    15.38
      EC2 Instance Savings Plan + reservations, 3 yr Partial Upfront (0.19500/h)  2562.30  142.35     5124.60    5124.60    14.63
      EC2 Instance Savings Plan + reservations, 3 yr All Upfront (0.18500/h)      4861.80  135.05     4861.80    4861.80    13.88
      Regional RI (standard) + reservations, 1 yr No Upfront                      0.00     226.30     2715.60    8146.80    7.75
      Regional RI (standard) + reservations, 1 yr Partial Upfront                 1315.00  219.08     2629.00    7887.00    7.51
      Regional RI (standard) + reservations, 1 yr All Upfront                     2575.00  214.58     2575.00    7725.00    7.35
      Regional RI (standard) + reservations, 3 yr No Upfront                      0.00     156.95     5650.20    5650.20    16.13
      Regional RI (standard) + reservations, 3 yr Partial Upfront                 2725.00  152.34     5484.40    5484.40    15.66
      Regional RI (standard) + reservations, 3 yr All Upfront                     5345.00  148.47     5345.00    5345.00    15.26
      Zonal RI (standard), no reservations, 1 yr No Upfront                       0.00     226.30     2715.60    8146.80    7.75
      Zonal RI (standard), no reservations, 1 yr Partial Upfront                  1315.00  219.08     2629.00    7887.00    7.51
      Zonal RI (standard), no reservations, 1 yr All Upfront                      2575.00  214.58     2575.00    7725.00    7.35
      Zonal RI (standard), no reservations, 3 yr No Upfront                       0.00     156.95     5650.20    5650.20    16.13
      Zonal RI (standard), no reservations, 3 yr Partial Upfront                  2725.00  152.34     5484.40    5484.40    15.66
      Zonal RI (standard), no reservations, 3 yr All Upfront                      -        -          -          -          not offered in us-east-1c

      Commitment coverage: 1 of 6 reserved instances (16.7%) held by active zonal RIs; every option above covers the 5 to create (6 of 6, 100%).
      Existing Savings Plan 3f2e1d0c-aaaa-4bbb-8ccc-000000000001 (Compute, 0.1 per hour, 0.0680 per m5.large hour) pays for up to 1 instance.
        If nothing else uses that commitment, 1 of the 5 reservations cost nothing more: reservations alone 0.3840 instead of 0.4800 per hour (utilization: Cost Explorer, ce:GetSavingsPlansUtilization, which fleetkit does not call).
      Recommendation: EC2 Instance Savings Plan + reservations, 1 yr All Upfront.
        Deciding number: it breaks even after 7.00 months, within the expected need of 12 months, and costs 1752.00 USD less than reservations alone over those 12 months.
        Rule: AWS blog "Selecting cost effective capacity reservations for your business-critical workloads on Amazon EC2": reservations alone while the need is shorter than a commitment's break-even; once the need outlasts it, the cheapest commitment that covers the reservations.
      """;

  static final String CPU_PROGRESS = """
      [1/6] instance type: m5.large (no GPU or Neuron chip)
      [2/6] on-demand price: 0.096 USD per instance-hour (SKU 8VCNEHQMSCQS4P39)
      [3/6] existing commitments: 2 active zonal RIs (1 in the plan's zones), 1 active Savings Plan that applies
      [4/6] Savings Plans rates: 12 offerings
      [5/6] Reserved Instance offerings: 6 regional, 17 zonal
      [6/6] Capacity Blocks: not a GPU or Trainium type
      """;

  /*
   * GPU, checked by hand. On-demand 32.7726/h, no zonal RI, so R = 4: 4 x 32.7726 x 730 = 95,695.992 a month.
   *   Regional RI 1 yr No Upfront 20.9/h: 20.9 x 8,760 x 4 = 732,336.00; break-even 732,336 / 95,695.992 = 7.6527 -> 7.66,
   *   the earliest of all options (EC2 Instance 1 yr 86 x 8,760 = 753,360 -> 7.88; Compute 1 yr 96 x 8,760 = 840,960 -> 8.79).
   *   A 1-month need (95,695.99) is shorter than 7.66 months: reservations alone.
   * Capacity Blocks: one zone's 2 reservations for 730 h -> 31 days -> past 14 days whole weeks: 35 days = 840 hours.
   *   47,040.00 / (840 x 2) = 28.0000/h, (28 - 32.7726) / 32.7726 = -14.56% -> -14.6%; 50,400 / 1,680 = 30.0000, -8.5%.
   */
  static final String GPU_TEXT = """
      Commitment comparison: p4d.24xlarge, Linux/UNIX, default tenancy, us-east-1 (USD, 730 hours a month)
        zones                    us-east-1a, us-east-1b
        reservations per zone    2 (4 in total)
        active zonal RIs         none in these zones
        reservations to create   4 (us-east-1a 2, us-east-1b 2)
        on-demand price          32.7726 per instance-hour (SKU 9YJ3NXSN9DHK3BKT)
        horizon                  12 months, expected need 1 month

      OPTION                                                                  UPFRONT  PER MONTH  1 MONTH     12 MONTHS   BREAK-EVEN
      Reservations alone (on-demand)                                          0.00     95695.99   95695.99    1148351.90  -
      Compute Savings Plan + reservations, 1 yr No Upfront (96.00000/h)       0.00     70080.00   840960.00   840960.00   8.79
      Compute Savings Plan + reservations, 3 yr No Upfront (65.60000/h)       0.00     47888.00   1723968.00  1723968.00  18.02
      EC2 Instance Savings Plan + reservations, 1 yr No Upfront (86.00000/h)  0.00     62780.00   753360.00   753360.00   7.88
      EC2 Instance Savings Plan + reservations, 3 yr No Upfront (59.60000/h)  0.00     43508.00   1566288.00  1566288.00  16.37
      Regional RI (standard) + reservations, 1 yr No Upfront                  0.00     61028.00   732336.00   732336.00   7.66
      Regional RI (standard) + reservations, 3 yr No Upfront                  0.00     41464.00   1492704.00  1492704.00  15.60
      Zonal RI (standard), no reservations, 1 yr No Upfront                   0.00     61028.00   732336.00   732336.00   7.66
      Zonal RI (standard), no reservations, 3 yr No Upfront                   0.00     41464.00   1492704.00  1492704.00  15.60

      Commitment coverage: 0 of 4 reserved instances (0.0%) held by active zonal RIs; every option above covers the 4 to create (4 of 4, 100%).
      Capacity Blocks for ML (GPU; 2 instances for 840 hours; one zone and fixed dates per block, so not a stand-in for reservations across zones):
        ZONE        START                 HOURS  INSTANCES  UPFRONT FEE  PER INSTANCE-HOUR  VS ON-DEMAND
        us-east-1a  2026-12-01T11:30:00Z  840    2          47040.00     28.0000            -14.6%
        us-east-1b  2026-12-08T11:30:00Z  840    2          50400.00     30.0000            -8.5%
      Recommendation: Reservations alone (on-demand).
        Deciding number: the expected need, 1 month, is shorter than the earliest break-even, 7.66 months (Regional RI (standard) + reservations, 1 yr No Upfront).
        Rule: AWS blog "Selecting cost effective capacity reservations for your business-critical workloads on Amazon EC2": reservations alone while the need is shorter than a commitment's break-even; once the need outlasts it, the cheapest commitment that covers the reservations.
      """;

  @Test
  void cpuTypeWithTheZonalRiSubtracted() throws IOException {
    Run r = run(CPU);
    assertEquals(0, r.exit(), r.err());
    assertEquals(CPU_PROGRESS, r.err());
    assertEquals(CPU_TEXT, r.out());
    assertEquals(0, aws.count(queried("DescribeCapacityBlockOfferings")), "no Capacity Blocks for a CPU type");
  }

  @Test
  void gpuTypeWithCapacityBlocks() throws IOException {
    Run r = run(GPU);
    assertEquals(0, r.exit(), r.err());
    assertEquals(GPU_TEXT, r.out());
    assertTrue(r.err().endsWith("[6/6] Capacity Blocks: 2 offerings for 2 instances, 840 hours\n"), r.err());
    var form = AwsMock.form(aws.requests(queried("DescribeCapacityBlockOfferings")).get(0));
    assertEquals("p4d.24xlarge", form.get("InstanceType"));
    assertEquals("2", form.get("InstanceCount"));
    assertEquals("840", form.get("CapacityDurationHours"));
  }

  @Test
  void jsonCarriesTheSameNumbersAsDecimalStrings() throws IOException {
    Run r = run(CPU, "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("USD", j.get("currency").asText());
    assertEquals("{\"us-east-1a\":1,\"us-east-1b\":2,\"us-east-1c\":2}", j.get("reservationsToCreate").toString());
    JsonNode ec2AllUpfront = j.get("options").get(9);
    assertEquals("EC2 Instance Savings Plan + reservations, 1 yr All Upfront", ec2AllUpfront.get("option").asText());
    assertEquals("0.28000", ec2AllUpfront.get("hourlyCommitment").asText());
    assertEquals("2452.8", ec2AllUpfront.get("costOverNeed").asText());
    assertEquals("7358.4", ec2AllUpfront.get("costOverHorizon").asText());
    assertEquals("7.00", ec2AllUpfront.get("breakEvenMonths").asText());
    assertEquals("[\"00000009-5b6c-4d7e-8f90-a1b2c3d4e5f6\"]", ec2AllUpfront.get("offerings").toString());
    assertEquals("{\"reservedInstances\":6,\"heldByActiveZonalRis\":1,\"coveredByEachOption\":5,\"existingSavingsPlansCouldCover\":1}",
        j.get("coverage").toString());
    assertEquals("not offered in us-east-1c", j.get("options").get(24).get("unavailable").asText());
    assertEquals("EC2 Instance Savings Plan + reservations, 1 yr All Upfront", j.get("recommendation").get("option").asText());
    assertTrue(j.get("capacityBlocks").isNull());
    assertEquals("[]", j.get("gaps").toString());
  }

  @Test
  void requestsCarryTheTypePlatformTenancyAndPages() throws IOException {
    assertEquals(0, run(CPU).exit());
    // Savings Plans: REST-JSON POSTs signed for the savingsplans service, both pages of offering rates.
    aws.verify(2, postRequestedFor(urlEqualTo("/DescribeSavingsPlansOfferingRates"))
        .withRequestBody(matchingJsonPath("$.filters[?(@.name == 'region' && @.values[0] == 'us-east-1')]"))
        .withRequestBody(matchingJsonPath("$.filters[?(@.name == 'productDescription' && @.values[0] == 'Linux/UNIX')]"))
        .withRequestBody(matchingJsonPath("$.filters[?(@.name == 'tenancy' && @.values[0] == 'shared')]"))
        .withRequestBody(matchingJsonPath("$.operations[0]", com.github.tomakehurst.wiremock.client.WireMock.equalTo("RunInstances")))
        .withRequestBody(matchingJsonPath("$.savingsPlanTypes[1]", com.github.tomakehurst.wiremock.client.WireMock.equalTo("EC2Instance")))
        .withHeader("Authorization", containing("/us-east-1/savingsplans/aws4_request")));
    aws.verify(1, postRequestedFor(urlEqualTo("/DescribeSavingsPlans"))
        .withRequestBody(matchingJsonPath("$.states[0]", com.github.tomakehurst.wiremock.client.WireMock.equalTo("active"))));
    aws.verify(1, postRequestedFor(urlEqualTo("/DescribeSavingsPlanRates"))
        .withRequestBody(matchingJsonPath("$.savingsPlanId",
            com.github.tomakehurst.wiremock.client.WireMock.equalTo("3f2e1d0c-aaaa-4bbb-8ccc-000000000001"))));
    // Reserved Instances: two pages of regional offerings, then one call per zone that still needs reservations.
    var offerings = aws.requests(queried("DescribeReservedInstancesOfferings")).stream().map(AwsMock::form).toList();
    assertEquals(2 + 3, offerings.size());
    var first = offerings.get(0);
    assertEquals(List.of("m5.large", "Linux/UNIX", "default", "standard", "false", "31536000", "94608000", "scope", "Region"),
        List.of(first.get("InstanceType"), first.get("ProductDescription"), first.get("InstanceTenancy"), first.get("OfferingClass"),
            first.get("IncludeMarketplace"), first.get("MinDuration"), first.get("MaxDuration"), first.get("Filter.1.Name"),
            first.get("Filter.1.Value.1")));
    var ris = AwsMock.form(aws.requests(queried("DescribeReservedInstances")).get(0));
    assertEquals(List.of("instance-type", "m5.large", "state", "active", "scope", "Availability Zone", "instance-tenancy", "default"),
        List.of(ris.get("Filter.1.Name"), ris.get("Filter.1.Value.1"), ris.get("Filter.2.Name"), ris.get("Filter.2.Value.1"),
            ris.get("Filter.3.Name"), ris.get("Filter.3.Value.1"), ris.get("Filter.4.Name"), ris.get("Filter.4.Value.1")));
  }

  static ResponseDefinitionBuilder restJsonError(int status, String type, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", type)
        .withBody("{\"message\":\"" + message + "\"}");
  }

  @Test
  void savingsPlansThrottlingIsRetried() throws IOException {
    aws.stub(post(urlEqualTo("/DescribeSavingsPlansOfferingRates")).inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(restJsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok").atPriority(1));
    Run r = run(CPU);
    assertEquals(0, r.exit(), r.err());
    assertEquals(CPU_TEXT, r.out());
    aws.verify(1 + 2, postRequestedFor(urlEqualTo("/DescribeSavingsPlansOfferingRates")));
  }

  @Test
  void throttlingThatDoesNotStopExits1() throws IOException {
    aws.stub(query("DescribeReservedInstancesOfferings").willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).atPriority(1));
    Run r = run(CPU);
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().endsWith("error: ec2:DescribeReservedInstancesOfferings failed (RequestLimitExceeded: Request"
        + " limit exceeded.)\n"), r.err());
  }

  @Test
  void deniedOfferingRatesExit1NamingTheAction() throws IOException {
    aws.stub(post(urlEqualTo("/DescribeSavingsPlansOfferingRates")).willReturn(restJsonError(403, "AccessDeniedException",
        "User: arn:aws:sts::111122223333:assumed-role/Planner/s is not authorized to perform:"
            + " savingsplans:DescribeSavingsPlansOfferingRates")).atPriority(1));
    Run r = run(CPU);
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: savingsplans:DescribeSavingsPlansOfferingRates was denied (AccessDeniedException: User:"
        + " arn:aws:sts::111122223333:assumed-role/Planner/s is not authorized to perform:"
        + " savingsplans:DescribeSavingsPlansOfferingRates); grant savingsplans:DescribeSavingsPlansOfferingRates to the caller\n"),
        r.err());
  }

  @Test
  void deniedExistingCommitmentsAreANamedGap() throws IOException {
    aws.stub(query("DescribeReservedInstances").willReturn(xml(403, body("ec2/unauthorized-operation.xml"))).atPriority(1));
    Run r = run(CPU);
    assertEquals(0, r.exit(), r.err());
    String gap = "ec2:DescribeReservedInstances was denied: active zonal Reserved Instances are not subtracted (grant"
        + " ec2:DescribeReservedInstances to include them)";
    assertTrue(r.err().contains("WARN " + gap + "\n"), r.err());
    assertTrue(r.out().contains("  reservations to create   6 (us-east-1a 2, us-east-1b 2, us-east-1c 2)\n"), r.out());
    assertTrue(r.out().endsWith("Gap: " + gap + "\n"), r.out());
  }

  @Test
  void anInstanceTypeThatDoesNotExistIsAConfigError() throws IOException {
    // A type that the AWS SDK does not list is a config error before any call (Checks.instanceType).
    Run typo = run(CPU.replace("m5.large", "m5.lage"));
    assertEquals(4, typo.exit());
    assertEquals(List.of(dir.resolve("config.yaml") + ":6:18: capacity_reservation.instance_type: \"m5.lage\" is not an EC2"
        + " instance type (did you mean \"m5.large\"? expected a size of m5: m5.12xlarge, m5.16xlarge, m5.24xlarge, m5.2xlarge,"
        + " m5.4xlarge, m5.8xlarge, m5.large, m5.metal, m5.xlarge)", "1 error(s) in " + dir.resolve("config.yaml")),
        typo.err().lines().toList());
    assertEquals(0, aws.count(queried("DescribeInstanceTypes")), "checked before any AWS call");
    // One that the SDK lists but EC2 does not know in this Region is the same exit code, in EC2's words.
    aws.stub(query("DescribeInstanceTypes").willReturn(ec2Error(400, "InvalidInstanceType",
        "The following supplied instance types do not exist: [m5.large]")).atPriority(1));
    Run r = run(CPU);
    assertEquals(4, r.exit());
    assertEquals("error: capacity_reservation.instance_type: m5.large is not an instance type that EC2 knows in this Region (The"
        + " following supplied instance types do not exist: [m5.large])\n", r.err());
  }

  @Test
  void aRegionOutsideThePartitionOrUnknownIsAUsageError() throws IOException {
    Run gov = run(CPU, "--region", "us-gov-west-1");
    assertEquals(2, gov.exit());
    assertEquals("error: us-gov-west-1 is in partition aws-us-gov, the Price List endpoint us-east-1 in aws (expected a Region of"
        + " the endpoint's partition: one set of credentials calls both)\n", gov.err());
    Run unknown = run(CPU, "--region", "xx-east-9");
    assertEquals(2, unknown.exit());
    assertEquals("Invalid value for option '--region': \"xx-east-9\" is not an AWS Region (did you mean \"ap-east-1\"? expected a Region that AWS SDK"
        + " for Java 2.40.2 lists, such as us-east-1)", unknown.err().lines().findFirst().orElseThrow());
    Run chain = runWith(aws.clients("cn-north-1"), CPU.replace("  region: us-east-1\n", ""));
    assertEquals(2, chain.exit());
    assertEquals("error: cn-north-1 is in partition aws-cn, the Price List endpoint us-east-1 in aws (expected a Region of"
        + " the endpoint's partition: one set of credentials calls both)\n", chain.err());
    assertEquals(0, aws.count(queried("DescribeInstanceTypes")), "checked before any AWS call");
  }

  @Test
  void aPriceWithoutTheOnDemandTermNamesTheSku() throws IOException {
    aws.stub(query("DescribeInstanceTypes").willReturn(xml(200, body("ec2-commitments/instance-type-m5-large.xml")
        .replace("m5.large", "m7i.large"))).atPriority(1));
    Run r = run(CPU.replace("m5.large", "m7i.large"));
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: product R9Q7M2XDEEDAS7ZB for m7i.large (Linux, Shared tenancy) in us-east-1 has no"
        + " on-demand USD price per hour (terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD with unit Hrs)\n"), r.err());
  }

  @Test
  void aZeroSavingsPlansRateIsAnErrorNamingTheOffering() throws IOException {
    aws.stub(post(urlEqualTo("/DescribeSavingsPlansOfferingRates")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(body("savingsplans/offering-rates-p4d.json")
            .replace("\"24.0\"", "\"0.0\""))).atPriority(1));
    Run r = run(GPU);
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: savingsplans answered \"0.0\" for offering 00000100-5b6c-4d7e-8f90-a1b2c3d4e5f6"
        + " (BoxUsage:p4d.24xlarge) (expected a positive decimal; never read as a zero price)\n"), r.err());
  }

  @Test
  void rejectedCredentialsExit3() throws IOException {
    aws.stub(query("DescribeInstanceTypes").willReturn(ec2Error(401, "AuthFailure", "AWS was not able to validate the provided"
        + " access credentials")).atPriority(1));
    Run r = run(CPU);
    assertEquals(3, r.exit());
    assertTrue(r.err().startsWith("error: AWS rejected the credentials on ec2:DescribeInstanceTypes (AuthFailure"), r.err());
    assertTrue(r.err().endsWith("and run capacity-plan --compare again\n"), r.err());
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() throws IOException {
    Run r = runWith(AwsClients.forEndpoint(aws.endpoint(), "us-east-1", () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    }), CPU);
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run capacity-plan again\n"), r.err());
    assertEquals(0, aws.count(postRequestedFor(urlMatching("/.*"))), "no call without credentials");
  }

  @Test
  void capacityBlockDurationsFollowTheSoldIncrements() {
    assertEquals(35 * 24, CapacityCompare.blockHours(1), "730 h = 30.4 days -> 31 days -> whole weeks past 14: 35 days");
    assertEquals(182 * 24, CapacityCompare.blockHours(6), "4,380 h is past 182 days: the longest block");
    assertEquals(182 * 24, CapacityCompare.blockHours(60));
  }

  /** The README and docs/capacity.md show these runs as they are. */
  @Test
  void theDocsShowTheseRuns() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("$ bin/fleetkit capacity-plan --compare\n" + CPU_PROGRESS + CPU_TEXT + "```"),
        "README.md lacks the --compare run of CapacityCompareTest.CPU");
    String capacity = Files.readString(Path.of("docs/capacity.md"));
    assertTrue(capacity.contains("$ bin/fleetkit capacity-plan --compare 2>/dev/null\n" + GPU_TEXT + "```"),
        "docs/capacity.md lacks the --compare run of CapacityCompareTest.GPU");
  }
}
