package io.fleetkit.cli;

import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost-lgw coip allocate} and {@code auto-assign} against WireMock in EC2's query/XML wire format: the
 * calls and their parameters, the dry runs (DryRunOperation, UnauthorizedOperation, and ModifySubnetAttribute, which has
 * no DryRun), the release after a failed association, the pool from config, and the usage errors.
 */
class CoipCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock();
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  static final String POOL = "ipv4pool-coip-0a1b2c3d4e5f60001";
  static final String INSTANCE = "i-0a1b2c3d4e5f60001";
  static final String SUBNET = "subnet-0a1b2c3d4e5f60011";

  @TempDir Path dir;

  static String ec2(String op, String inner) {
    return "<" + op + "Response xmlns=\"" + NS + "\"><requestId>r</requestId>" + inner + "</" + op + "Response>";
  }

  static String subnet(String outpost) {
    return ec2("DescribeSubnets", "<subnetSet><item><subnetId>" + SUBNET + "</subnetId><vpcId>vpc-0a1b2c3d4e5f60010</vpcId>"
        + "<cidrBlock>10.50.1.0/24</cidrBlock>" + outpost + "<mapCustomerOwnedIpOnLaunch>false</mapCustomerOwnedIpOnLaunch>"
        + "</item></subnetSet>");
  }

  @BeforeEach
  void stubs() {
    aws.stub(query("DescribeCoipPools").willReturn(xml(200, ec2("DescribeCoipPools", "<coipPoolSet><item><poolId>" + POOL
        + "</poolId><poolCidrSet><item>198.19.0.0/24</item></poolCidrSet><localGatewayRouteTableId>lgw-rtb-0a1b2c3d4e5f60002"
        + "</localGatewayRouteTableId></item></coipPoolSet>"))));
    aws.stub(query("DescribeInstances").willReturn(xml(200, ec2("DescribeInstances", "<reservationSet><item><instancesSet><item>"
        + "<instanceId>" + INSTANCE + "</instanceId><subnetId>" + SUBNET + "</subnetId><vpcId>vpc-0a1b2c3d4e5f60010</vpcId>"
        + "<privateIpAddress>10.50.1.20</privateIpAddress><instanceState><code>16</code><name>running</name></instanceState>"
        + "</item></instancesSet></item></reservationSet>"))));
    aws.stub(query("DescribeSubnets").willReturn(xml(200,
        subnet("<outpostArn>arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001</outpostArn>"))));
    aws.stub(query("AllocateAddress").willReturn(xml(200, ec2("AllocateAddress", "<allocationId>eipalloc-0a1b2c3d4e5f60003"
        + "</allocationId><domain>vpc</domain><customerOwnedIp>198.19.0.9</customerOwnedIp><customerOwnedIpv4Pool>" + POOL
        + "</customerOwnedIpv4Pool>"))));
    aws.stub(query("AssociateAddress").willReturn(xml(200, ec2("AssociateAddress",
        "<return>true</return><associationId>eipassoc-0a1b2c3d4e5f60003</associationId>"))));
    aws.stub(query("ReleaseAddress").willReturn(xml(200, ec2("ReleaseAddress", "<return>true</return>"))));
    aws.stub(query("ModifySubnetAttribute").willReturn(xml(200, ec2("ModifySubnetAttribute", "<return>true</return>"))));
  }

  Run run(String... args) {
    OutpostLgwCommand cmd = new OutpostLgwCommand(c -> aws.clients(c.region.orElse("us-east-1")), Clock.systemUTC());
    return CliRun.execute(cmd, args);
  }

  @Test
  void allocatesFromThePoolAndAssociatesWithTheInstance() {
    Run r = run("coip", "allocate", "--instance", INSTANCE, "--pool", POOL, "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("allocated 198.19.0.9 (eipalloc-0a1b2c3d4e5f60003) from " + POOL + " and associated it with " + INSTANCE
        + " (eipassoc-0a1b2c3d4e5f60003)\n", r.out());
    Map<String, String> allocate = AwsMock.form(aws.requests(queried("AllocateAddress")).get(0));
    assertEquals("vpc", allocate.get("Domain"));
    assertEquals(POOL, allocate.get("CustomerOwnedIpv4Pool"));
    Map<String, String> associate = AwsMock.form(aws.requests(queried("AssociateAddress")).get(0));
    assertEquals("eipalloc-0a1b2c3d4e5f60003", associate.get("AllocationId"));
    assertEquals(INSTANCE, associate.get("InstanceId"));
  }

  @Test
  void aFailedAssociationReleasesTheAddress() {
    aws.stub(query("AssociateAddress").atPriority(1).willReturn(ec2Error(400, "InvalidInstanceID",
        "The instance is not in a VPC associated with the route table of this pool")));
    Run r = run("coip", "allocate", "--instance", INSTANCE, "--pool", POOL, "--region", "us-east-1");
    assertEquals(1, r.exit());
    assertEquals("error: ec2:AssociateAddress failed (InvalidInstanceID: The instance is not in a VPC associated"
        + " with the route table of this pool); released eipalloc-0a1b2c3d4e5f60003 (198.19.0.9) again\n", r.err());
    assertEquals("eipalloc-0a1b2c3d4e5f60003", AwsMock.form(aws.requests(queried("ReleaseAddress")).get(0)).get("AllocationId"));
  }

  @Test
  void aDryRunAllocatesNothing() {
    aws.stub(query("AllocateAddress").atPriority(1).willReturn(ec2Error(412, "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.")));
    Run r = run("coip", "allocate", "--instance", INSTANCE, "--pool", POOL, "--dry-run", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("dry run: ec2:AllocateAddress from " + POOL + " (route table lgw-rtb-0a1b2c3d4e5f60002) would be allowed;"
        + " ec2:AssociateAddress to " + INSTANCE + " is not checked, it needs the allocation ID that only a real allocation"
        + " returns; nothing was changed\n", r.out());
    assertEquals("true", AwsMock.form(aws.requests(queried("AllocateAddress")).get(0)).get("DryRun"));
    assertEquals(0, aws.count(queried("AssociateAddress")));
  }

  @Test
  void aDeniedDryRunSaysSo() {
    aws.stub(query("AllocateAddress").atPriority(1).willReturn(ec2Error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation.")));
    Run r = run("coip", "allocate", "--instance", INSTANCE, "--pool", POOL, "--dry-run", "--region", "us-east-1");
    assertEquals(1, r.exit());
    assertEquals("error: ec2:AllocateAddress was denied (UnauthorizedOperation: You are not authorized to perform this"
        + " operation.); grant ec2:AllocateAddress to the caller\n", r.err());
  }

  @Test
  void anInstanceOffTheOutpostIsRefused() {
    aws.stub(query("DescribeSubnets").atPriority(1).willReturn(xml(200, subnet(""))));
    Run r = run("coip", "allocate", "--instance", INSTANCE, "--pool", POOL, "--region", "us-east-1");
    assertEquals(1, r.exit());
    assertEquals("error: " + INSTANCE + " is not in a subnet on an Outpost (subnet " + SUBNET + "); a customer-owned IP"
        + " reaches it only through an Outpost's local gateway\n", r.err());
    assertEquals(0, aws.count(queried("AllocateAddress")));
  }

  @Test
  void autoAssignTurnsOnCoipForTheSubnet() {
    Run r = run("coip", "auto-assign", SUBNET, "--pool", POOL, "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals(SUBNET + " now assigns customer-owned IPs from " + POOL + " at launch (was: off)\n", r.out());
    Map<String, String> modify = AwsMock.form(aws.requests(queried("ModifySubnetAttribute")).get(0));
    assertEquals(SUBNET, modify.get("SubnetId"));
    assertEquals("true", modify.get("MapCustomerOwnedIpOnLaunch.Value"));
    assertEquals(POOL, modify.get("CustomerOwnedIpv4Pool"));
  }

  @Test
  void autoAssignDryRunOnlyReads() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        project: {prefix: rack, region: us-east-1}
        outpost_routing:
          enabled: true
          local_gateway_id: lgw-0a1b2c3d4e5f60001
          mode: coip
          vpcs: [vpc-0a1b2c3d4e5f60010]
          vif_group_ids: [lgw-vif-grp-0a1b2c3d4e5f60001]
          coip_pool_id: ipv4pool-coip-0a1b2c3d4e5f60001
        """);
    Run r = run("coip", "auto-assign", SUBNET, "--config", config.toString(), "--dry-run", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("dry run: " + SUBNET + " (arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001) would"
        + " assign customer-owned IPs from " + POOL + " at launch (now: off); ModifySubnetAttribute has no DryRun parameter,"
        + " so the permission is not checked; nothing was changed\n", r.out());
    assertEquals(0, aws.count(queried("ModifySubnetAttribute")));
  }

  @Test
  void aConfigWithErrorsIsAConfigErrorWithoutCallingAws() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "project: {prefix: rack, region: us-east-1}\noutpost_routing:\n  enabled: yes please\n");
    Run r = run("coip", "auto-assign", SUBNET, "--config", config.toString(), "--region", "us-east-1");
    assertEquals(4, r.exit());
    assertEquals("", r.out());
    assertEquals("error: " + config + " has errors:\n" + config + ":3:12: outpost_routing.enabled: wrong type: got text"
        + " \"yes please\" (expected true or false)\n", r.err());
    assertEquals(0, aws.requests(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).size());
  }

  @Test
  void usageErrorsExitTwoWithoutCallingAws() {
    Run none = run("coip", "auto-assign", SUBNET, "--config", dir.resolve("absent.yaml").toString());
    assertEquals(2, none.exit());
    assertEquals("error: no CoIP pool: pass --pool, or set outpost_routing.coip_pool_id in " + dir.resolve("absent.yaml")
        + "\n", none.err());
    Run bad = run("coip", "allocate", "--instance", "web-1", "--pool", POOL);
    assertEquals(2, bad.exit());
    assertEquals("Invalid value for option '--instance': \"web-1\" is not an instance ID (expected i- and 8 or 17 lowercase"
        + " hex digits, such as i-0a1b2c3d4e5f60001)", bad.err().lines().findFirst().orElse(""));
    assertEquals(2, run("coip", "auto-assign", SUBNET, "--pool", "pool-1").exit());
    assertEquals(0, aws.requests(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).size());
  }
}
