package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.jsonError;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queryError;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.targeted;
import static io.fleetkit.support.AwsMock.xml;
import static io.fleetkit.support.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preflight} against WireMock on 127.0.0.1, every service in its wire format (STS, CloudFormation and IAM
 * query/XML, EC2 query/XML, Organizations, Service Quotas and SSM JSON 1.1, Outposts REST-JSON): a clean account, a
 * guarded account whose SCP denies the asset upload, a zone not opted in, a quota below the need, a stack in
 * ROLLBACK_COMPLETE, throttling, access denied, and the bad input of the issue. The fixtures answer read-only calls
 * only; anything else gets a 500 and the journal test proves none was sent.
 */
class PreflightCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("preflight", "pricing");
  static final String ORG = "AWSOrganizationsV20161128.";
  static final String CAPACITY = "fleetkit-capacity-reservation";

  @TempDir Path dir;

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--cdk-out", dir.resolve("cdk.out").toString()));
    all.addAll(List.of(args));
    return CliRun.execute(new PreflightCommand(c -> aws.clients(c.region.orElse("us-east-1"))),
        all.toArray(String[]::new));
  }

  @Test
  void aCleanAccountPassesEveryCheckOfEveryStack() {
    Run r = run();
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().lines().noneMatch(l -> l.startsWith("FAIL") || l.startsWith("WARN")), r.out());
    assertTrue(r.out().contains("PASS  account  scp assets: s3:PutObject by cdk-hnb659fds-file-publishing-role-"
        + "111122223333-us-east-1: no SCP statement denies it (1 SCP(s) read, simulator: allowed by Organizations)"), r.out());
    assertTrue(r.err().contains("fleetkit-local-zone (us-east-1): "), r.err());
    for (String line : List.of(
        "PASS  fleetkit-gpu-monitoring  ssm agents: 2 running instance(s) tagged GpuMonitoring=enabled: each has an"
            + " instance profile and an SSM agent online",
        "PASS  fleetkit-image-pipelines  default vpc: default VPC vpc-0a1b2c3d4e5f60000 for the Image Builder build instances",
        "PASS  fleetkit-dashboard  dashboard snapshot: samples/outposts-inventory.json was discovered in account"
            + " 111122223333, us-east-1",
        "PASS  fleetkit-dashboard  outpost op-0a1b2c3d4e5f60002: op-0a1b2c3d4e5f60002 is ACTIVE",
        "PASS  fleetkit-spot-fleet  quota spot vCPUs: Spot Standard vCPUs L-34B43A08 in us-east-1: quota 256, need 24"
            + " (capacity.max 12 x 2 vCPUs (m6i.large)); instances already running count too",
        "PASS  fleetkit-queue-workers  offerings: c7g.medium, m7g.medium, m7gd.medium, r7g.medium in us-east-1a,"
            + " us-east-1b, us-east-1c: offered",
        "PASS  fleetkit-local-zone  zone us-east-1-atl-1a: zone group us-east-1-atl-1: opted-in",
        "PASS  fleetkit-local-zone  offerings: t3.medium in us-east-1-atl-1a: offered",
        "PASS  fleetkit-local-zone  volume types: gp2 offered in us-east-1-atl-1 (gp2, io1, sc1, st1)",
        "PASS  fleetkit-root-restore  stack state: not deployed yet in us-east-1: the deploy creates it",
        "PASS  fleetkit-credential-guard  ssm agents: 2 running instance(s) tagged CredentialGuard=enabled: each has an"
            + " instance profile and an SSM agent online",
        "PASS  fleetkit-instance-connect  quota instance connect endpoints: 0 endpoint(s) in us-east-1 outside"
            + " fleetkit-instance-connect + 1 planned, quota 5 (instance_connect.endpoints_per_region)",
        "preflight: 44 checks; ready for npx cdk deploy")) {
      assertTrue(r.out().contains(line + "\n"), line + "\n" + r.out());
    }
    assertTrue(r.err().startsWith("preflight: 14 stack(s) of config.yaml in us-east-1\n[1/15] account 111122223333"
        + " and bootstrap in us-east-1: 14 checks\n[2/15] fleetkit-guardrails (us-east-1): 1 check\n"), r.err());
  }

  /** The README's example is this run, as it is. */
  @Test
  void theReadmeShowsThisRun() throws Exception {
    Run r = run("--stack", CAPACITY);
    assertEquals(0, r.exit(), r.out() + r.err());
    String shown = ("$ bin/fleetkit preflight --stack " + CAPACITY + "\n" + r.err() + r.out()).replace("\n", "\n  ") + "```";
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(shown), "README.md lacks:\n" + shown);
    int deploy = readme.indexOf("## Deploy one stack");
    int at = readme.indexOf("bin/fleetkit preflight", deploy);
    assertTrue(deploy > 0 && at > deploy && at < readme.indexOf("npx cdk deploy <stack>", deploy),
        "README's Deploy one stack runs preflight before cdk deploy");
  }

  @Test
  void aGuardedAccountWhoseScpDeniesTheAssetUploadFails() {
    String summary = "{\"Id\":\"p-fk0a1b2c3d\",\"Arn\":\"arn:aws:organizations::999988887777:policy/o-exampleorg/"
        + "service_control_policy/p-fk0a1b2c3d\",\"Name\":\"fleetkit-localzones-residency-1\",\"Type\":"
        + "\"SERVICE_CONTROL_POLICY\",\"AwsManaged\":false}";
    aws.stub(target(ORG + "ListPoliciesForTarget").withRequestBody(containing("\"TargetId\":\"ou-ab12-localzone\""))
        .willReturn(json11(200, "{\"Policies\":[{\"Id\":\"p-FullAWSAccess\",\"Name\":\"FullAWSAccess\",\"Type\":"
            + "\"SERVICE_CONTROL_POLICY\",\"AwsManaged\":true}," + summary + "]}")).atPriority(1));
    aws.stub(target(ORG + "DescribePolicy").withRequestBody(containing("p-fk0a1b2c3d"))
        .willReturn(json11(200, body("preflight/describe-policy-guarded.json"))).atPriority(1));
    aws.stub(query("SimulatePrincipalPolicy").willReturn(xmlFile("preflight/simulate-denied-by-organizations.xml"))
        .atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("""
        FAIL  account  scp assets: the CDK file-publishing role uploads the templates and file assets to the bootstrap\
         bucket (s3:PutObject by cdk-hnb659fds-file-publishing-role-111122223333-us-east-1) is denied by statement\
         DenyPutObjectToRegionalBuckets of SCP fleetkit-localzones-residency-1 (p-fk0a1b2c3d, attached to\
         ou-ab12-localzone); the IAM policy simulator agrees
              fix: npx cdk deploy fleetkit-guardrails first: the attached fleetkit-localzones-residency-1 predates this\
         config's "file-publishing" in guardrails.deploy_roles.bootstrap_roles with "hnb659fds" in bootstrap_qualifiers
        """), r.out());
  }

  @Test
  void printsJsonForCi() {
    aws.stub(query("DescribeStacks").withRequestBody(containing("StackName=" + CAPACITY))
        .willReturn(xmlFile("preflight/describe-stacks-rollback-complete.xml")).atPriority(1));
    Run r = run("--stack", CAPACITY, "--json");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().startsWith("{\n  \"checks\" : [ {\n    \"status\" : \"PASS\",\n    \"scope\" : \"account\",\n"
        + "    \"check\" : \"identity\","), r.out());
    assertTrue(r.out().contains("\"status\" : \"FAIL\",\n    \"scope\" : \"fleetkit-capacity-reservation\",\n    \"check\""
        + " : \"stack state\",\n    \"what\" : \"ROLLBACK_COMPLETE in us-east-1: the next deploy would fail\",\n    \"fix\" :"
        + " \"aws cloudformation delete-stack --stack-name fleetkit-capacity-reservation --region us-east-1"), r.out());
    assertTrue(r.out().endsWith("\"summary\" : {\n    \"pass\" : 10,\n    \"warn\" : 0,\n    \"fail\" : 1\n  }\n}\n"),
        r.out());
  }

  /** A statement fleetkit's evaluator does not decide (NotAction, ...IfExists) goes to iam:SimulateCustomPolicy. */
  @Test
  void aForeignScpStatementIsDecidedByTheSimulatorAndNamed() {
    aws.stub(target(ORG + "DescribePolicy").withRequestBody(containing("p-ct0a1b2c3d"))
        .willReturn(json11(200, body("preflight/describe-policy-identity-center-only.json"))).atPriority(1));
    aws.stub(query("SimulateCustomPolicy").willReturn(xmlFile("preflight/simulate-custom-denied.xml")).atPriority(1));
    aws.stub(query("SimulatePrincipalPolicy").willReturn(xmlFile("preflight/simulate-denied-by-organizations.xml"))
        .atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("is denied by statement DenyAllButIdentityCenter of SCP landing-zone-baseline"
        + " (p-ct0a1b2c3d, attached to r-ab12); the IAM policy simulator agrees\n      fix: ask the owner of"
        + " landing-zone-baseline to exempt arn:aws:iam::111122223333:role/cdk-hnb659fds-file-publishing-role-"
        + "111122223333-us-east-1 in statement DenyAllButIdentityCenter (Condition ArnNotLike aws:PrincipalArn)\n"),
        r.out());
    var sent = AwsMock.form(aws.requests(AwsMock.queried("SimulateCustomPolicy")).get(0));
    assertEquals("s3:PutObject", sent.get("ActionNames.member.1"));
    assertEquals("aws:PrincipalArn", sent.get("ContextEntries.member.1.ContextKeyName"));
  }

  @Test
  void aCredentialGuardInstanceWithoutProfileOrAgentIsAWarning() {
    aws.stub(query("DescribeInstances").withRequestBody(containing("tag%3ACredentialGuard"))
        .willReturn(xmlFile("preflight/describe-instances-credential-guard-no-profile.xml")).atPriority(1));
    aws.stub(target("AmazonSSM.DescribeInstanceInformation").withRequestBody(containing("i-0a1b2c3d4e5f6c002"))
        .willReturn(json11(200, "{\"InstanceInformationList\":[{\"InstanceId\":\"i-0a1b2c3d4e5f6c001\",\"PingStatus\":"
            + "\"Online\"},{\"InstanceId\":\"i-0a1b2c3d4e5f6c002\",\"PingStatus\":\"ConnectionLost\"}]}")).atPriority(1));
    Run r = run("--stack", "fleetkit-credential-guard");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("""
        WARN  fleetkit-credential-guard  ssm agents: of 2 instance(s) tagged CredentialGuard=enabled, no instance\
         profile: i-0a1b2c3d4e5f6c002; no SSM agent online: i-0a1b2c3d4e5f6c002 (State Manager skips them)
              fix: attach an instance profile with AmazonSSMManagedInstanceCore and start the SSM agent (aws ec2\
         associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=PROFILE)
        """), r.out());
    var sent = AwsMock.form(aws.requests(AwsMock.queried("DescribeInstances")).get(0));
    assertEquals("enabled", sent.get("Filter.1.Value.1"));
    assertEquals("running", sent.get("Filter.2.Value.1"));
  }

  @Test
  void instanceConnectEndpointsBeyondTheRegionalQuotaFail() {
    aws.stub(query("DescribeInstanceConnectEndpoints")
        .willReturn(xmlFile("preflight/describe-instance-connect-endpoints-five.xml")).atPriority(1));
    Run r = run("--stack", "fleetkit-instance-connect");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("""
        FAIL  fleetkit-instance-connect  quota instance connect endpoints: 5 endpoint(s) in us-east-1 outside\
         fleetkit-instance-connect + 1 planned, quota 5 (instance_connect.endpoints_per_region)
              fix: delete unused ones (aws ec2 delete-instance-connect-endpoint --instance-connect-endpoint-id ID\
         --region us-east-1), fewer instance_connect.endpoints, or raise the quota and\
         instance_connect.endpoints_per_region with it
        """), r.out());
  }

  @Test
  void aZoneGroupNotOptedInFailsWithTheOptInCommand() {
    aws.stub(query("DescribeAvailabilityZones")
        .willReturn(xmlFile("preflight/describe-availability-zones-atl-not-opted-in.xml")).atPriority(1));
    Run r = run("--stack", "fleetkit-local-zone");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("""
        FAIL  fleetkit-local-zone  zone us-east-1-atl-1a: zone group us-east-1-atl-1 is not opted in
              fix: bin/fleetkit zones opt-in us-east-1-atl-1 --region us-east-1
        """), r.out());
  }

  @Test
  void aQuotaBelowTheNeedFailsWithTheIncreaseCommand() {
    aws.stub(target("ServiceQuotasV20190624.GetServiceQuota").withRequestBody(containing("L-1216C47A"))
        .willReturn(json11(200, "{\"Quota\":{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"L-1216C47A\",\"Value\":5.0}}"))
        .atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("""
        FAIL  fleetkit-capacity-reservation  quota on-demand vCPUs: On-Demand Standard vCPUs L-1216C47A in us-east-1:\
         quota 5, need 12 (6 reserved m5.large x 2 vCPUs)
              fix: aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A\
         --desired-value 12 --region us-east-1, or a smaller capacity_reservation.instances_needed
        """), r.out());
  }

  @Test
  void aStackInRollbackCompleteFailsWithTheDeleteCommand() {
    aws.stub(query("DescribeStacks").withRequestBody(containing("StackName=" + CAPACITY))
        .willReturn(xmlFile("preflight/describe-stacks-rollback-complete.xml")).atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("""
        FAIL  fleetkit-capacity-reservation  stack state: ROLLBACK_COMPLETE in us-east-1: the next deploy would fail
              fix: aws cloudformation delete-stack --stack-name fleetkit-capacity-reservation --region us-east-1\
         (it holds no resources after a failed create; check DELETE_FAILED ones first)
        """), r.out());
  }

  @Test
  void throttlingIsRetriedBySdkAndTheCheckPasses() {
    aws.stub(target("ServiceQuotasV20190624.GetServiceQuota").inScenario("throttled").whenScenarioStateIs(STARTED)
        .willReturn(jsonError("1.1", 400, "TooManyRequestsException", "Rate exceeded")).willSetStateTo("calm")
        .atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(0, r.exit(), r.out());
    assertEquals(2, aws.count(targeted("ServiceQuotasV20190624.GetServiceQuota")));
    assertTrue(r.out().contains("PASS  fleetkit-capacity-reservation  quota on-demand vCPUs: On-Demand Standard vCPUs"
        + " L-1216C47A in us-east-1: quota 64, need 12"), r.out());
  }

  @Test
  void accessDeniedOnOneCheckIsAWarningNamingTheAction() {
    aws.stub(target(ORG + "ListParents").willReturn(jsonError("1.1", 400, "AccessDeniedException",
        "You don't have permissions to access this resource.")).atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("""
        WARN  account  organization: not checked: organizations:ListParents was denied
              fix: grant organizations:ListParents to the caller (the preflight policy in docs/preflight.md)
        PASS  account  scp assets: s3:PutObject by cdk-hnb659fds-file-publishing-role-111122223333-us-east-1: allowed by\
         Organizations, says the IAM policy simulator (the SCPs themselves could not be read)
        """), r.out());
  }

  @Test
  void anAccountOutsideAnOrganizationHasNoScp() {
    aws.stub(target(ORG + "DescribeOrganization").willReturn(jsonError("1.1", 400, "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.")).atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("PASS  account  organization: account 111122223333 is in no organization: no SCP"
        + " applies\n"), r.out());
    assertEquals(0, aws.count(targeted(ORG + "ListParents")));
    assertEquals(0, aws.count(AwsMock.queried("SimulatePrincipalPolicy")));
  }

  @Test
  void persistentThrottlingEndsAfterTheSdksBoundedRetriesAsAFailure() {
    aws.stub(target("ServiceQuotasV20190624.GetServiceQuota")
        .willReturn(jsonError("1.1", 400, "TooManyRequestsException", "Rate exceeded")).atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(1, r.exit(), r.out());
    // RetryMode.ADAPTIVE_V2: 3 attempts in all (AWS SDK for Java 2.x, "Retry behavior").
    assertEquals(3, aws.count(targeted("ServiceQuotasV20190624.GetServiceQuota")));
    assertTrue(r.out().contains("""
        FAIL  fleetkit-capacity-reservation  quota on-demand vCPUs: not checked: servicequotas:GetServiceQuota failed\
         (TooManyRequestsException: Rate exceeded)
              fix: retry preflight; if it persists, check the service health of servicequotas
        """), r.out());
  }

  @Test
  void rejectedCredentialsExitThree() {
    aws.stub(query("GetCallerIdentity").willReturn(queryError(403, "ExpiredToken", "The security token included in"
        + " the request is expired")).atPriority(1));
    Run r = run("--stack", CAPACITY);
    assertEquals(3, r.exit(), r.err());
    assertTrue(r.err().contains("error: AWS rejected the credentials on sts:GetCallerIdentity"), r.err());
    assertTrue(r.err().endsWith("and run preflight again\n"), r.err());
  }

  @Test
  void noCredentialsAtAllExitThreeBeforeAnyCall() {
    PreflightCommand cmd = new PreflightCommand(c -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(),
        "us-east-1", () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials from any"
              + " of the providers in the chain AwsCredentialsProviderChain(...)");
        }));
    Run r = CliRun.execute(cmd, "--cdk-out", dir.resolve("cdk.out").toString(), "--stack", CAPACITY);
    assertEquals(3, r.exit());
    assertTrue(r.err().endsWith("error: no usable AWS credentials (none in the default chain: environment"
        + " variables, system properties, web identity token, profile 'default' in ~/.aws, container or instance"
        + " metadata); configure them (aws configure, aws sso login, AWS_PROFILE or --profile) and run preflight"
        + " again\n"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size());
  }

  /** No check writes: every request the fixtures received is a Describe, List, Get or Simulate call. */
  @Test
  void noCheckSendsAMutatingCall() throws Exception {
    assertEquals(0, run().exit());
    Pattern readOnly = Pattern.compile("(Describe|List|Get|Simulate)[A-Za-z]*");
    List<LoggedRequest> requests = aws.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    assertTrue(requests.size() > 20, "the run made " + requests.size() + " requests");
    for (LoggedRequest q : requests) {
      String target = q.getHeader("X-Amz-Target");
      String action = q.getMethod().getName().equals("GET") ? "Get (REST " + q.getUrl() + ")"
          : target != null ? target.substring(target.indexOf('.') + 1) : AwsMock.form(q).get("Action");
      assertTrue(action != null && readOnly.matcher(action.split(" ")[0]).matches(), "not read-only: " + action);
    }
    // Each action sent is in docs/preflight.md's policy (the service from the SigV4 credential scope).
    String docs = Files.readString(Path.of("docs/preflight.md"));
    for (LoggedRequest q : requests) {
      String scope = q.getHeader("Authorization").replaceAll(".*Credential=[^/]+/[^/]+/[^/]+/([^/]+)/.*", "$1");
      String target = q.getHeader("X-Amz-Target");
      String action = q.getMethod().getName().equals("GET") ? "GetOutpost"
          : target != null ? target.substring(target.indexOf('.') + 1) : AwsMock.form(q).get("Action");
      String service = scope.equals("servicequotas") ? "servicequotas" : scope;
      assertTrue(service.equals("sts") || docs.contains("\"" + service + ":" + action + "\""),
          service + ":" + action + " is not in the IAM policy of docs/preflight.md");
    }
    aws.server().findAllUnmatchedRequests().forEach(u -> { throw new AssertionError("unmatched: " + u); });
    assertEquals(0, aws.server().getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 500).count(),
        "a request hit the catch-all");
  }

  @Test
  void anUnknownStackIsAUsageErrorWithDidYouMean() {
    Run r = run("--stack", "fleetkit-capacity-reservations");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("error: --stack fleetkit-capacity-reservations is not a stack of config.yaml (did you"
        + " mean fleetkit-capacity-reservation? expected one of: fleetkit-guardrails, "), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size());
  }

  @Test
  void aRegionThatDoesNotExistIsAUsageError() {
    Run r = run("--region", "us-east-9");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("us-east-9"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size());
  }

  @Test
  void aConfigWithErrorsExitsFourWithTheUsualLines() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "project:\n  prefix: fleetkit\n  region: us-east-1\ncapacity_reservation:\n  enabled: true\n"
        + "  instance_type: m5.lrge\n");
    Run r = run("--config", bad.toString());
    assertEquals(4, r.exit());
    assertTrue(r.err().contains(bad + ":6:18: capacity_reservation.instance_type: "), r.err());
    assertTrue(r.err().contains("error(s) in " + bad + "; nothing was checked"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size());
  }

  @Test
  void cdkOutFromAnotherConfigIsAWarning() throws Exception {
    Path out = Files.createDirectories(dir.resolve("cdk.out"));
    Files.writeString(out.resolve("manifest.json"), "{\"version\":\"54.0.0\",\"artifacts\":{\"other-spot-fleet\":{"
        + "\"type\":\"aws:cloudformation:stack\",\"environment\":\"aws://unknown-account/us-east-1\",\"properties\":{"
        + "\"templateFile\":\"other-spot-fleet.template.json\",\"requiresBootstrapStackVersion\":6},\"displayName\":"
        + "\"other-spot-fleet\"}}}");
    Run r = run("--stack", CAPACITY);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("WARN  cdk.out  cloud assembly: " + out + " was synthesized from another config:"
        + " fleetkit-guardrails is missing;"), r.out());
    assertTrue(r.out().contains("other-spot-fleet is not in this config\n      fix: npx cdk synth before npx cdk deploy"),
        r.out());
  }
}
