package io.fleetkit.cli;

import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.queryError;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost-lgw show} and {@code outpost-lgw coip} against WireMock on 127.0.0.1 in EC2's and STS's query/XML
 * wire format: every page, disassociated associations and deleted tables left out, the snapshot (the shipped sample is
 * this command's output), access denied, rejected credentials, a repeated page token, and the CoIP steps with their
 * dry runs.
 */
class OutpostLgwCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("ec2-lgw", "sts");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:30:00Z"), ZoneOffset.UTC);
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  @TempDir Path dir;

  Run run(String... args) {
    OutpostLgwCommand cmd = new OutpostLgwCommand(c -> aws.clients(c.region.orElse("us-east-1")), CLOCK);
    return CliRun.execute(cmd, args);
  }

  @Test
  void showsRouteTablesWithTheirModesAndThePoolUsage() {
    Run r = run("show", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        LOCAL GATEWAY          ROUTE TABLE                MODE                STATE      VPCS                   VIF GROUPS                     FLEETKIT STACK
        lgw-0a1b2c3d4e5f60001  lgw-rtb-0a1b2c3d4e5f60001  direct-vpc-routing  available  -                      lgw-vif-grp-0a1b2c3d4e5f60001  -
        lgw-0a1b2c3d4e5f60001  lgw-rtb-0a1b2c3d4e5f60002  coip                available  vpc-0a1b2c3d4e5f60020  -                              -

        COIP POOL                        ROUTE TABLE                CIDRS          ALLOCATED  ADDRESSES
        ipv4pool-coip-0a1b2c3d4e5f60001  lgw-rtb-0a1b2c3d4e5f60002  198.19.0.0/24  2          256
        """, r.out());
    assertEquals("""
        outpost-lgw: account 111122223333, region us-east-1
        [1/2] local gateways: 1, route tables: 2, VPCs: 2
        [2/2] CoIP pools: 1 (12 calls)
        """, r.err());
  }

  /** The README shows this class's run as it is: progress (stderr) first, the tables, then the snapshot line. */
  @Test
  void theReadmeShowsThisRun() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Run r = run("show", "--region", "us-east-1");
    String shown = "$ bin/fleetkit outpost-lgw show --region us-east-1 --snapshot\n" + r.err() + r.out()
        + "wrote .fleetkit/local-gateways.json (account 111122223333, us-east-1: 1 local gateways, 2 route tables, 1 CoIP"
        + " pools, 2 VPCs)\n```";
    assertTrue(readme.contains(shown), "README.md lacks:\n" + shown);
  }

  @Test
  void theSnapshotIsTheShippedSample() throws Exception {
    Path file = dir.resolve("lgw.json");
    Run r = run("show", "--region", "us-east-1", "--snapshot", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(Path.of("samples/local-gateways.json")), Files.readString(file));
    assertTrue(r.err().endsWith("wrote " + file + " (account 111122223333, us-east-1: 1 local gateways, 2 route tables,"
        + " 1 CoIP pools, 2 VPCs)\n"), r.err());
    // Every page, with the largest page size; subnets only on the gateways' Outposts.
    assertEquals(2, aws.count(queried("DescribeVpcs")));
    assertEquals("1000", AwsMock.form(aws.requests(queried("DescribeLocalGateways")).get(0)).get("MaxResults"));
    var subnets = AwsMock.form(aws.requests(queried("DescribeSubnets")).get(0));
    assertEquals("outpost-arn", subnets.get("Filter.1.Name"));
    assertEquals("arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001", subnets.get("Filter.1.Value.1"));
  }

  @Test
  void aRouteTableThisStackCreatedIsNamed() {
    aws.stub(query("DescribeLocalGatewayRouteTables").atPriority(1).willReturn(xml(200, "<DescribeLocalGatewayRouteTablesResponse"
        + " xmlns=\"" + NS + "\"><requestId>r</requestId><localGatewayRouteTableSet><item>"
        + "<localGatewayRouteTableId>lgw-rtb-0a1b2c3d4e5f60003</localGatewayRouteTableId>"
        + "<localGatewayId>lgw-0a1b2c3d4e5f60001</localGatewayId><state>available</state><mode>coip</mode>"
        + "<tagSet><item><key>fleetkit:route-table-of</key><value>rack-outpost-lgw</value></item></tagSet>"
        + "</item></localGatewayRouteTableSet></DescribeLocalGatewayRouteTablesResponse>")));
    Run r = run("show", "--region", "us-east-1", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        {
          "region" : "us-east-1",
          "route_tables" : [ {
            "local_gateway_id" : "lgw-0a1b2c3d4e5f60001",
            "route_table_id" : "lgw-rtb-0a1b2c3d4e5f60003",
            "mode" : "coip",
            "state" : "available",
            "vpcs" : [ ],
            "vif_groups" : [ ],
            "fleetkit_stack" : "rack-outpost-lgw"
          } ],
          "coip_pools" : [ {
            "pool_id" : "ipv4pool-coip-0a1b2c3d4e5f60001",
            "route_table_id" : "lgw-rtb-0a1b2c3d4e5f60002",
            "cidrs" : [ "198.19.0.0/24" ],
            "addresses" : 256,
            "allocated" : {
              "eipalloc-0a1b2c3d4e5f60001" : "198.19.0.7",
              "eipalloc-0a1b2c3d4e5f60002" : "198.19.0.8"
            }
          } ]
        }
        """, r.out());
  }

  @Test
  void aDeniedCallWritesNothing() throws Exception {
    Path file = dir.resolve("lgw.json");
    Files.writeString(file, "previous\n");
    aws.stub(query("DescribeCoipPools").atPriority(1).willReturn(ec2Error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation.")));
    Run r = run("show", "--region", "us-east-1", "--snapshot", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeCoipPools was denied (UnauthorizedOperation: You are not authorized to"
        + " perform this operation.); grant ec2:DescribeCoipPools to the caller\nnothing was written; " + file
        + " is unchanged\n"), r.err());
    assertEquals("previous\n", Files.readString(file));
  }

  @Test
  void rejectedCredentialsExitThree() {
    aws.stub(query("GetCallerIdentity").atPriority(1).willReturn(queryError(403, "ExpiredToken", "expired")));
    Run r = run("show", "--region", "us-east-1");
    assertEquals(3, r.exit());
    assertTrue(r.err().contains("AWS rejected the credentials on sts:GetCallerIdentity (ExpiredToken: expired)"), r.err());
  }

  @Test
  void aRepeatedPageTokenStops() {
    aws.stub(query("DescribeVpcs").atPriority(1).willReturn(xml(200, "<DescribeVpcsResponse xmlns=\"" + NS + "\">"
        + "<requestId>r</requestId><vpcSet/><nextToken>again</nextToken></DescribeVpcsResponse>")));
    Run r = run("show", "--region", "us-east-1");
    assertEquals(1, r.exit());
    assertEquals("error: ec2:DescribeVpcs returned the page token \"again\" twice (page 2); stopping instead of looping (a service"
        + " fault; retry later)\n",
        r.err().substring(r.err().indexOf("error:")));
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() {
    OutpostLgwCommand cmd = new OutpostLgwCommand(c -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(), "us-east-1", () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        }), CLOCK);
    Run r = CliRun.execute(cmd, "show", "--region", "us-east-1");
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().contains("and run outpost-lgw again"), r.err());
    assertEquals(0, aws.count(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())), "no call without credentials");
  }
}
