package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.jsonError;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.target;
import static io.fleetkit.support.AwsMock.targeted;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code credential-guard check} against WireMock on 127.0.0.1: EC2 in its query/XML wire format (DescribeImages,
 * DescribeInstanceTypes, DescribeInstances) and SSM in JSON 1.1 (DescribeInstanceInformation). A Windows Server 2022
 * instance that meets everything, a Windows Server 2025 one on an AMD type without NitroTPM, an unmanaged one,
 * bare metal, the excluded 48xlarge, a Linux AMI, a deregistered AMI, usage errors, throttling, access denied and
 * rejected credentials.
 */
class CredentialGuardCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("credential-guard");
  static final String GOOD = "i-0a1b2c3d4e5f60010";

  Run run(String... args) {
    CommandLine cl = new CommandLine(new CredentialGuardCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> c) throws Exception {
        return c == CredentialGuardCommand.Check.class
            ? c.cast(new CredentialGuardCommand.Check(k -> aws.clients(k.region.orElse("us-east-1"))))
            : CommandLine.defaultFactory().create(c);
      }
    });
    return CliRun.execute(cl, args);
  }

  @Test
  void aWindows2022InstanceMeetsEveryPrerequisite() {
    Run r = run("check", "--region", "us-east-1", "--instance", GOOD);
    assertEquals(0, r.exit(), r.err() + r.out());
    assertEquals("credential-guard check: region us-east-1\n", r.err());
    assertEquals("""
        SUBJECT                       PREREQUISITE       STATUS  FOUND
        AMI ami-0a1b2c3d4e5f60010     platform           met     windows
        AMI ami-0a1b2c3d4e5f60010     boot mode          met     uefi
        AMI ami-0a1b2c3d4e5f60010     TPM support        met     v2.0 (NitroTPM)
        instance type m6i.large       listed by AWS      met     m6i family, size supported
        instance type m6i.large       hypervisor         met     nitro
        instance type m6i.large       bare metal         met     no
        instance type m6i.large       UEFI boot          met     legacy-bios, uefi
        instance type m6i.large       NitroTPM           met     supported (2.0)
        instance i-0a1b2c3d4e5f60010  platform           met     windows
        instance i-0a1b2c3d4e5f60010  current boot mode  met     uefi
        instance i-0a1b2c3d4e5f60010  NitroTPM           met     v2.0
        instance i-0a1b2c3d4e5f60010  managed by SSM     met     Online
        instance i-0a1b2c3d4e5f60010  OS build           met     20348 (Windows Server 2022; Microsoft Windows Server 2022 Datacenter)

        All 13 prerequisites met.
        """, r.out());
    // One read each, by ID: the instance, its AMI, its type, and SSM's record of it.
    var form = AwsMock.form(aws.requests(queried("DescribeInstances")).get(0));
    assertEquals(GOOD, form.get("InstanceId.1"));
    assertEquals("ami-0a1b2c3d4e5f60010", AwsMock.form(aws.requests(queried("DescribeImages")).get(0)).get("ImageId.1"));
    assertEquals("m6i.large", AwsMock.form(aws.requests(queried("DescribeInstanceTypes")).get(0)).get("InstanceType.1"));
    assertEquals(1, aws.count(targeted("AmazonSSM.DescribeInstanceInformation")));
    assertTrue(aws.requests(targeted("AmazonSSM.DescribeInstanceInformation")).get(0).getBodyAsString()
        .contains("{\"Key\":\"InstanceIds\",\"Values\":[\"" + GOOD + "\"]}"));
  }

  @Test
  void aWindows2025InstanceOnAnAmdTypeWithoutNitroTpmFailsWithExit5() {
    Run r = run("check", "--region", "us-east-1", "--instance", "i-0a1b2c3d4e5f60020");
    assertEquals(5, r.exit(), r.err() + r.out());
    assertEquals("""
        SUBJECT                       PREREQUISITE       STATUS   FOUND
        AMI ami-0a1b2c3d4e5f60020     platform           met      windows
        AMI ami-0a1b2c3d4e5f60020     boot mode          met      uefi-preferred (UEFI on types that support it)
        AMI ami-0a1b2c3d4e5f60020     TPM support        not met  none (AWS requires an AMI with NitroTPM: TPM-Windows_Server-<version>-English-Full-Base)
        instance type m6a.large       listed by AWS      not met  no: its family is not one that AWS lists for Credential Guard
        instance type m6a.large       hypervisor         met      nitro
        instance type m6a.large       bare metal         met      no
        instance type m6a.large       UEFI boot          met      legacy-bios, uefi
        instance type m6a.large       NitroTPM           met      supported (2.0)
        instance i-0a1b2c3d4e5f60020  platform           met      windows
        instance i-0a1b2c3d4e5f60020  current boot mode  met      uefi
        instance i-0a1b2c3d4e5f60020  NitroTPM           not met  none
        instance i-0a1b2c3d4e5f60020  managed by SSM     met      Online
        instance i-0a1b2c3d4e5f60020  OS build           not met  26100 (Windows Server 2025: AWS does not support Credential Guard on it; Microsoft Windows Server 2025 Datacenter)

        9 of 13 prerequisites met; 4 not met, 0 not known.
        """, r.out());
  }

  @Test
  void anInstanceThatSsmDoesNotManageCannotGetTheDocument() throws Exception {
    Run r = run("check", "--region", "us-east-1", "--instance", "i-0a1b2c3d4e5f60030", "--json");
    assertEquals(5, r.exit(), r.err() + r.out());
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals("us-east-1", report.get("region").asText());
    assertEquals(false, report.get("all_met").asBoolean());
    JsonNode last = report.get("prerequisites").get(report.get("prerequisites").size() - 1);
    JsonNode managed = report.get("prerequisites").get(report.get("prerequisites").size() - 2);
    assertEquals("instance i-0a1b2c3d4e5f60030 managed by SSM not_met no: State Manager cannot run the document there (SSM"
        + " Agent and an instance profile with AmazonSSMManagedInstanceCore)", line(managed));
    assertEquals("instance i-0a1b2c3d4e5f60030 OS build unknown SSM has no inventory of it", line(last));
  }

  static String line(JsonNode p) {
    return p.get("subject").asText() + " " + p.get("prerequisite").asText() + " " + p.get("status").asText() + " "
        + p.get("found").asText();
  }

  @Test
  void bareMetalAndTheExcludedSizesAreNotListedByAws() {
    Run metal = run("check", "--region", "us-east-1", "--instance-type", "m5.metal");
    assertEquals(5, metal.exit());
    assertEquals("""
        SUBJECT                 PREREQUISITE   STATUS   FOUND
        instance type m5.metal  listed by AWS  not met  no: it is bare metal, which Credential Guard does not support
        instance type m5.metal  hypervisor     not met  none
        instance type m5.metal  bare metal     not met  yes (not supported)
        instance type m5.metal  UEFI boot      not met  legacy-bios
        instance type m5.metal  NitroTPM       not met  unsupported

        0 of 5 prerequisites met; 5 not met, 0 not known.
        """, metal.out());
    Run big = run("check", "--region", "us-east-1", "--instance-type", "c7i.48xlarge");
    assertEquals(5, big.exit());
    assertTrue(big.out().contains("listed by AWS  not met  no: AWS excludes it by name (c7i, m7i and r7i 48xlarge)\n"), big.out());
  }

  @Test
  void aLinuxAmiAndADeregisteredOneAreReported() {
    Run linux = run("check", "--region", "us-east-1", "--ami", "ami-0a1b2c3d4e5f60099");
    assertEquals(5, linux.exit());
    assertEquals("""
        SUBJECT                    PREREQUISITE  STATUS   FOUND
        AMI ami-0a1b2c3d4e5f60099  platform      not met  Linux/UNIX (Credential Guard is a Windows feature)
        AMI ami-0a1b2c3d4e5f60099  boot mode     not met  none set (boots in the type's default, legacy BIOS on most: expected uefi, as TPM-Windows_Server AMIs have)
        AMI ami-0a1b2c3d4e5f60099  TPM support   not met  none (AWS requires an AMI with NitroTPM: TPM-Windows_Server-<version>-English-Full-Base)

        0 of 3 prerequisites met; 3 not met, 0 not known.
        """, linux.out());
    Run gone = run("check", "--region", "us-east-1", "--ami", "ami-0a1b2c3d4e5f60077");
    assertEquals(5, gone.exit());
    assertTrue(gone.out().contains("unknown  EC2 no longer lists it (deregistered?)"), gone.out());
  }

  @Test
  void anExplicitAmiOrTypeIsCheckedInsteadOfTheInstancesOwn() {
    Run r = run("check", "--region", "us-east-1", "--instance", GOOD, "--instance-type", "m6a.large");
    assertEquals(5, r.exit());
    assertTrue(r.out().contains("instance type m6a.large"), r.out());
    assertTrue(!r.out().contains("instance type m6i.large"), r.out());
  }

  @Test
  void usageErrorsExit2BeforeAnyCall() {
    Run none = run("check", "--region", "us-east-1");
    assertEquals(2, none.exit());
    assertTrue(none.err().startsWith("name at least one of --ami, --instance-type, --instance\n"), none.err());
    Run badAmi = run("check", "--region", "us-east-1", "--ami", "ami-12345");
    assertEquals(2, badAmi.exit());
    assertTrue(badAmi.err().startsWith("Invalid value for option '--ami': \"ami-12345\" is not an AMI ID (expected ami- and 8"
        + " or 17 lowercase hex digits, such as ami-0a1b2c3d4e5f60001)\n"), badAmi.err());
    Run badInstance = run("check", "--region", "us-east-1", "--instance", "i-0A1B2C3D");
    assertEquals(2, badInstance.exit());
    assertTrue(badInstance.err().startsWith("Invalid value for option '--instance': \"i-0A1B2C3D\" is not an instance ID"
        + " (expected i- and 8 or 17 lowercase hex digits, such as i-0a1b2c3d4e5f60001)\n"), badInstance.err());
    Run badType = run("check", "--region", "us-east-1", "--instance-type", "m6i.huge");
    assertEquals(2, badType.exit());
    assertTrue(badType.err().startsWith("Invalid value for option '--instance-type': \"m6i.huge\" is not an EC2 instance"
        + " type ("), badType.err());
    Run badRegion = run("check", "--region", "us-east1", "--ami", "ami-0a1b2c3d4e5f60010");
    assertEquals(2, badRegion.exit());
    assertTrue(badRegion.err().startsWith("Invalid value for option '--region': \"us-east1\" is not an AWS Region"), badRegion.err());
    assertEquals(0, aws.server().getAllServeEvents().size(), "no AWS call for a usage error");
  }

  @Test
  void anUnknownInstanceFailsWithExit1AndTheErrorCode() {
    aws.stub(query("DescribeInstances").withRequestBody(containing("i-0a1b2c3d4e5f69999")).willReturn(ec2Error(400,
        "InvalidInstanceID.NotFound", "The instance ID 'i-0a1b2c3d4e5f69999' does not exist")).atPriority(1));
    Run r = run("check", "--region", "us-east-1", "--instance", "i-0a1b2c3d4e5f69999");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeInstances failed (InvalidInstanceID.NotFound: The instance ID"
        + " 'i-0a1b2c3d4e5f69999' does not exist)\n"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void throttlingIsRetriedAndThenSucceeds() {
    aws.stub(query("DescribeInstanceTypes").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).willSetStateTo("ok").atPriority(1));
    assertEquals(0, run("check", "--region", "us-east-1", "--instance", GOOD).exit());
    assertEquals(2, aws.count(queried("DescribeInstanceTypes")));
  }

  @Test
  void accessDeniedOnSsmNamesTheActionAndExits1() {
    aws.stub(target("AmazonSSM.DescribeInstanceInformation").willReturn(jsonError("1.1", 400, "AccessDeniedException",
        "User: arn:aws:sts::111122223333:assumed-role/Auditor/s is not authorized to perform: ssm:DescribeInstanceInformation"))
        .atPriority(1));
    Run r = run("check", "--region", "us-east-1", "--instance", GOOD);
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ssm:DescribeInstanceInformation was denied (AccessDeniedException: User:"
        + " arn:aws:sts::111122223333:assumed-role/Auditor/s is not authorized to perform: ssm:DescribeInstanceInformation);"
        + " grant ssm:DescribeInstanceInformation to the caller\n"), r.err());
  }

  @Test
  void rejectedCredentialsExit3() {
    aws.stub(query("DescribeImages").willReturn(ec2Error(401, "AuthFailure", "AWS was not able to validate the provided"
        + " access credentials")).atPriority(1));
    Run r = run("check", "--region", "us-east-1", "--ami", "ami-0a1b2c3d4e5f60010");
    assertEquals(3, r.exit());
    assertTrue(r.err().contains("error: AWS rejected the credentials on ec2:DescribeImages (AuthFailure"), r.err());
    assertTrue(r.err().endsWith("and run credential-guard check again\n"), r.err());
  }

  @Test
  void aProxyErrorPageAndAnEmptyAnswerAreOneLineEachAndExit1() {
    aws.stub(query("DescribeImages").willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")).atPriority(1));
    Run html = run("check", "--region", "us-east-1", "--ami", "ami-0a1b2c3d4e5f60010");
    assertEquals(1, html.exit());
    assertTrue(html.err().endsWith("error: ec2:DescribeImages failed (HTTP 502 with a text/html body \"502 Bad Gateway\","
        + " not an AWS error (a proxy or the service's front end failed; retry later))\n"), html.err());
    aws.stub(query("DescribeInstanceTypes").willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(200).withHeader("Content-Type", "text/xml")).atPriority(1));
    Run empty = run("check", "--region", "us-east-1", "--instance-type", "m6i.large");
    assertEquals(1, empty.exit());
    assertTrue(empty.err().startsWith("credential-guard check: region us-east-1\nerror: ec2:DescribeInstanceTypes returned a"
        + " response that could not be read (AWS answered HTTP 200 with an empty body"), empty.err());
    assertEquals(2, empty.err().lines().count(), empty.err());
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() {
    CommandLine cl = new CommandLine(new CredentialGuardCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> c) throws Exception {
        return c == CredentialGuardCommand.Check.class
            ? c.cast(new CredentialGuardCommand.Check(k -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(),
                "us-east-1", () -> {
                  throw software.amazon.awssdk.core.exception.SdkClientException.create(
                      "Unable to load credentials from any of the providers in the chain");
                })))
            : CommandLine.defaultFactory().create(c);
      }
    });
    Run r = CliRun.execute(cl, "check", "--region", "us-east-1", "--instance", GOOD);
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run credential-guard check again\n"), r.err());
    assertEquals(0, aws.server().getAllServeEvents().size(), "no call without credentials");
  }

  /** The README shows this class's first run as it is. */
  @Test
  void theReadmeShowsTheCheck() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Run r = run("check", "--region", "us-east-1", "--instance", GOOD);
    String shown = "$ bin/fleetkit credential-guard check --region us-east-1 --instance " + GOOD + "\n" + r.err() + r.out() + "```";
    assertTrue(readme.contains(shown), "README.md lacks:\n" + shown);
  }
}
