package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.inventory.InstanceTypes;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nitro-audit} against WireMock on 127.0.0.1 in EC2's query/XML wire format: two pages of running
 * instances, three pages of instance types, throttling, access denied, rejected credentials, a repeated page
 * token. The text runs here are the README's example output, and the snapshot run writes the shipped sample.
 */
class NitroAuditCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("ec2-nitro");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:30:00Z"), ZoneOffset.UTC);
  static final Path SAMPLE = Path.of("samples/instance-types.json");

  @TempDir Path dir;

  Run run(String... args) {
    NitroAuditCommand cmd = new NitroAuditCommand(c -> aws.clients(c.region.orElse("us-east-1")), CLOCK);
    return CliRun.execute(cmd, args);
  }

  @Test
  void countsRunningInstancesByHypervisorAndListsTheXenOnes() {
    Run r = run("--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        HYPERVISOR         RUNNING INSTANCES
        nitro              2
        none (bare metal)  1
        xen                3

        3 instances on Xen; move them to a Nitro type before turning on guardrails.nitro_only:
        INSTANCE             TYPE      AUTO SCALING GROUP  LAUNCH TEMPLATE
        i-0a1b2c3d4e5f60002  m4.large  legacy-asg          lt-0a1b2c3d4e5f60002 (version 7)
        i-0a1b2c3d4e5f60003  t2.micro  -                   -
        i-0a1b2c3d4e5f60006  r4.large  -                   lt-0a1b2c3d4e5f60006 (version 1)
        """, r.out());
    assertEquals("""
        nitro-audit: region us-east-1
        [1/2] running instances: 6 (2 pages)
        [2/2] instance types: 104 offered, 89 on Xen (3 pages)
        """, r.err());
  }

  /** The README shows this class's runs as they are: progress (stderr) first, the tables, then the snapshot line. */
  @Test
  void theReadmeShowsTheseRuns() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Path snapshot = Path.of(".fleetkit/instance-types.json");
    Run text = run("--region", "us-east-1");
    String shown = "$ bin/fleetkit nitro-audit --region us-east-1 --snapshot\n" + text.err() + text.out()
        + "wrote " + snapshot + " (us-east-1: 104 instance types, 89 on Xen, 6 with Nitro Enclaves)\n```";
    assertTrue(readme.contains(shown), "README.md lacks:\n" + shown);
    assertTrue(readme.contains("```\n" + run("--region", "us-east-1", "--json").out() + "```"), "README.md lacks the --json run");
  }

  @Test
  void readsEveryPageWithTheLargestPageSizesAndOnlyRunningInstances() {
    assertEquals(0, run("--region", "us-east-1").exit());
    assertEquals(2, aws.count(queried("DescribeInstances")));
    assertEquals(3, aws.count(queried("DescribeInstanceTypes")));
    var first = AwsMock.form(aws.requests(queried("DescribeInstances")).get(0));
    assertEquals("instance-state-name", first.get("Filter.1.Name"));
    assertEquals("running", first.get("Filter.1.Value.1"));
    assertEquals("1000", first.get("MaxResults"));
    assertEquals("100", AwsMock.form(aws.requests(queried("DescribeInstanceTypes")).get(0)).get("MaxResults"));
  }

  @Test
  void printsJson() {
    Run r = run("--region", "us-east-1", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        {
          "region" : "us-east-1",
          "running_instances" : 6,
          "by_hypervisor" : {
            "nitro" : 2,
            "none" : 1,
            "xen" : 3
          },
          "xen_instances" : [ {
            "instance_id" : "i-0a1b2c3d4e5f60002",
            "instance_type" : "m4.large",
            "auto_scaling_group" : "legacy-asg",
            "launch_template_id" : "lt-0a1b2c3d4e5f60002",
            "launch_template_version" : "7"
          }, {
            "instance_id" : "i-0a1b2c3d4e5f60003",
            "instance_type" : "t2.micro",
            "auto_scaling_group" : null,
            "launch_template_id" : null,
            "launch_template_version" : null
          }, {
            "instance_id" : "i-0a1b2c3d4e5f60006",
            "instance_type" : "r4.large",
            "auto_scaling_group" : null,
            "launch_template_id" : "lt-0a1b2c3d4e5f60006",
            "launch_template_version" : "1"
          } ]
        }
        """, r.out());
  }

  @Test
  void snapshotIsTheShippedSampleAndIsWrittenAtomically() throws Exception {
    Path snapshot = dir.resolve(".fleetkit/instance-types.json");
    Run r = run("--region", "us-east-1", "--snapshot", snapshot.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().endsWith("wrote " + snapshot + " (us-east-1: 104 instance types, 89 on Xen, 6 with Nitro Enclaves)\n"), r.err());
    assertEquals(Files.readString(SAMPLE), Files.readString(snapshot), "samples/instance-types.json is this run's output");
    try (var files = Files.list(snapshot.getParent())) {
      assertEquals(List.of(snapshot), files.toList(), "no temporary file left behind");
    }
    InstanceTypes read = InstanceTypes.read(snapshot);
    assertEquals("aws", read.partition());
    assertEquals(new InstanceTypes.TypeInfo("xen", false), read.regions().get("us-east-1").types().get("m4.large"));
    assertEquals(new InstanceTypes.TypeInfo("none", false), read.regions().get("us-east-1").types().get("i3.metal"));
    assertEquals(new InstanceTypes.TypeInfo("nitro", true), read.regions().get("us-east-1").types().get("c5.xlarge"));
  }

  @Test
  void snapshotKeepsOtherRegionsOfThePartition() throws Exception {
    Path snapshot = dir.resolve("types.json");
    new InstanceTypes("aws", Map.of("eu-west-1", new InstanceTypes.RegionTypes("2026-11-01T00:00:00Z",
        Map.of("m4.large", new InstanceTypes.TypeInfo("xen", false))))).write(snapshot);
    assertEquals(0, run("--region", "us-east-1", "--snapshot", snapshot.toString()).exit());
    assertEquals(List.of("eu-west-1", "us-east-1"), List.copyOf(InstanceTypes.read(snapshot).regions().keySet()));
  }

  @Test
  void aSnapshotOfAnotherPartitionIsNotMixedIn() throws Exception {
    Path snapshot = dir.resolve("types.json");
    new InstanceTypes("aws-us-gov", Map.of("us-gov-west-1", new InstanceTypes.RegionTypes("2026-11-01T00:00:00Z",
        Map.of("m4.large", new InstanceTypes.TypeInfo("xen", false))))).write(snapshot);
    String before = Files.readString(snapshot);
    Run r = run("--region", "us-east-1", "--snapshot", snapshot.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: " + snapshot + " holds partition aws-us-gov; us-east-1 is in aws (expected one snapshot per"
        + " partition: pass another --snapshot FILE)\nnothing was written; " + snapshot + " is unchanged\n"), r.err());
    assertEquals(before, Files.readString(snapshot));
  }

  @Test
  void throttlingIsRetriedAndThenSucceeds() {
    aws.stub(query("DescribeInstanceTypes").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).willSetStateTo("ok").atPriority(1));
    assertEquals(0, run("--region", "us-east-1").exit());
    assertEquals(3 + 1, aws.count(queried("DescribeInstanceTypes")));
  }

  @Test
  void throttlingThatDoesNotStopFailsWithExit1AndKeepsTheSnapshot() throws Exception {
    Path snapshot = dir.resolve("types.json");
    Files.writeString(snapshot, Files.readString(SAMPLE));
    aws.stub(query("DescribeInstances").willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).atPriority(1));
    Run r = run("--region", "us-east-1", "--snapshot", snapshot.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("error: ec2:DescribeInstances failed (RequestLimitExceeded: Request limit exceeded.)\n"),
        r.err());
    assertEquals(Files.readString(SAMPLE), Files.readString(snapshot));
  }

  @Test
  void accessDeniedNamesTheActionToGrantAndExits1() {
    aws.stub(query("DescribeInstanceTypes").willReturn(xml(403, body("ec2/unauthorized-operation.xml"))).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeInstanceTypes was denied (UnauthorizedOperation: You are not authorized to"
        + " perform this operation. User: arn:aws:sts::111122223333:assumed-role/FleetkitDiscovery/session is not authorized to"
        + " perform: ec2:DescribeInstanceTypes because no identity-based policy allows the ec2:DescribeInstanceTypes action.);"
        + " grant ec2:DescribeInstanceTypes to the caller\n"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() {
    NitroAuditCommand cmd = new NitroAuditCommand(c -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(),
        "us-east-1", () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        }), CLOCK);
    Run r = CliRun.execute(cmd, "--region", "us-east-1");
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run nitro-audit again\n"), r.err());
    assertEquals(0, aws.count(queried("DescribeInstances")), "no call without credentials");
  }

  @Test
  void rejectedCredentialsExit3() {
    aws.stub(query("DescribeInstances").willReturn(ec2Error(401, "AuthFailure", "AWS was not able to validate the provided"
        + " access credentials")).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(3, r.exit());
    assertTrue(r.err().contains("error: AWS rejected the credentials on ec2:DescribeInstances (AuthFailure: AWS was not able to"
        + " validate the provided access credentials); refresh them"), r.err());
  }

  @Test
  void aRepeatedPageTokenStopsInsteadOfLooping() {
    aws.stub(query("DescribeInstances").willReturn(xml(200, body("ec2-nitro/describe-instances-page1.xml"))).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeInstances returned the page token \"aW5zdGFuY2VzLXBhZ2UtMg==\" twice"
        + " (page 2); stopping instead of looping (a service fault; retry later)\n"), r.err());
    assertEquals(2, aws.count(queried("DescribeInstances")));
  }

  @Test
  void aRepeatedInstanceTypesPageTokenStopsInsteadOfLooping() {
    aws.stub(query("DescribeInstanceTypes").willReturn(xml(200, body("ec2-nitro/describe-instance-types-page1.xml")))
        .atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeInstanceTypes returned the page token \"dGl0eXBlcy1wYWdlLTI=\" twice"
        + " (page 2); stopping instead of looping (a service fault; retry later)\n"), r.err());
    assertEquals(2, aws.count(queried("DescribeInstanceTypes")));
  }

  @Test
  void aMalformedSnapshotIsReportedAndLeftAlone() throws Exception {
    Path snapshot = dir.resolve("types.json");
    Files.writeString(snapshot, "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{}}");
    Run r = run("--region", "us-east-1", "--snapshot", snapshot.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("error: " + snapshot + ": /regions: is empty (expected at least one Region; regenerate it with:"
        + " bin/fleetkit nitro-audit --region <region> --snapshot " + snapshot + " for each Region, after deleting " + snapshot
        + ")\n"), r.err());
    assertEquals(0, aws.count(queried("DescribeInstances")), "checked before any AWS call");
    assertFalse(Files.readString(snapshot).contains("us-east-1"));
  }
}
