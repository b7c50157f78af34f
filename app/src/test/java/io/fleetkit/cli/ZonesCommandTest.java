package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.inventory.ZoneOfferings;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@code zones} against WireMock on 127.0.0.1: EC2 query XML and Price List JSON 1.1 in wire format. */
class ZonesCommandTest {
  /** Two endpoints, as in AWS: EC2 (query XML) and the Price List API (JSON 1.1). */
  @RegisterExtension static final AwsMock ec2 = new AwsMock("ec2");
  @RegisterExtension static final AwsMock pricing = new AwsMock("pricing");
  static final ObjectMapper JSON = new ObjectMapper();

  final List<Duration> sleeps = new ArrayList<>();

  Run run(String... args) {
    ZonesCommand cmd = new ZonesCommand(
        (c, service) -> (service.equals("pricing") ? pricing : ec2).clients(c.region.orElse("us-east-1")),
        sleeps::add);
    return CliRun.execute(cmd, args);
  }

  @Test
  void listShowsLocalZonesWithGroupOptInParentAndBorderGroup() {
    Run r = run("list", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        ZONE              GROUP            OPT-IN        PARENT ZONE  NETWORK BORDER GROUP
        us-east-1-atl-1a  us-east-1-atl-1  opted-in      us-east-1d   us-east-1-atl-1
        us-east-1-bos-1a  us-east-1-bos-1  not-opted-in  us-east-1c   us-east-1-bos-1
        us-east-1-den-1a  us-east-1-den-1  not-opted-in  us-east-1a   us-east-1-den-1
        us-east-1-mci-1a  us-east-1-mci-1  not-opted-in  us-east-1d   us-east-1-mci-1
        4 Local Zones in us-east-1; opt in with: bin/fleetkit zones opt-in GROUP
        """, r.out());
    ec2.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=DescribeAvailabilityZones"))
        .withRequestBody(containing("AllAvailabilityZones=true"))
        .withRequestBody(containing("Filter.1.Name=zone-type"))
        .withRequestBody(containing("Filter.1.Value.1=local-zone")));
  }

  @Test
  void listAsJson() throws Exception {
    Run r = run("list", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode zones = JSON.readTree(r.out());
    assertEquals(4, zones.size());
    assertEquals("""
        {"zone":"us-east-1-atl-1a","zone_id":"use1-atl1-az1","group":"us-east-1-atl-1","opt_in_status":"opted-in",\
        "parent_zone":"us-east-1d","network_border_group":"us-east-1-atl-1","region":"us-east-1","state":"available"}""",
        JSON.writeValueAsString(zones.get(0)));
  }

  @Test
  void offeringsReadsEveryPageSortedAndWritesTheSnapshotAtomically(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("zones.json");
    Run r = run("offerings", "us-east-1-atl-1a", "--snapshot", snapshot.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        c5.2xlarge
        c5d.2xlarge
        g4dn.2xlarge
        r5.2xlarge
        t3.medium
        t3.xlarge
        6 instance types offered in us-east-1-atl-1a
        """, r.out());
    ec2.verify(2, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=DescribeInstanceTypeOfferings"))
        .withRequestBody(containing("LocationType=availability-zone"))
        .withRequestBody(containing("Filter.1.Name=location"))
        .withRequestBody(containing("Filter.1.Value.1=us-east-1-atl-1a")));
    ec2.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("NextToken=AAEAAZ2F0bC1wYWdlLTI")));

    ZoneOfferings written = ZoneOfferings.readIfExists(snapshot).orElseThrow();
    var zone = written.zone("us-east-1-atl-1a").orElseThrow();
    assertEquals(List.of("c5.2xlarge", "c5d.2xlarge", "g4dn.2xlarge", "r5.2xlarge", "t3.medium", "t3.xlarge"),
        zone.instanceTypes());
    assertEquals("us-east-1-atl-1", zone.group());
    assertEquals("us-east-1", zone.region());
    // Every page of the zone group's Storage products; the Region's own (gp3, "AWS Region") is not the zone's.
    assertEquals(List.of("gp2", "io1", "sc1", "st1"), zone.volumeTypes());
    assertEquals("pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-east-1-atl-1", zone.volumeTypesSource());
    pricing.verify(2, postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo("AWSPriceListService.GetProducts"))
        .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'productFamily' && @.Value == 'Storage' && @.Type == 'TERM_MATCH')]"))
        .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'regionCode' && @.Value == 'us-east-1-atl-1')]"))
        .withRequestBody(matchingJsonPath("$.FormatVersion", com.github.tomakehurst.wiremock.client.WireMock.equalTo("aws_v1"))));
    pricing.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.NextToken",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("c3RvcmFnZS1wYWdlLTI="))));
    JsonNode raw = JSON.readTree(Files.readString(snapshot));
    assertEquals("fleetkit-zones", raw.get("format").asText());
    assertEquals(2, raw.get("version").asInt());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(snapshot), files.toList(), "no temporary file is left behind");
    }
    assertTrue(r.err().contains("wrote " + snapshot + " (us-east-1-atl-1a: 6 instance types; EBS volume types gp2, io1,"
        + " sc1, st1 from the Price List)"), r.err());
  }

  @Test
  void offeringsWithoutSnapshotAsksThePriceListNothing() {
    assertEquals(0, run("offerings", "us-east-1-atl-1a").exit());
    pricing.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aDeniedPriceListLeavesTheSnapshotAsItWas(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("zones.json");
    pricing.stub(AwsMock.target("AWSPriceListService.GetProducts").atPriority(1)
        .willReturn(AwsMock.jsonError("1.1", 400, "AccessDeniedException", "User is not authorized to perform: pricing:GetProducts")));
    Run r = run("offerings", "us-east-1-atl-1a", "--snapshot", snapshot.toString());
    assertEquals(1, r.exit());
    assertEquals("error: access denied to pricing:GetProducts (allow that action for the credentials in use; the snapshot"
        + " records the zone's EBS volume types from the Price List): User is not authorized to perform: pricing:GetProducts\n",
        r.err());
    assertFalse(Files.exists(snapshot), "nothing is written without the volume types");
  }

  @Test
  void aZoneGroupWithoutStorageProductsWritesNoSnapshot(@TempDir Path dir) {
    Path snapshot = dir.resolve("zones.json");
    pricing.stub(AwsMock.target("AWSPriceListService.GetProducts").atPriority(1)
        .willReturn(AwsMock.json11(200, "{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}")));
    Run r = run("offerings", "us-east-1-atl-1a", "--snapshot", snapshot.toString());
    assertEquals(1, r.exit());
    assertEquals("error: the Price List lists no EBS volume types for us-east-1-atl-1 (pricing:GetProducts AmazonEC2"
        + " productFamily=Storage regionCode=us-east-1-atl-1 returned 0 products, none with locationType \"AWS Local Zone\""
        + " and a volumeApiName; the snapshot was not written: check the volume types on the Local Zones features page"
        + " and set local_zone.zones_snapshot: none)\n", r.err());
    assertFalse(Files.exists(snapshot));
  }

  @Test
  void offeringsKeepsOtherZonesOfAnExistingSnapshot(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("zones.json");
    ZoneOfferings.empty().with("us-west-2-lax-1a",
        new ZoneOfferings.Zone("us-west-2", "us-west-2-lax-1", List.of("t3.medium"), List.of("gp2", "gp3"),
            "pricing:GetProducts AmazonEC2 productFamily=Storage regionCode=us-west-2-lax-1", "2026-11-01T00:00:00Z"))
        .write(snapshot);
    assertEquals(0, run("offerings", "us-east-1-atl-1a", "--snapshot", snapshot.toString()).exit());
    ZoneOfferings written = ZoneOfferings.readIfExists(snapshot).orElseThrow();
    assertEquals(List.of("us-east-1-atl-1a", "us-west-2-lax-1a"), written.zones().keySet().stream().sorted().toList());
  }

  @Test
  void offeringsOfAZoneThatIsNotOptedInNamesTheOptInCommand() {
    Run r = run("offerings", "us-east-1-bos-1a");
    assertEquals(1, r.exit());
    assertEquals("error: zone us-east-1-bos-1a is not opted in (its group us-east-1-bos-1 is not-opted-in; opt in with: "
        + "bin/fleetkit zones opt-in us-east-1-bos-1 --region us-east-1)\n", r.err());
    ec2.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeInstanceTypeOfferings")));
  }

  @Test
  void anUnknownZoneIsNamed() {
    Run r = run("offerings", "us-east-1-xyz-1a");
    assertEquals(1, r.exit());
    assertEquals("error: unknown zone us-east-1-xyz-1a in us-east-1 (list Local Zones with: bin/fleetkit zones list --region us-east-1)\n",
        r.err());
  }

  @Test
  void anAvailabilityZoneIsNotALocalZone() {
    Run r = run("prices", "us-east-1a", "--instance-type", "t3.medium");
    assertEquals(1, r.exit());
    assertEquals("error: us-east-1a is an availability-zone, not a Local Zone (list Local Zones with: bin/fleetkit zones list --region us-east-1)\n",
        r.err());
    pricing.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void optInRequestsTheGroupAndPollsUntilOptedIn() {
    Run r = run("opt-in", "us-east-1-mci-1", "--interval", "5s");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        requested opt-in for us-east-1-mci-1; waiting up to 10m
          0s: 0 of 1 zones opted in (us-east-1-mci-1a not-opted-in)
        us-east-1-mci-1 is opted in after 5s
        """, r.out());
    assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
    ec2.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=ModifyAvailabilityZoneGroup"))
        .withRequestBody(containing("GroupName=us-east-1-mci-1"))
        .withRequestBody(containing("OptInStatus=opted-in")));
    ec2.verify(3, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=DescribeAvailabilityZones"))
        .withRequestBody(containing("Filter.1.Name=group-name")));
  }

  @Test
  void optInGivesUpAtTheTimeout() {
    Run r = run("opt-in", "us-east-1-den-1", "--timeout", "30s", "--interval", "15s");
    assertEquals(1, r.exit());
    assertEquals("error: zone group us-east-1-den-1 is still not opted in after 30s (0 of 1 zones opted in; rerun with a "
        + "longer --timeout, or check the EC2 console's Zones page)\n", r.err());
    // The second wait is what is left of the 30 s after the polls themselves, so the last poll falls on the deadline.
    assertEquals(2, sleeps.size(), sleeps.toString());
    assertEquals(Duration.ofSeconds(15), sleeps.get(0));
    assertTrue(sleeps.get(1).compareTo(Duration.ofSeconds(10)) > 0 && sleeps.get(1).compareTo(Duration.ofSeconds(15)) <= 0,
        sleeps.toString());
  }

  @Test
  void optInDryRunChecksThePermissionAndChangesNothing() {
    Run r = run("opt-in", "us-east-1-mci-1", "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals("dry run: ec2:ModifyAvailabilityZoneGroup would be allowed for us-east-1-mci-1; nothing was changed\n", r.out());
    ec2.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("Action=ModifyAvailabilityZoneGroup"))
        .withRequestBody(containing("DryRun=true")));
  }

  @Test
  void optInToAnUnknownGroupIsNamed() {
    Run r = run("opt-in", "us-east-1-xyz-1");
    assertEquals(1, r.exit());
    assertEquals("error: unknown zone group us-east-1-xyz-1 in us-east-1 (list Local Zones and their groups with: "
        + "bin/fleetkit zones list --region us-east-1)\n", r.err());
    ec2.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyAvailabilityZoneGroup")));
  }

  @Test
  void pricesUseTheZoneGroupAsRegionCode() {
    Run r = run("prices", "us-east-1-atl-1a", "--instance-type", "t3.medium", "--instance-type", "c5.2xlarge");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        INSTANCE TYPE  USD/HOUR  SKU
        t3.medium      0.052     QG5GD2RHSKZT8W8A
        c5.2xlarge     0.408     7Y8JZ4XKR3ZQ2C5B
        On-demand Linux, shared tenancy, in us-east-1-atl-1a (regionCode us-east-1-atl-1)
        """, r.out());
    for (String filter : List.of("regionCode' && @.Value == 'us-east-1-atl-1'", "operatingSystem' && @.Value == 'Linux'",
        "tenancy' && @.Value == 'Shared'", "preInstalledSw' && @.Value == 'NA'", "capacitystatus' && @.Value == 'Used'")) {
      pricing.verify(2, postRequestedFor(urlEqualTo("/"))
          .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo("AWSPriceListService.GetProducts"))
          .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == '" + filter + ")]")));
    }
  }

  @Test
  void pricesAsJsonAndAnErrorNamingEachTypeWithoutPrice() throws Exception {
    Run r = run("prices", "us-east-1-atl-1a", "--json", "--instance-type", "t3.medium", "--instance-type", "r5.2xlarge");
    assertEquals(1, r.exit());
    JsonNode rows = JSON.readTree(r.out());
    assertEquals("""
        [{"zone":"us-east-1-atl-1a","region_code":"us-east-1-atl-1","instance_type":"t3.medium","usd_per_hour":"0.052","sku":"QG5GD2RHSKZT8W8A"}]""",
        JSON.writeValueAsString(rows));
    assertEquals("""
        error: no price for 1 of 2 instance types:
          no on-demand product for r5.2xlarge (Linux, Shared tenancy) in us-east-1-atl-1 (check the instance type exists in that Region and the platform is offered)
        """, r.err());
  }

  @Test
  void missingCredentialsAreNamedAndNothingIsSent() {
    ZonesCommand cmd = new ZonesCommand((c, service) -> AwsClients.forEndpoint(ec2.endpoint(),
        "us-east-1", () -> {
          throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }), sleeps::add);
    Run r = CliRun.execute(cmd, "list");
    assertEquals(3, r.exit());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run zones again\n"), r.err());
    assertFalse(ec2.server().getAllServeEvents().stream().anyMatch(e -> true), "no request reaches EC2");
  }

  @Test
  void aDeniedOptInNamesTheAction() {
    Run r = run("opt-in", "us-east-1-bos-1");
    assertEquals(1, r.exit());
    assertEquals("error: access denied to ec2:ModifyAvailabilityZoneGroup (allow that action for the credentials in use): "
        + "You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/readonly is not authorized "
        + "to perform: ec2:ModifyAvailabilityZoneGroup because no identity-based policy allows the "
        + "ec2:ModifyAvailabilityZoneGroup action\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void pricesWithoutInstanceTypesPriceEveryOfferedType() {
    Run r = run("prices", "us-east-1-atl-1a");
    assertEquals(1, r.exit(), "four of the six offered types have no mapped price");
    ec2.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeInstanceTypeOfferings")));
    pricing.verify(6, postRequestedFor(urlEqualTo("/")));
    for (String type : List.of("c5.2xlarge", "c5d.2xlarge", "g4dn.2xlarge", "r5.2xlarge", "t3.medium", "t3.xlarge")) {
      pricing.verify(1, postRequestedFor(urlEqualTo("/"))
          .withRequestBody(matchingJsonPath("$.Filters[?(@.Field == 'instanceType' && @.Value == '" + type + "')]")));
    }
    assertTrue(r.out().contains("t3.medium      0.052     QG5GD2RHSKZT8W8A\n"), r.out());
    assertTrue(r.err().startsWith("error: no price for 4 of 6 instance types:\n"), r.err());
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    Run r = run("opt-in", "us-east-1-mci-1", "--timeout", "ten minutes");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("Invalid value for option '--timeout': \"ten minutes\" is not a duration (expected a number "
        + "with s, m or h, such as 10m)"), r.err());
    ec2.verify(0, postRequestedFor(urlEqualTo("/")));
  }
}
