package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.jsonError;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.targeted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code restore} against WireMock on 127.0.0.1: EC2 in its query/XML format (the DryRun preflight) and SSM in AWS
 * JSON 1.1 (StartAutomationExecution, GetAutomationExecution): a replacement followed to success, a task that failed,
 * preflight refusals, the deadline, rejected credentials and usage errors.
 */
class RestoreCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock();
  static final String CONFIG = "app/src/test/resources/config/root-restore/cli.yaml";
  static final String EXECUTION = "4f0c2a3b-5d6e-4f70-8192-a3b4c5d6e7f8";
  static final ObjectMapper JSON = new ObjectMapper();
  final List<Duration> slept = new ArrayList<>();

  Run run(String... args) {
    RestoreCommand cmd = new RestoreCommand((c, region) -> aws.clients(region.orElse(AwsMock.REGION)), slept::add, () -> 0L);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", CONFIG));
    return CliRun.execute(cmd, all.toArray(String[]::new));
  }

  @BeforeEach
  void dryRunPassesAndTheRunbookStarts() {
    aws.stub(query("CreateReplaceRootVolumeTask").willReturn(ec2Error(412, "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.")));
    aws.stub(target("AmazonSSM.StartAutomationExecution").willReturn(json11(200,
        "{\"AutomationExecutionId\":\"" + EXECUTION + "\"}")));
  }

  /** GetAutomationExecution answers InProgress, then {@code last} from then on. */
  static void progress(String last) {
    aws.stub(target("AmazonSSM.GetAutomationExecution").inScenario("run").whenScenarioStateIs(STARTED)
        .willReturn(json11(200, body("root-restore/get-automation-in-progress.json"))).willSetStateTo("ended"));
    aws.stub(target("AmazonSSM.GetAutomationExecution").inScenario("run").whenScenarioStateIs("ended")
        .willReturn(json11(200, body(last))));
  }

  @Test
  void replacesFromASnapshotAndFollowsTheRunToItsRestorePoint() throws Exception {
    progress("root-restore/get-automation-success.json");
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "snapshot", "snap-0a1b2c3d4e5f6a005");
    assertEquals(0, r.exit(), r.err());
    assertEquals("replaced the root volume of i-0a1b2c3d4e5f60002 from snapshot snap-0a1b2c3d4e5f6a005: new root volume"
        + " vol-0a1b2c3d4e5f70009, restore point snap-0a1b2c3d4e5f6a010 (execution " + EXECUTION + ")\n", r.out());
    assertEquals("""
        restore: i-0a1b2c3d4e5f60002 in us-east-1 from snapshot snap-0a1b2c3d4e5f6a005 with fleetkit-ReplaceRootVolume
        [1/3] preflight: CreateReplaceRootVolumeTask DryRun passed
        [2/3] started fleetkit-ReplaceRootVolume: execution 4f0c2a3b-5d6e-4f70-8192-a3b4c5d6e7f8
        [3/3] following it for up to 1h40m, every 15s
          step checkInstance (aws:assertAwsResourceProperty): Success
          step checkRunning (aws:assertAwsResourceProperty): Success
          step findRootDevice (aws:executeAwsApi): Success
          step chooseSource (aws:branch): Success
          step replaceFromSnapshot (aws:executeAwsApi): Success
          step waitForSnapshotTask (aws:waitForAwsResourceProperty): InProgress
          step waitForSnapshotTask (aws:waitForAwsResourceProperty): Success
          step checkSnapshotTask (aws:assertAwsResourceProperty): Success
          step findNewRootVolume (aws:executeAwsApi): Success
          step createRestorePoint (aws:executeAwsApi): Success
          step waitForRestorePoint (aws:waitForAwsResourceProperty): Success
          step checkRestorePoint (aws:assertAwsResourceProperty): Success
        """, r.err());
    assertEquals(List.of(Duration.ofSeconds(15)), slept);
    var dryRun = AwsMock.form(aws.requests(queried("CreateReplaceRootVolumeTask")).get(0));
    assertEquals(Map.of("Action", "CreateReplaceRootVolumeTask", "Version", "2016-11-15", "InstanceId", "i-0a1b2c3d4e5f60002",
        "SnapshotId", "snap-0a1b2c3d4e5f6a005", "DryRun", "true", "DeleteReplacedRootVolume", "true"),
        Map.copyOf(withoutClientToken(dryRun)));
    assertEquals(JSON.readTree("{\"DocumentName\":\"fleetkit-ReplaceRootVolume\",\"Parameters\":{\"InstanceId\":"
        + "[\"i-0a1b2c3d4e5f60002\"],\"RestoreFrom\":[\"snap-0a1b2c3d4e5f6a005\"],\"DeleteReplacedRootVolume\":[\"true\"]}}"),
        JSON.readTree(aws.requests(targeted("AmazonSSM.StartAutomationExecution")).get(0).getBodyAsString()));
    assertEquals(JSON.readTree("{\"AutomationExecutionId\":\"" + EXECUTION + "\"}"),
        JSON.readTree(aws.requests(targeted("AmazonSSM.GetAutomationExecution")).get(0).getBodyAsString()));
  }

  /** README.md shows this class's successful run as it is: progress (stderr), then the result (stdout). */
  @Test
  void theReadmeShowsThisRun() throws Exception {
    progress("root-restore/get-automation-success.json");
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "snapshot", "snap-0a1b2c3d4e5f6a005");
    String shown = "```\n$ bin/fleetkit restore i-0a1b2c3d4e5f60002 --to snapshot snap-0a1b2c3d4e5f6a005\n" + r.err()
        + r.out() + "```";
    assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("README.md")).contains(shown), "README.md lacks:\n" + shown);
  }

  /** The SDK fills ClientToken (an idempotency token) with a random UUID; its value is not this command's. */
  static Map<String, String> withoutClientToken(Map<String, String> form) {
    var copy = new java.util.LinkedHashMap<>(form);
    copy.remove("ClientToken");
    return copy;
  }

  @Test
  void aTaskThatFailedFailsTheCommandWithTheStepAndItsMessage() {
    progress("root-restore/get-automation-failed-task.json");
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "snapshot", "snap-0a1b2c3d4e5f6a005");
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    String failure = "Step fails when it is verifying the ReplaceRootVolumeTasks[0].TaskState of ec2"
        + " DescribeReplaceRootVolumeTasks. Verification failed: actual value failed, expected values [succeeded].";
    assertEquals(List.of(
        "  step checkSnapshotTask (aws:assertAwsResourceProperty): Failed: " + failure,
        "error: fleetkit-ReplaceRootVolume execution " + EXECUTION + " ended Failed at step checkSnapshotTask: " + failure),
        r.err().lines().skip(r.err().lines().count() - 2).toList());
  }

  @Test
  void aRefusedDryRunStartsNothing() {
    aws.stub(query("CreateReplaceRootVolumeTask").atPriority(1).willReturn(ec2Error(400, "IncorrectInstanceState",
        "The instance 'i-0a1b2c3d4e5f60002' is not in the 'running' state.")));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "launch");
    assertEquals(1, r.exit());
    assertEquals("""
        restore: i-0a1b2c3d4e5f60002 in us-east-1 from its launch state with fleetkit-ReplaceRootVolume
        error: the preflight was refused, so nothing was started: IncorrectInstanceState: The instance \
        'i-0a1b2c3d4e5f60002' is not in the 'running' state.
        """, r.err());
    assertEquals(0, aws.count(targeted("AmazonSSM.StartAutomationExecution")));
    var form = AwsMock.form(aws.requests(queried("CreateReplaceRootVolumeTask")).get(0));
    assertEquals(null, form.get("SnapshotId"));
    assertEquals(null, form.get("ImageId"));
  }

  @Test
  void anUnauthorizedDryRunSaysWhoseRightIsMissing() {
    aws.stub(query("CreateReplaceRootVolumeTask").atPriority(1).willReturn(ec2Error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation.")));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "image", "ami-0a1b2c3d4e5f60001");
    assertEquals(1, r.exit());
    assertEquals("error: the preflight was refused, so nothing was started: UnauthorizedOperation: You are not authorized"
        + " to perform this operation. (your credentials may not call ec2:CreateReplaceRootVolumeTask on it; the runbook's"
        + " role may: rerun with --no-preflight to let it decide)", r.err().lines().toList().get(1));
    assertEquals(0, aws.count(targeted("AmazonSSM.StartAutomationExecution")));
  }

  @Test
  void withoutPreflightAndKeepingTheVolumeTheRunbookGetsFalse() throws Exception {
    progress("root-restore/get-automation-success.json");
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "image", "ami-0a1b2c3d4e5f60001", "--no-preflight", "--keep-replaced-volume");
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, aws.count(queried("CreateReplaceRootVolumeTask")));
    assertEquals(JSON.readTree("{\"InstanceId\":[\"i-0a1b2c3d4e5f60002\"],\"RestoreFrom\":[\"ami-0a1b2c3d4e5f60001\"],"
        + "\"DeleteReplacedRootVolume\":[\"false\"]}"), JSON.readTree(aws.requests(
            targeted("AmazonSSM.StartAutomationExecution")).get(0).getBodyAsString()).get("Parameters"));
  }

  @Test
  void aRunStillGoingAtTheDeadlineIsLeftRunning() {
    aws.stub(target("AmazonSSM.GetAutomationExecution").willReturn(json11(200,
        body("root-restore/get-automation-in-progress.json"))));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "launch", "--timeout", "45s", "--interval", "15s");
    assertEquals(1, r.exit());
    assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15)), slept);
    assertEquals(4, aws.count(targeted("AmazonSSM.GetAutomationExecution")));
    assertEquals("error: execution " + EXECUTION + " is still InProgress after 45s; it goes on in AWS: aws ssm"
        + " get-automation-execution --automation-execution-id " + EXECUTION, r.err().lines().reduce((a, b) -> b).get());
  }

  /** A proxy's HTML 502 is no verdict of EC2: the preflight fails as a call (ServiceErrors' line) and nothing starts. */
  @Test
  void aPreflightAnsweredByAProxyIsAFailedCallNotARefusal() {
    aws.stub(query("CreateReplaceRootVolumeTask").atPriority(1).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "launch");
    assertEquals(1, r.exit());
    assertEquals("error: ec2:CreateReplaceRootVolumeTask failed (HTTP 502 with a text/html body \"502 Bad Gateway\", not"
        + " an AWS error (a proxy or the service's front end failed; retry later))", r.err().lines().reduce((x, y) -> y).get());
    assertEquals(0, aws.count(targeted("AmazonSSM.StartAutomationExecution")));
  }

  @Test
  void missingCredentialsExitThreeBeforeAnyCall() {
    RestoreCommand cmd = new RestoreCommand((c, region) -> AwsClients.forEndpoint(aws.endpoint(), AwsMock.REGION, () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    }), slept::add, () -> 0L);
    Run r = CliRun.execute(cmd, "i-0a1b2c3d4e5f60002", "--to", "launch", "--config", CONFIG);
    assertEquals(3, r.exit());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run restore again\n"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size(), "no call without credentials");
  }

  @Test
  void rejectedCredentialsExitThree() {
    aws.stub(query("CreateReplaceRootVolumeTask").atPriority(1).willReturn(ec2Error(401, "AuthFailure",
        "AWS was not able to validate the provided access credentials")));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "launch");
    assertEquals(3, r.exit());
    assertEquals("error: AWS rejected the credentials on ec2:CreateReplaceRootVolumeTask (AuthFailure: AWS was not able to"
        + " validate the provided access credentials); refresh them (for example `aws sso login`, or new temporary keys)"
        + " and run restore again", r.err().lines().reduce((x, y) -> y).get());
  }

  @Test
  void aRunbookThatIsNotDeployedIsReported() {
    aws.stub(target("AmazonSSM.StartAutomationExecution").atPriority(1).willReturn(jsonError("1.1", 400,
        "AutomationDefinitionNotFoundException", "Automation definition fleetkit-ReplaceRootVolume:$DEFAULT not found")));
    Run r = run("i-0a1b2c3d4e5f60002", "--to", "launch");
    assertEquals(1, r.exit());
    assertEquals("error: ssm:StartAutomationExecution failed (AutomationDefinitionNotFoundException: Automation"
        + " definition fleetkit-ReplaceRootVolume:$DEFAULT not found)", r.err().lines().reduce((a, b) -> b).get());
  }

  @Test
  void malformedIdsAndSourcesAreUsageErrorsWithoutACall() {
    Run badInstance = run("i-12345", "--to", "launch");
    assertEquals(2, badInstance.exit());
    // picocli's usage error through Arguments.InstanceIdConverter (the shared EC2 ID check), before anything runs.
    assertEquals("Invalid value for positional parameter at index 0 (INSTANCE): \"i-12345\" is not an instance ID"
        + " (expected i- and 8 or 17 lowercase hex digits, such as i-0a1b2c3d4e5f60001)",
        badInstance.err().lines().findFirst().orElse(""));
    Map<List<String>, String> sources = new LinkedHashMap<>();
    sources.put(List.of("snapshot", "ami-0a1b2c3d4e5f60001"), ": \"ami-0a1b2c3d4e5f60001\" is not a snapshot ID (expected"
        + " snap- and 8 or 17 lowercase hex digits, such as snap-0a1b2c3d4e5f60001)");
    sources.put(List.of("image", "ami-1"), ": \"ami-1\" is not an AMI ID (expected ami- and 8 or 17 lowercase hex digits,"
        + " such as ami-0a1b2c3d4e5f60001)");
    sources.put(List.of("launch", "snap-0a1b2c3d"), "");
    sources.put(List.of("snapshot"), "");
    sources.forEach((to, why) -> {
      List<String> args = new ArrayList<>(List.of("i-0a1b2c3d4e5f60002", "--to"));
      args.addAll(to);
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.exit(), String.join(" ", to));
      assertEquals("error: --to " + String.join(" ", to) + " is not a source (expected launch, snapshot"
          + " snap-<8 or 17 hex digits> or image ami-<8 or 17 hex digits>)" + why + "\n", r.err());
    });
    Run badRegion = run("i-0a1b2c3d4e5f60002", "--to", "launch", "--region", "us-east1");
    assertEquals(2, badRegion.exit());
    assertEquals("Invalid value for option '--region': \"us-east1\" is not an AWS Region (did you mean \"us-east-1\"?"
        + " expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)",
        badRegion.err().lines().findFirst().orElse(""));
    Run badInterval = run("i-0a1b2c3d4e5f60002", "--to", "launch", "--interval", "0s");
    assertEquals(2, badInterval.exit());
    assertEquals("Invalid value for option '--interval': \"0s\" is out of range (expected 1s to 24h)",
        badInterval.err().lines().findFirst().orElse(""));
    assertEquals(0, aws.server().getAllServeEvents().size());
  }

  @Test
  void aConfigWithoutTheSectionIsAConfigError() {
    RestoreCommand cmd = new RestoreCommand((c, region) -> aws.clients(AwsMock.REGION), slept::add, () -> 0L);
    Run r = CliRun.execute(cmd, "i-0a1b2c3d4e5f60002", "--to", "launch", "--config",
        "app/src/test/resources/config/root-restore/disabled.yaml");
    assertEquals(4, r.exit());
    assertEquals("error: root_volume_restore is not enabled in app/src/test/resources/config/root-restore/disabled.yaml"
        + " (its stack deploys the runbook this command starts)\n", r.err());
  }
}
