package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.targeted;
import static io.fleetkit.support.AwsMock.xml;
import static io.fleetkit.support.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import io.fleetkit.inventory.Inventory.Bucket;
import io.fleetkit.inventory.Inventory.DbInstance;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import io.fleetkit.inventory.Inventory.Gap;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.inventory.Inventory.TargetGroup;
import io.fleetkit.inventory.InventoryFile;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.Series;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The whole command against WireMock on 127.0.0.1, every service in its own wire format. */
class DiscoverCommandTest {
  static final String OP1 = "arn:aws:outposts:us-east-1:111122223333:outpost/op-0a1b2c3d4e5f60001";
  static final String ALB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188";
  static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
  static final String OLD_SNAPSHOT = "{\"schemaVersion\": 2, \"note\": \"the previous snapshot\"}\n";

  /** Every service discover calls, each answering from its fixtures under aws/ (the same the discoverer tests use). */
  @RegisterExtension
  static final AwsMock aws = new AwsMock("sts", "tagging", "ec2", "elbv2", "autoscaling", "outposts", "cloudwatch");
  @TempDir Path dir;
  Path snapshot;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void oldSnapshot() throws IOException {
    snapshot = dir.resolve("inventory.json");
    Files.writeString(snapshot, OLD_SNAPSHOT);
  }

  static MappingBuilder getResources() {
    return target("ResourceGroupsTaggingAPI_20170126.GetResources");
  }

  static RequestPatternBuilder gotResources() {
    return targeted("ResourceGroupsTaggingAPI_20170126.GetResources");
  }

  /** What ListMetrics answers for Outpost 1 (aws/cloudwatch): its AWS/Outposts series, then S3 in S3Outposts. */
  static final List<MetricSeries> OP1_METRICS = op1Metrics();

  static List<MetricSeries> op1Metrics() {
    String op = "op-0a1b2c3d4e5f60001";
    String o = Series.OUTPOSTS;
    List<MetricSeries> out = new ArrayList<>(List.of(
        Series.of(o, "AvailableInstanceType_Count", "InstanceType", "c5.xlarge", "OutpostId", op),
        Series.of(o, "AvailableInstanceType_Count", "InstanceType", "m5.large", "OutpostId", op),
        Series.of(o, "InstanceTypeCapacityAvailability", "InstanceType", "m5.large", "OutpostId", op)));
    for (String a : List.of("111122223333", "444455556666", "555566667777")) {
      out.add(Series.of(o, "UsedInstanceType_Count", "Account", a, "InstanceType", "m5.large", "OutpostId", op));
      out.add(Series.of(o, "InstanceTypeCapacityUtilization", "Account", a, "InstanceType", "m5.large", "OutpostId", op));
    }
    out.addAll(List.of(
        Series.of(o, "EBSVolumeTypeCapacityUtilizationGB", "OutpostId", op, "VolumeType", "gp2"),
        Series.of(o, "EBSVolumeTypeCapacityUtilizationGB", "OutpostId", op, "VolumeType", "gp3"),
        Series.of(o, "EBSVolumeTypeCapacityAvailabilityGB", "OutpostId", op, "VolumeType", "gp3"),
        Series.of(o, "EBSVolumeTypeCapacityUtilization", "OutpostId", op, "VolumeType", "gp3"),
        Series.of(o, "ConnectedStatus", "OutpostId", op),
        Series.of("S3Outposts", "OutpostTotalBytes", "OutpostId", op),
        Series.of("S3Outposts", "OutpostFreeBytes", "OutpostId", op)));
    return out;
  }

  static Inventory expected(List<LoadBalancer> loadBalancers, List<Gap> gaps) {
    return new Inventory(2, Series.provenance("us-east-1", "111122223333", "Dashboard", List.of("prod"),
        "2026-11-26T04:00:00Z"),
        List.of(
            new Outpost("op-0a1b2c3d4e5f60001", OP1, "dc1-rack", "os-0a1b2c3d4e5f60001", "111122223333", "ACTIVE",
                List.of("c5.xlarge", "m5.large", "r5.2xlarge"), OP1_METRICS),
            // Shared from 444455556666: its metrics are in the owner's account, so ListMetrics here has none.
            new Outpost("op-0a1b2c3d4e5f60002", "arn:aws:outposts:us-east-1:444455556666:outpost/op-0a1b2c3d4e5f60002",
                "dc2-rack", "os-0a1b2c3d4e5f60002", "444455556666", "ACTIVE",
                List.of("g4dn.12xlarge", "m5.2xlarge"), List.of())),
        List.of(
            new Ec2Instance("i-0a1b2c3d4e5f60001", "m5.large", true, "running", OP1,
                List.of("vol-0a1b2c3d4e5f60010", "vol-0a1b2c3d4e5f60011")),
            new Ec2Instance("i-0a1b2c3d4e5f60002", "m5.large", true, "stopped", OP1, List.of("vol-0a1b2c3d4e5f60021")),
            new Ec2Instance("i-0a1b2c3d4e5f60003", "t2.micro", false, "pending", null, List.of("vol-0a1b2c3d4e5f60031"))),
        loadBalancers,
        List.of(new Bucket("fleetkit-logs-111122223333")),
        List.of(new AutoScalingGroup("batch-asg"), new AutoScalingGroup("web-asg")),
        List.of(new DbInstance("orders-db")),
        gaps).sorted();
  }

  static final List<LoadBalancer> LOAD_BALANCERS = List.of(new LoadBalancer(ALB, "web-alb", "app/web-alb/50dc6c495c0c9188",
      List.of(new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-blue/73e2d6bc24d8a067",
              "web-blue", "targetgroup/web-blue/73e2d6bc24d8a067"),
          new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-green/63e2d6bc24d8a066",
              "web-green", "targetgroup/web-green/63e2d6bc24d8a066"))));

  int run(Optional<AwsCredentialsProvider> credentials, String... extra) {
    List<String> args = new ArrayList<>(List.of("--endpoint-url", aws.endpoint().toString(), "--region", "us-east-1",
        "--config", noDashboardConfig().toString(), "--tag-key", "Dashboard", "--tag-value", "prod",
        "--output", snapshot.toString()));
    args.addAll(List.of(extra));
    var command = new DiscoverCommand(credentials, Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CommandLine(command).execute(args.toArray(String[]::new));
  }

  int run() {
    return run(Optional.of(AwsMock.FAKE_CREDENTIALS));
  }

  /** A config without a dashboard section, so that the options alone decide (the repository's config.yaml is not read). */
  Path noDashboardConfig() {
    try {
      Path configs = Files.createDirectories(dir.resolve("config"));
      return Files.writeString(configs.resolve("no-dashboard.yaml"), "project: {prefix: fleetkit}\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesTheSortedSnapshotAndReportsEachPhase() {
    assertEquals(0, run(), err());

    assertEquals(expected(LOAD_BALANCERS, List.of()), InventoryFile.read(snapshot));
    // Each phase line ends with its duration, such as " (0.3 s)".
    List<String> lines = out().lines().map(l -> l.replaceAll(" \\(\\d+\\.\\d s\\)$", "")).toList();
    assertEquals(List.of(
        "discover: region us-east-1, tag Dashboard with one of 1 value(s): prod",
        "[1/7] account: 111122223333",
        "[2/7] tagged resources: 7 (3 EC2 instances, 1 Application Load Balancers, 1 S3 buckets, 1 RDS DB instances,"
            + " 1 of other types, skipped) from 3 GetResources calls",
        "[3/7] EC2 instances: 3 pending to stopped (2 on Nitro, 2 on Outposts)",
        "[4/7] load balancers: 1 Application Load Balancers with 2 target groups",
        "[5/7] Auto Scaling groups: 2",
        "[6/7] Outposts: 2 ACTIVE with 5 instance types",
        "[7/7] Outpost metrics: 16 series; 1 of 2 Outposts report capacity, S3 on Outposts on 1 (S3Outposts), capacity"
            + " used by 3 account(s) or service(s)",
        "summary: 10 resources in account 111122223333 (us-east-1): 2 Outposts, 3 EC2 instances, 1 load balancers,"
            + " 1 S3 buckets, 2 Auto Scaling groups, 1 RDS DB instances"), lines.subList(0, 9));
    assertTrue(lines.get(9).matches("summary: 22 API calls in \\d+\\.\\d s \\(autoscaling:DescribeAutoScalingGroups 2, "
        + "cloudwatch:ListMetrics 5, ec2:DescribeInstanceTypes 1, ec2:DescribeInstances 2, "
        + "elasticloadbalancing:DescribeLoadBalancers 1, elasticloadbalancing:DescribeTargetGroups 2, "
        + "outposts:GetOutpostInstanceTypes 3, outposts:ListOutposts 2, sts:GetCallerIdentity 1, tag:GetResources 3\\)"),
        lines.get(9));
    assertEquals("wrote " + snapshot, lines.get(10));
    assertEquals("", err());
    assertEquals(22, aws.count(anyRequestedFor(anyUrl())));
    // Outpost 1: AWS/Outposts, then S3Outposts (which has data); Outpost 2: both S3 candidates, in order.
    assertEquals(List.of("AWS/Outposts op-0a1b2c3d4e5f60001", "S3Outposts op-0a1b2c3d4e5f60001",
        "AWS/Outposts op-0a1b2c3d4e5f60002", "S3Outposts op-0a1b2c3d4e5f60002", "AWS/S3Outposts op-0a1b2c3d4e5f60002"),
        aws.requests(queried("ListMetrics")).stream().map(r -> AwsMock.form(r).get("Namespace") + " "
            + AwsMock.form(r).get("Dimensions.member.1.Value")).toList());
  }

  @Test
  void throttlingIsRetriedWithBackoffAndThenSucceeds() {
    aws.stub(getResources().inScenario("tag").whenScenarioStateIs(STARTED)
        .willReturn(json11(400, body("tagging/throttled.json"))).willSetStateTo("ok").atPriority(1));
    aws.stub(query("DescribeInstanceTypes").inScenario("ec2").whenScenarioStateIs(STARTED)
        .willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).willSetStateTo("ok").atPriority(1));

    assertEquals(0, run(), err());

    assertEquals(expected(LOAD_BALANCERS, List.of()), InventoryFile.read(snapshot));
    assertEquals(3 + 1, aws.count(gotResources()));
    assertEquals(1 + 1, aws.count(queried("DescribeInstanceTypes")));
  }

  @Test
  void accessDeniedOnOneServiceBecomesAGapAndTheRestIsDiscovered() {
    aws.stub(query("DescribeLoadBalancers").willReturn(xml(400, body("elbv2/access-denied.xml"))).atPriority(1));

    assertEquals(0, run(), err());

    String message = "elasticloadbalancing:DescribeLoadBalancers was denied (AccessDenied: User: "
        + "arn:aws:sts::111122223333:assumed-role/FleetkitDiscovery/session is not authorized to perform: "
        + "elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the "
        + "elasticloadbalancing:DescribeLoadBalancers action); grant elasticloadbalancing:DescribeLoadBalancers to the caller";
    assertEquals(expected(List.of(), List.of(new Gap("elasticloadbalancing", "DescribeLoadBalancers", message))),
        InventoryFile.read(snapshot));
    assertEquals("warning: " + message + "; continuing without it (recorded as a gap in the snapshot)\n", err());
    assertTrue(out().contains("summary: 1 gap(s), the dashboard will be partial: elasticloadbalancing:DescribeLoadBalancers\n"),
        out());
    assertEquals(0, aws.count(queried("DescribeTargetGroups")));
  }

  @Test
  void accessDeniedOnTaggingStillDiscoversAutoScalingAndOutposts() {
    aws.stub(getResources().willReturn(json11(400, body("tagging/access-denied.json"))).atPriority(1));

    assertEquals(0, run(), err());

    Inventory inv = InventoryFile.read(snapshot);
    Inventory full = expected(LOAD_BALANCERS, List.of());
    assertEquals(List.of(new Gap("tag", "GetResources", "tag:GetResources was denied (AccessDeniedException: User: "
        + "arn:aws:sts::111122223333:assumed-role/FleetkitDiscovery/session is not authorized to perform: "
        + "tag:GetResources); grant tag:GetResources to the caller")), inv.gaps());
    assertEquals(List.of(), inv.instances());
    assertEquals(List.of(), inv.loadBalancers());
    assertEquals(List.of(), inv.buckets());
    assertEquals(List.of(), inv.dbInstances());
    assertEquals(full.autoScalingGroups(), inv.autoScalingGroups());
    assertEquals(full.outposts(), inv.outposts());
    assertEquals(0, aws.count(queried("DescribeInstances")));
  }

  @Test
  void expiredCredentialsStopWithExitCode3AndKeepTheOldSnapshot() throws IOException {
    aws.stub(query("GetCallerIdentity").willReturn(xml(403, body("sts/expired-token.xml"))).atPriority(1));

    assertEquals(3, run());

    assertEquals("error: AWS rejected the credentials on sts:GetCallerIdentity (ExpiredToken: The security token "
        + "included in the request is expired); refresh them (for example `aws sso login`, or new temporary keys) and "
        + "run discover again\nnothing was written; " + snapshot + " is unchanged\n", err());
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));
    assertEquals(0, aws.count(gotResources()));
  }

  @Test
  void credentialsThatExpireMidRunAlsoStop() throws IOException {
    aws.stub(query("DescribeInstances").willReturn(xml(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access "
        + "credentials</Message></Error></Errors><RequestID>3f7724cf-496f-496e-8fe3-ef1234567890</RequestID></Response>"))
        .atPriority(1));

    assertEquals(3, run());

    assertTrue(err().startsWith("error: AWS rejected the credentials on ec2:DescribeInstances (AuthFailure: AWS was not "
        + "able to validate the provided access credentials)"), err());
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));
  }

  @Test
  void missingCredentialsStopBeforeAnyCall() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty-aws-config"), "");
    String config = System.getProperty("aws.configFile");
    String creds = System.getProperty("aws.sharedCredentialsFile");
    System.setProperty("aws.configFile", empty.toString());
    System.setProperty("aws.sharedCredentialsFile", empty.toString());
    try {
      assertEquals(3, run(Optional.empty(), "--profile", "fleetkit-test-absent"));
    } finally {
      restore("aws.configFile", config);
      restore("aws.sharedCredentialsFile", creds);
    }

    assertTrue(err().startsWith("error: no usable AWS credentials (Profile file contained no credentials for profile "
        + "'fleetkit-test-absent'"), err());
    assertTrue(err().contains("configure them (aws configure, aws sso login, AWS_PROFILE or --profile) and run discover again"),
        err());
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));
    assertEquals(0, aws.count(anyRequestedFor(anyUrl())));
  }

  @Test
  void aMalformedBodyIsAnErrorAndLeavesTheOldSnapshotIntact() throws IOException {
    aws.stub(query("DescribeInstances").willReturn(xmlFile("ec2/malformed-describe-instances.xml")).atPriority(1));

    assertEquals(1, run());

    assertTrue(err().startsWith("error: ec2:DescribeInstances returned a response that could not be read ("), err());
    assertTrue(err().endsWith("nothing was written; " + snapshot + " is unchanged\n"), err());
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));
    try (var files = Files.list(dir)) {
      // No temporary file is left beside the snapshot (config/ holds the test's config).
      assertEquals(List.of("config", "inventory.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void readsTagRegionAndSnapshotFromTheConfigAndOptionsOverrideThem() throws IOException {
    Path fromConfig = dir.resolve("from-config.json");
    Path config = Files.writeString(dir.resolve("config.yaml"), """
        project:
          prefix: fleetkit
          region: us-east-1
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [prod]
          snapshot: %s
        """.formatted(fromConfig));
    var command = new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(0, new CommandLine(command).execute("--endpoint-url", aws.endpoint().toString(),
        "--config", config.toString()), err());

    assertEquals(expected(LOAD_BALANCERS, List.of()), InventoryFile.read(fromConfig));
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));

    // An option wins over the config: --tag-value staging asks for another value.
    aws.reset();
    var again = new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, new CommandLine(again).execute("--endpoint-url", aws.endpoint().toString(),
        "--config", config.toString(), "--tag-value", "staging,qa", "--output", snapshot.toString()), err());
    assertEquals(List.of("qa", "staging"), InventoryFile.read(snapshot).tagValues());
    assertTrue(aws.requests(gotResources()).get(0).getBodyAsString()
        .contains("\"TagFilters\":[{\"Key\":\"Dashboard\",\"Values\":[\"qa\",\"staging\"]}]"));
  }

  @Test
  void theRefreshPipelineRoleAllowsEveryCallDiscoverMakes() {
    assertEquals(0, run(), err());

    String summary = out().lines().filter(l -> l.startsWith("summary: 22 API calls")).findFirst().orElseThrow();
    List<String> actions = java.util.Arrays.stream(summary.substring(summary.indexOf('(') + 1, summary.length() - 1)
        .split(", ")).map(c -> c.substring(0, c.lastIndexOf(' '))).toList();
    List<String> needed = actions.stream().filter(a -> !a.equals("sts:GetCallerIdentity")).toList();
    // GetCallerIdentity needs no permission (STS API reference); everything else must be in the role.
    assertEquals(needed.stream().sorted().toList(),
        io.fleetkit.stacks.dashboard.RefreshPipelineStack.DISCOVERY_ACTIONS.stream().sorted().toList());
  }

  @Test
  void anUnreachableEndpointIsAnErrorNotACredentialsProblem() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    var command = new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = new CommandLine(command).execute("--endpoint-url", "http://127.0.0.1:" + closedPort, "--region", "us-east-1",
        "--config", noDashboardConfig().toString(), "--tag-key", "Dashboard", "--output", snapshot.toString());

    assertEquals(1, code);
    assertTrue(err().startsWith("error: sts:GetCallerIdentity could not reach AWS ("), err());
    assertEquals(OLD_SNAPSHOT, Files.readString(snapshot));
  }

  @Test
  void aTagKeyIsRequired() {
    var command = new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.fixed(NOW, ZoneOffset.UTC),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = new CommandLine(command).execute("--config", noDashboardConfig().toString());

    assertEquals(4, code);
    assertEquals("error: no tag key (pass --tag-key KEY, or set dashboard.tag_name in " + noDashboardConfig() + ")\n",
        err());
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }
}
