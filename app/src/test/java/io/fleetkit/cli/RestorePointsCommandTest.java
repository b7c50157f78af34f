package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.discovery.AwsClients;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code restore-points prune} against WireMock in EC2's query/XML format, with the janitor's own fixtures
 * (functions/src/test/resources/aws/ec2): the same code as the scheduled function, run with the caller's credentials.
 */
class RestorePointsCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock();
  static final String CONFIG = "app/src/test/resources/config/root-restore/cli.yaml";

  static String fixture(String name) {
    try {
      return Files.readString(Path.of("functions/src/test/resources/aws/ec2", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Run run(String... args) {
    RestorePointsCommand cmd = new RestorePointsCommand((c, region) -> aws.clients(region.orElse(AwsMock.REGION)));
    return CliRun.execute(cmd, args);
  }

  @BeforeEach
  void twoPagesOfRestorePoints() {
    aws.stub(query("DescribeSnapshots").withRequestBody(notContaining("NextToken="))
        .willReturn(xml(200, fixture("describe-snapshots-restore-points-page1.xml"))));
    aws.stub(query("DescribeSnapshots").withRequestBody(containing("NextToken="))
        .willReturn(xml(200, fixture("describe-snapshots-restore-points-page2.xml"))));
    aws.stub(query("DeleteSnapshot").willReturn(xml(200, fixture("delete-snapshot.xml"))));
  }

  @Test
  void missingCredentialsExitThreeBeforeAnyCall() {
    RestorePointsCommand cmd = new RestorePointsCommand((c, region) -> AwsClients.forEndpoint(aws.endpoint(),
        AwsMock.REGION, () -> {
          throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }));
    Run r = CliRun.execute(cmd, "prune", "--config", CONFIG);
    assertEquals(3, r.exit());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run restore-points prune again\n"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size(), "no call without credentials");
  }

  @Test
  void aDryRunPrintsTheJanitorsDecisionsAndDeletesNothing() {
    Run r = run("prune", "--dry-run", "--config", CONFIG);
    assertEquals(0, r.exit(), r.err());
    assertEquals("restore-points prune: us-east-1, keeping the newest 3 of each instance (dry run: nothing is deleted)\n",
        r.err());
    assertEquals("""
        DescribeSnapshots: 12 snapshots tagged fleetkit:restore-point (2 pages)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a006: would delete (failed snapshot (state error), never restorable)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a005: keep (newest 3)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a004: keep (newest 3)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a003: keep (newest 3)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a002: would delete (older than the newest 3)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a001: would delete (older than the newest 3)
        i-0a1b2c3d4e5f60001 snap-0a1b2c3d4e5f6a000: keep (pinned)
        i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b003: left alone (state pending)
        i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b002: keep (newest 3)
        i-0a1b2c3d4e5f60002 snap-0a1b2c3d4e5f6b001: keep (newest 3)
        - snap-0a1b2c3d4e5f6c001: left alone (fleetkit:restore-point is "web-server", not an instance ID)
        - snap-0a1b2c3d4e5f6c002: left alone (no fleetkit:restore-point tag)
        restore points: 12 listed for 2 instances, 6 kept, 3 would be deleted, 3 left alone, 0 failed, 0 deferred to the next run
        """, r.out());
    assertEquals(0, aws.count(queried("DeleteSnapshot")));
  }

  @Test
  void withoutDryRunItDeletesWhatTheJanitorWould() {
    Run r = run("prune", "--config", CONFIG);
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("snap-0a1b2c3d4e5f6a006", "snap-0a1b2c3d4e5f6a002", "snap-0a1b2c3d4e5f6a001"),
        aws.requests(queried("DeleteSnapshot")).stream().map(q -> AwsMock.form(q).get("SnapshotId")).toList());
  }

  @Test
  void aRefusedDeletionExitsOne() {
    aws.stub(query("DeleteSnapshot").withRequestBody(containing("snap-0a1b2c3d4e5f6a002")).atPriority(1)
        .willReturn(ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));
    Run r = run("prune", "--config", CONFIG);
    assertEquals(1, r.exit());
    assertEquals("error: 1 restore point(s) could not be deleted: snap-0a1b2c3d4e5f6a002",
        r.err().lines().reduce((a, b) -> b).get());
  }

  @Test
  void aDeniedListingDeletesNothingAndNamesTheAction() {
    aws.stub(query("DescribeSnapshots").atPriority(1).willReturn(ec2Error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation.")));
    Run r = run("prune", "--config", CONFIG);
    assertEquals(1, r.exit());
    assertEquals("error: ec2:DescribeSnapshots was denied (UnauthorizedOperation: You are not authorized to perform this"
        + " operation.); grant ec2:DescribeSnapshots to the caller", r.err().lines().reduce((a, b) -> b).get());
    assertEquals(0, aws.count(queried("DeleteSnapshot")));
  }

  @Test
  void rejectedCredentialsExitThree() {
    aws.stub(query("DescribeSnapshots").atPriority(1).willReturn(ec2Error(401, "AuthFailure",
        "AWS was not able to validate the provided access credentials")));
    Run r = run("prune", "--config", CONFIG);
    assertEquals(3, r.exit());
    assertEquals("error: AWS rejected the credentials on ec2:DescribeSnapshots (AuthFailure: AWS was not able to validate"
        + " the provided access credentials); refresh them (for example `aws sso login`, or new temporary keys) and run"
        + " restore-points prune again", r.err().lines().reduce((x, y) -> y).get());
  }

  @Test
  void aConfigErrorExitsFour() {
    Run r = run("prune", "--config", "app/src/test/resources/config/root-restore/disabled.yaml");
    assertEquals(4, r.exit());
    assertEquals("error: root_volume_restore is not enabled in app/src/test/resources/config/root-restore/disabled.yaml"
        + " (its keys say what a restore point is)\n", r.err());
  }
}
