package io.fleetkit.cli;

import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.queryError;
import static io.fleetkit.support.AwsMock.xml;
import static io.fleetkit.support.AwsMock.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code connect-check} against WireMock on 127.0.0.1 in the query/XML wire formats of EC2
 * (DescribeInstances, DescribeInstanceConnectEndpoints, DescribeSecurityGroups), IAM (GetRole,
 * SimulatePrincipalPolicy) and STS (GetCallerIdentity): a ready path with the command to run, an endpoint still being
 * created, a closed port, a denied simulation, the caller's own role, and the exit codes.
 */
class ConnectCheckCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("ec2-eice", "iam", "sts");
  static final String INSTANCE = "i-0a1b2c3d4e5f60001";

  Run run(String... args) {
    ConnectCheckCommand cmd = new ConnectCheckCommand(c -> aws.clients(c.region.orElse("us-east-1")));
    return CliRun.execute(cmd, args);
  }

  @Test
  void aReadyPathPrintsTheCommandToRun() {
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        ok   instance i-0a1b2c3d4e5f60001 is running in vpc-0a1b2c3d4e5f60010 at 10.41.3.7 (security groups sg-0a1b2c3d4e5f60013)
        ok   endpoint eice-0a1b2c3d4e5f60001 is create-complete in vpc-0a1b2c3d4e5f60010; client IP preserved: no
        ok   port 22: the endpoint's groups sg-0a1b2c3d4e5f60099 may send to the instance (group sg-0a1b2c3d4e5f60013)
        ok   port 22: the instance's groups admit the endpoint's group
        ok   IAM: arn:aws:iam::111122223333:role/PlatformOperators may OpenTunnel through eice-0a1b2c3d4e5f60001 to 10.41.3.7:22 for 3600 s (matched fleetkit-instance-connect-spot-operators)

        aws ec2-instance-connect ssh --region us-east-1 --instance-id i-0a1b2c3d4e5f60001 --connection-type eice --os-user ec2-user --eice-options endpointId=eice-0a1b2c3d4e5f60001,maxTunnelDuration=3600
        """, r.out());
    assertEquals("connect-check: i-0a1b2c3d4e5f60001 in us-east-1, port 22\n", r.err());
  }

  @Test
  void theSimulationCarriesTheContextKeysTheEndpointSends() {
    assertEquals(0, run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1", "--max-tunnel-seconds", "900").exit());
    Map<String, String> form = AwsMock.form(aws.requests(queried("SimulatePrincipalPolicy")).get(0));
    assertEquals("arn:aws:iam::111122223333:role/PlatformOperators", form.get("PolicySourceArn"));
    assertEquals("ec2-instance-connect:OpenTunnel", form.get("ActionNames.member.1"));
    assertEquals("arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0a1b2c3d4e5f60001",
        form.get("ResourceArns.member.1"));
    assertEquals("ec2-instance-connect:remotePort", form.get("ContextEntries.member.1.ContextKeyName"));
    assertEquals("numeric", form.get("ContextEntries.member.1.ContextKeyType"));
    assertEquals("22", form.get("ContextEntries.member.1.ContextKeyValues.member.1"));
    assertEquals("ec2-instance-connect:privateIpAddress", form.get("ContextEntries.member.2.ContextKeyName"));
    assertEquals("ip", form.get("ContextEntries.member.2.ContextKeyType"));
    assertEquals("10.41.3.7", form.get("ContextEntries.member.2.ContextKeyValues.member.1"));
    assertEquals("ec2-instance-connect:maxTunnelDuration", form.get("ContextEntries.member.3.ContextKeyName"));
    assertEquals("900", form.get("ContextEntries.member.3.ContextKeyValues.member.1"));
    assertEquals("PlatformOperators", AwsMock.form(aws.requests(queried("GetRole")).get(0)).get("RoleName"));
  }

  @Test
  void anEndpointStillBeingCreatedIsNotReady() {
    aws.stub(query("DescribeInstanceConnectEndpoints").atPriority(1)
        .willReturn(xmlFile("ec2-eice/describe-instance-connect-endpoints-creating.xml")));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    assertEquals(5, r.exit());
    assertTrue(r.out().contains("\nFAIL endpoint eice-0a1b2c3d4e5f60001 is create-in-progress in vpc-0a1b2c3d4e5f60010"
        + " (expected create-complete; wait, or look at its state message in the EC2 console); client IP preserved: no\n"),
        r.out());
    assertTrue(r.out().endsWith("\nnot ready: fix the FAIL lines above, then run connect-check again\n"), r.out());
    assertTrue(!r.out().contains("aws ec2-instance-connect ssh"));
  }

  @Test
  void aClosedPortIsNotReady() {
    aws.stub(query("SimulatePrincipalPolicy").atPriority(1)
        .willReturn(xmlFile("iam/simulate-principal-policy-implicit-deny.xml")));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--port", "3389", "--region", "us-east-1");
    assertEquals(5, r.exit());
    assertEquals("""
        ok   instance i-0a1b2c3d4e5f60001 is running in vpc-0a1b2c3d4e5f60010 at 10.41.3.7 (security groups sg-0a1b2c3d4e5f60013)
        ok   endpoint eice-0a1b2c3d4e5f60001 is create-complete in vpc-0a1b2c3d4e5f60010; client IP preserved: no
        FAIL port 3389: the endpoint's groups sg-0a1b2c3d4e5f60099 send nothing to the instance on this port (expected an outbound rule to one of its groups)
        FAIL port 3389: the instance's groups sg-0a1b2c3d4e5f60013 admit nothing from the endpoint on this port (expected an inbound rule from sg-0a1b2c3d4e5f60099)
        FAIL IAM: arn:aws:iam::111122223333:role/PlatformOperators may OpenTunnel through eice-0a1b2c3d4e5f60001 to 10.41.3.7:3389 for 3600 s is implicitDeny (no statement matched; attach the instance_connect access policy to this role, with this port, address and duration)

        not ready: fix the FAIL lines above, then run connect-check again
        """, r.out());
  }

  @Test
  void aDeniedSimulationOfTheCallersOwnRoleIsNotReady() {
    aws.stub(query("SimulatePrincipalPolicy").atPriority(1)
        .willReturn(xmlFile("iam/simulate-principal-policy-implicit-deny.xml")));
    Run r = run(INSTANCE, "--region", "us-east-1");
    assertEquals(5, r.exit());
    // The caller is assumed-role/FleetkitDiscovery; GetRole gives the ARN with its path, which IAM simulates.
    assertTrue(r.out().contains("FAIL IAM: arn:aws:iam::111122223333:role/ops/FleetkitDiscovery may OpenTunnel"), r.out());
    assertEquals("arn:aws:iam::111122223333:role/ops/FleetkitDiscovery",
        AwsMock.form(aws.requests(queried("SimulatePrincipalPolicy")).get(0)).get("PolicySourceArn"));
  }

  @Test
  void anInstanceGroupThatAdmitsOnlyABlockIsAWarningNotAFailure() {
    aws.stub(query("DescribeSecurityGroups").atPriority(1).willReturn(xml(200, body("ec2-eice/describe-security-groups.xml")
        .replace("<groupId>sg-0a1b2c3d4e5f60099</groupId>\n                            <description>",
            "<groupId>sg-0a1b2c3d4e5f60050</groupId>\n                            <description>")
        .replace("<ipRanges/>\n                </item>\n            </ipPermissions>",
            "<ipRanges><item><cidrIp>10.41.0.0/16</cidrIp></item></ipRanges>\n                </item>\n            </ipPermissions>"))));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("\nwarn port 22: the instance's groups admit 10.41.0.0/16 but not the endpoint's group; the"
        + " endpoint connects from its own address, which this check does not look up\n"), r.out());
  }

  @Test
  void aVpcWithoutAnEndpoint() {
    aws.stub(query("DescribeInstanceConnectEndpoints").atPriority(1).willReturn(xml(200,
        "<DescribeInstanceConnectEndpointsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
            + "<instanceConnectEndpointSet/></DescribeInstanceConnectEndpointsResponse>")));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    assertEquals(5, r.exit());
    assertTrue(r.out().endsWith("FAIL no EC2 Instance Connect Endpoint in vpc-0a1b2c3d4e5f60010 (deploy one:"
        + " instance_connect.endpoints with vpc: vpc-0a1b2c3d4e5f60010)\n"), r.out());
    assertEquals(0, aws.count(queried("SimulatePrincipalPolicy")));
  }

  @Test
  void aDeniedSimulationCallIsAFailureNotAVerdict() {
    aws.stub(query("SimulatePrincipalPolicy").atPriority(1).willReturn(queryError(403, "AccessDenied",
        "User is not authorized to perform: iam:SimulatePrincipalPolicy")));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: iam:SimulatePrincipalPolicy was denied (AccessDenied: User is not authorized to"
        + " perform: iam:SimulatePrincipalPolicy); grant iam:SimulatePrincipalPolicy to the caller\n"), r.err());
  }

  @Test
  void usageErrorsCallNothing() {
    assertEquals(2, run("web-1").exit());
    assertEquals(2, run(INSTANCE, "--max-tunnel-seconds", "3601").exit());
    assertEquals(2, run(INSTANCE, "--port", "0").exit());
    assertEquals(0, aws.count(queried("DescribeInstances")));
  }

  @Test
  void theReadmeShowsTheReadyRun() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Run r = run(INSTANCE, "--role", "PlatformOperators", "--region", "us-east-1");
    String shown = "$ bin/fleetkit connect-check " + INSTANCE + " --role PlatformOperators --region us-east-1\n" + r.err() + r.out();
    assertTrue(readme.contains(shown), "README.md lacks:\n" + shown);
    assertTrue(body("iam/get-role-platform-operators.xml").contains("<Path>/</Path>"));
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() {
    ConnectCheckCommand cmd = new ConnectCheckCommand(c -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(), "us-east-1", () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        }));
    Run r = CliRun.execute(cmd, INSTANCE, "--region", "us-east-1");
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().contains("and run connect-check again"), r.err());
    assertEquals(0, aws.count(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())), "no call without credentials");
  }
}
