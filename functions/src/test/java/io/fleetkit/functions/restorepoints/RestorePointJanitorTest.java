package io.fleetkit.functions.restorepoints;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.functions.AwsWire.ec2Error;
import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.functions.AwsWire;
import io.fleetkit.functions.FunctionClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The janitor against EC2's query/XML wire format: two pages of restore points of two instances, a pinned one, a
 * failed and a pending snapshot, a tag value that is no instance ID, a snapshot without the tag (which the tag-key
 * filter should have left out), deletions refused, a failing listing, a repeated page token and a dry run.
 */
class RestorePointJanitorTest {
  static final String TOKEN = "eyJ2IjoxLCJzIjoic25hcC0wYTFiIn0=";
  static AwsWire wire;
  static Ec2Client ec2;
  final List<String> log = new ArrayList<>();

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

  @BeforeEach
  void twoPages() {
    wire.server.stubFor(query("DescribeSnapshots").withRequestBody(notContaining("NextToken="))
        .willReturn(xmlFile(200, "ec2/describe-snapshots-restore-points-page1.xml")));
    wire.server.stubFor(query("DescribeSnapshots").withRequestBody(containing("NextToken="))
        .willReturn(xmlFile(200, "ec2/describe-snapshots-restore-points-page2.xml")));
    wire.server.stubFor(query("DeleteSnapshot").willReturn(xmlFile(200, "ec2/delete-snapshot.xml")));
  }

  @AfterEach
  void reset() {
    wire.server.resetAll();
  }

  static RestorePointsConfig config(boolean dryRun) {
    return new RestorePointsConfig("fleetkit:restore-point", 3, dryRun, List.of("snap-0a1b2c3d4e5f6a000"));
  }

  static List<String> deleted() {
    return wire.bodies("DeleteSnapshot").stream()
        .map(b -> b.substring(b.indexOf("SnapshotId=") + "SnapshotId=".length())).toList();
  }

  @Test
  void keepsTheNewestThreeCompletedOfEachInstanceAndDeletesOlderAndFailedOnes() {
    var result = RestorePointJanitor.prune(ec2, config(false), log::add, () -> Long.MAX_VALUE);
    assertEquals(List.of(
        "DescribeSnapshots: 12 snapshots tagged fleetkit:restore-point (2 pages)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a006: deleted (failed snapshot (state error), never restorable)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a005: keep (newest 3)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a004: keep (newest 3)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a003: keep (newest 3)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a002: deleted (older than the newest 3)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a001: deleted (older than the newest 3)",
        "i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a000: keep (pinned)",
        "i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b003: left alone (state pending)",
        "i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b002: keep (newest 3)",
        "i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b001: keep (newest 3)",
        "- snap-0a1b2c3d4e5f6c001: left alone (fleetkit:restore-point is \"web-server\", not an instance ID)",
        "- snap-0a1b2c3d4e5f6c002: left alone (no fleetkit:restore-point tag)",
        "restore points: 12 listed for 2 instances, 6 kept, 3 deleted, 3 left alone, 0 failed, 0 deferred to the next run"),
        log);
    assertEquals(List.of("snap-0a1b2c3d4e5f6a006", "snap-0a1b2c3d4e5f6a002", "snap-0a1b2c3d4e5f6a001"), deleted());
    assertEquals(3, result.deleted());
    assertEquals(List.of(), result.failed());
  }

  @Test
  void listsOnlyOwnSnapshotsWithTheTagKeyInPagesOfAThousand() {
    RestorePointJanitor.prune(ec2, config(true), log::add, () -> Long.MAX_VALUE);
    List<String> bodies = wire.bodies("DescribeSnapshots");
    assertEquals(List.of(
        "Action=DescribeSnapshots&Version=2016-11-15&MaxResults=1000&Owner.1=self&Filter.1.Name=tag-key"
            + "&Filter.1.Value.1=fleetkit%3Arestore-point",
        "Action=DescribeSnapshots&Version=2016-11-15&MaxResults=1000&NextToken=eyJ2IjoxLCJzIjoic25hcC0wYTFiIn0%3D"
            + "&Owner.1=self&Filter.1.Name=tag-key&Filter.1.Value.1=fleetkit%3Arestore-point"), bodies);
  }

  @Test
  void aDryRunDeletesNothing() {
    var result = RestorePointJanitor.prune(ec2, config(true), log::add, () -> Long.MAX_VALUE);
    assertEquals(List.of(), deleted());
    assertTrue(log.contains("i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a001: would delete (older than the newest 3)"), log.toString());
    assertEquals("restore points: 12 listed for 2 instances, 6 kept, 3 would be deleted, 3 left alone, 0 failed,"
        + " 0 deferred to the next run", log.get(log.size() - 1));
    assertTrue(result.dryRun());
  }

  @Test
  void aSnapshotInUseOrAlreadyGoneIsLeftAloneAndOtherRefusalsFail() {
    wire.server.stubFor(query("DeleteSnapshot").withRequestBody(containing("snap-0a1b2c3d4e5f6a006")).atPriority(1)
        .willReturn(ec2Error(400, "InvalidSnapshot.NotFound", "The snapshot 'snap-0a1b2c3d4e5f6a006' does not exist.")));
    wire.server.stubFor(query("DeleteSnapshot").withRequestBody(containing("snap-0a1b2c3d4e5f6a002")).atPriority(1)
        .willReturn(ec2Error(400, "InvalidSnapshot.InUse",
            "The snapshot snap-0a1b2c3d4e5f6a002 is currently in use by ami-0a1b2c3d4e5f60009")));
    wire.server.stubFor(query("DeleteSnapshot").withRequestBody(containing("snap-0a1b2c3d4e5f6a001")).atPriority(1)
        .willReturn(ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));
    var result = RestorePointJanitor.prune(ec2, config(false), log::add, () -> Long.MAX_VALUE);
    assertTrue(log.contains("i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a006: already deleted"), log.toString());
    assertTrue(log.contains("i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a002: left alone (in use, such as by an AMI: EC2"
        + " refuses to delete it)"), log.toString());
    assertTrue(log.contains("i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a001: not deleted: UnauthorizedOperation: You are"
        + " not authorized to perform this operation."), log.toString());
    assertEquals(List.of("snap-0a1b2c3d4e5f6a001"), result.failed());
    assertEquals(0, result.deleted());
  }

  @Test
  void deletionsStopWhenTheTimeoutIsNear() {
    // Enough time for the first deletion, then less than one call may take.
    long[] left = {RestorePointJanitor.RESERVE_MILLIS};
    var result = RestorePointJanitor.prune(ec2, config(false), log::add, () -> {
      long now = left[0];
      left[0] = RestorePointJanitor.RESERVE_MILLIS - 1;
      return now;
    });
    assertEquals(List.of("snap-0a1b2c3d4e5f6a006"), deleted());
    assertEquals(List.of("snap-0a1b2c3d4e5f6a002", "snap-0a1b2c3d4e5f6a001"), result.deferred());
    assertTrue(log.contains("i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a002: deferred (older than the newest 3; under 35 s"
        + " of the timeout left)"), log.toString());
  }

  @Test
  void aFailedPageDeletesNothing() {
    wire.server.stubFor(query("DescribeSnapshots").withRequestBody(containing("NextToken=")).atPriority(1)
        .willReturn(ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));
    var e = assertThrows(RestorePointJanitor.ListingException.class,
        () -> RestorePointJanitor.prune(ec2, config(false), log::add, () -> Long.MAX_VALUE));
    assertTrue(e.getMessage().startsWith("DescribeSnapshots failed on page 2, so nothing was deleted: You are not"
        + " authorized to perform this operation."), e.getMessage());
    assertEquals(List.of(), deleted());
  }

  @Test
  void aRepeatedPageTokenStopsTheListing() {
    wire.server.stubFor(query("DescribeSnapshots").withRequestBody(containing("NextToken=")).atPriority(1)
        .willReturn(xmlFile(200, "ec2/describe-snapshots-restore-points-page1.xml")));
    var e = assertThrows(RestorePointJanitor.ListingException.class,
        () -> RestorePointJanitor.prune(ec2, config(false), log::add, () -> Long.MAX_VALUE));
    assertEquals("DescribeSnapshots returned the page token of an earlier page again (page 2), so nothing was deleted",
        e.getMessage());
    assertEquals(List.of(), deleted());
  }

  @Test
  void aListingPastThePageBoundStops() {
    assertEquals(1000, RestorePointJanitor.MAX_PAGES);
    var e = assertThrows(RestorePointJanitor.ListingException.class,
        () -> RestorePointJanitor.list(ec2, "fleetkit:restore-point", log::add, 1));
    assertEquals("DescribeSnapshots still had a next page after 1 pages, more than the snapshots of a Region could"
        + " fill, so nothing was deleted", e.getMessage());
    // The fixture's two pages fit a bound of two.
    assertEquals(12, RestorePointJanitor.list(ec2, "fleetkit:restore-point", log::add, 2).size());
  }
}
