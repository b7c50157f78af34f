package io.fleetkit.cli;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.fleetkit.support.AwsMock.body;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.AwsMock;
import io.fleetkit.support.CliRun;
import io.fleetkit.support.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code graviton-candidates} against WireMock on 127.0.0.1: EC2 and Auto Scaling in their query/XML format, the Price
 * List in JSON 1.1. Two pages of instances and of zone offerings; an Auto Scaling group with a mixed instances policy
 * and one without instances; images with an arm64 build, with none, with a name that names no architecture, and
 * Windows; a candidate missing from a zone in use. Throttling, access denied and bad arguments have their exit codes.
 * The README shows these runs.
 */
class GravitonCandidatesCommandTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("ec2-graviton", "autoscaling-graviton", "pricing");

  Run run(String... args) {
    return runWith(c -> aws.clients(c.region.orElse("us-east-1")), args);
  }

  /** With the clients (and so the Region chain's answer) of {@code clients}. */
  Run runWith(java.util.function.Function<GravitonCandidatesCommand, io.fleetkit.discovery.AwsClients> clients,
      String... args) {
    var cmd = new GravitonCandidatesCommand(clients);
    return CliRun.execute(cmd, args);
  }

  /*
   * m5.large -> m6g.large (same class, generation 5 -> Graviton2's 6, same size): 0.077 vs 0.096 = -19.79% -> -19.8%.
   * r5.xlarge -> r6g.xlarge: 0.2016 vs 0.252 = -20.0%, but us-east-1f (where it runs) does not offer r6g.xlarge.
   * c5.9xlarge: c6g has no 9xlarge. t3.medium runs Windows: no candidate. m5a.large is only an override of checkout-asg.
   */
  static final String PROGRESS = """
        graviton-candidates: region us-east-1
        [1/6] running instances: 6 (2 pages)
        [2/6] Auto Scaling groups: 2 (1 page)
        [3/6] instance types: 6, 5 x86_64; 1 running instance already on arm64
        [4/6] zone offerings: 7 types (2 pages)
        [5/6] on-demand prices: 4 types
        [6/6] images: 4 x86_64 images, 1 with an arm64 build found
        """;

  static final String TEXT = """
        APPLICATION                   INSTANCES  TYPE        GRAVITON    ZONES  NOW $/H  GRAVITON $/H  CHANGE  ARM64 IMAGE
        billing                       1          c5.9xlarge  -           -      -        -             -       unknown
        checkout                      2          m5.large    m6g.large   ok     0.0960   0.0770        -19.8%  yes ami-0a1b2c3d4e5f60aab
        checkout                      0          m5a.large   m6g.large   ok     -        -             -       unknown
        instance/i-0a1b2c3d4e5f60014  1          t3.medium   -           -      -        -             -       no
        reports                       1          r5.xlarge   r6g.xlarge  no     0.2520   0.2016        -20.0%  none-found

        Why:
          billing c5.9xlarge: no candidate (generation 5 -> Graviton generation 6: c6g has no 9xlarge size)
                              image ami-0a1b2c3d4e5f60bbb: the name "billing-worker-2026-11-20" names no architecture, so no arm64 build can be looked up by name; ask the image's owner
          checkout m5.large: m6g.large by generation 5 -> Graviton generation 6; offered in every zone in use (2)
                             image ami-0a1b2c3d4e5f60aaa: ami-0a1b2c3d4e5f60aab (al2023-ami-2023.6.20241111.0-kernel-6.1-arm64)
          checkout m5a.large: m6g.large by generation 5 -> Graviton generation 6; offered in every zone in use (2); no running instance, so no platform to price
                              image -: no running instance: the launch template's image is not read
          instance/i-0a1b2c3d4e5f60014 t3.medium: no candidate (Windows has no arm64 build on EC2)
                                                  image ami-0a1b2c3d4e5f60ccc: Windows does not run on Graviton (arm64 instances run Linux)
          reports r5.xlarge: r6g.xlarge by generation 5 -> Graviton generation 6; not offered in us-east-1f
                             image ami-0a1b2c3d4e5f60eee: owner 111122223333 has no arm64 image named reports-app-arm64-2026.11.02 or reports-app-aarch64-2026.11.02
        Auto Scaling groups with no instance and no instance type override (their launch template's type is not read): batch-asg

        Porting Advisor for Graviton (github.com/aws/porting-advisor-for-graviton; Python 3.10 or later: in a clone of it, pip install -r requirements.txt, then), one command per application:
          git clone --depth 1 https://git.example.com/shop/checkout.git checkout-src && python3 src/porting-advisor.py checkout-src --output checkout-graviton-report.html
          python3 src/porting-advisor.py /srv/src/reports --output reports-graviton-report.html
        """;

  @Test
  void mapsTheFleetAndPrintsOneCommandPerApplication() {
    Run r = run("--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals(PROGRESS, r.err());
    assertEquals(TEXT, r.out());
  }

  @Test
  void printsJson() {
    Run r = run("--region", "us-east-1", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        {
          "region" : "us-east-1",
          "running_instances" : 6,
          "running_on_arm64" : 1,
          "candidates" : [ {
            "application" : "billing",
            "instances" : 1,
            "instance_type" : "c5.9xlarge",
            "platform" : "Linux/UNIX",
            "zones" : [ "us-east-1a" ],
            "graviton" : null,
            "rule" : "generation 5 -> Graviton generation 6: c6g has no 9xlarge size",
            "graviton_zones" : null,
            "on_demand_per_hour" : null,
            "graviton_on_demand_per_hour" : null,
            "change" : null,
            "price_note" : "no candidate",
            "image_id" : "ami-0a1b2c3d4e5f60bbb",
            "repository" : null,
            "image" : {
              "arm64_build" : "unknown",
              "detail" : "the name \\\"billing-worker-2026-11-20\\\" names no architecture, so no arm64 build can be looked up by name; ask the image's owner",
              "arm64_image_id" : null
            }
          }, {
            "application" : "checkout",
            "instances" : 2,
            "instance_type" : "m5.large",
            "platform" : "Linux/UNIX",
            "zones" : [ "us-east-1a", "us-east-1b" ],
            "graviton" : "m6g.large",
            "rule" : "generation 5 -> Graviton generation 6",
            "graviton_zones" : "offered in every zone in use (2)",
            "on_demand_per_hour" : "0.096",
            "graviton_on_demand_per_hour" : "0.077",
            "change" : "-19.8%",
            "price_note" : null,
            "image_id" : "ami-0a1b2c3d4e5f60aaa",
            "repository" : "https://git.example.com/shop/checkout.git",
            "image" : {
              "arm64_build" : "yes",
              "detail" : "ami-0a1b2c3d4e5f60aab (al2023-ami-2023.6.20241111.0-kernel-6.1-arm64)",
              "arm64_image_id" : "ami-0a1b2c3d4e5f60aab"
            }
          }, {
            "application" : "checkout",
            "instances" : 0,
            "instance_type" : "m5a.large",
            "platform" : null,
            "zones" : [ "us-east-1a", "us-east-1b" ],
            "graviton" : "m6g.large",
            "rule" : "generation 5 -> Graviton generation 6",
            "graviton_zones" : "offered in every zone in use (2)",
            "on_demand_per_hour" : null,
            "graviton_on_demand_per_hour" : null,
            "change" : null,
            "price_note" : "no running instance, so no platform to price",
            "image_id" : null,
            "repository" : null,
            "image" : {
              "arm64_build" : "unknown",
              "detail" : "no running instance: the launch template's image is not read",
              "arm64_image_id" : null
            }
          }, {
            "application" : "instance/i-0a1b2c3d4e5f60014",
            "instances" : 1,
            "instance_type" : "t3.medium",
            "platform" : "Windows",
            "zones" : [ "us-east-1c" ],
            "graviton" : null,
            "rule" : "Windows has no arm64 build on EC2",
            "graviton_zones" : null,
            "on_demand_per_hour" : null,
            "graviton_on_demand_per_hour" : null,
            "change" : null,
            "price_note" : "no candidate",
            "image_id" : "ami-0a1b2c3d4e5f60ccc",
            "repository" : null,
            "image" : {
              "arm64_build" : "no",
              "detail" : "Windows does not run on Graviton (arm64 instances run Linux)",
              "arm64_image_id" : null
            }
          }, {
            "application" : "reports",
            "instances" : 1,
            "instance_type" : "r5.xlarge",
            "platform" : "Linux/UNIX",
            "zones" : [ "us-east-1f" ],
            "graviton" : "r6g.xlarge",
            "rule" : "generation 5 -> Graviton generation 6",
            "graviton_zones" : "not offered in us-east-1f",
            "on_demand_per_hour" : "0.252",
            "graviton_on_demand_per_hour" : "0.2016",
            "change" : "-20.0%",
            "price_note" : null,
            "image_id" : "ami-0a1b2c3d4e5f60eee",
            "repository" : "/srv/src/reports",
            "image" : {
              "arm64_build" : "none-found",
              "detail" : "owner 111122223333 has no arm64 image named reports-app-arm64-2026.11.02 or reports-app-aarch64-2026.11.02",
              "arm64_image_id" : null
            }
          } ],
          "porting_advisor" : [ {
            "application" : "checkout",
            "repository" : "https://git.example.com/shop/checkout.git",
            "command" : "git clone --depth 1 https://git.example.com/shop/checkout.git checkout-src && python3 src/porting-advisor.py checkout-src --output checkout-graviton-report.html"
          }, {
            "application" : "reports",
            "repository" : "/srv/src/reports",
            "command" : "python3 src/porting-advisor.py /srv/src/reports --output reports-graviton-report.html"
          } ],
          "groups_without_known_types" : [ "batch-asg" ]
        }
        """, r.out());
  }

  @Test
  void readsEveryPageAndAsksOnlyForTheTypesInUse() {
    assertEquals(0, run("--region", "us-east-1").exit());
    assertEquals(2, aws.count(queried("DescribeInstances")));
    assertEquals(2, aws.count(queried("DescribeInstanceTypeOfferings")));
    var first = AwsMock.form(aws.requests(queried("DescribeInstances")).get(0));
    assertEquals(List.of("instance-state-name", "running", "1000"),
        List.of(first.get("Filter.1.Name"), first.get("Filter.1.Value.1"), first.get("MaxResults")));
    var types = AwsMock.form(aws.requests(queried("DescribeInstanceTypes")).get(0));
    assertEquals(List.of("c5.9xlarge", "m5.large", "m5a.large", "m6g.large", "r5.xlarge", "t3.medium"),
        List.of(types.get("InstanceType.1"), types.get("InstanceType.2"), types.get("InstanceType.3"), types.get("InstanceType.4"),
            types.get("InstanceType.5"), types.get("InstanceType.6")));
    var offerings = AwsMock.form(aws.requests(queried("DescribeInstanceTypeOfferings")).get(0));
    assertEquals("availability-zone", offerings.get("LocationType"));
    assertEquals("r6g.xlarge", offerings.get("Filter.1.Value.6"));
    var images = AwsMock.form(aws.requests(queried("DescribeImages")).get(0));
    assertEquals(List.of("image-id", "ami-0a1b2c3d4e5f60aaa", "ami-0a1b2c3d4e5f60eee"),
        List.of(images.get("Filter.1.Name"), images.get("Filter.1.Value.1"), images.get("Filter.1.Value.4")));
    assertEquals("true", images.get("IncludeDeprecated"), "instances keep running on deprecated images");
  }

  @Test
  void aTagNarrowsInstancesAndGroups() {
    assertEquals(0, run("--region", "us-east-1", "--tag", "Team=payments").exit());
    var instances = AwsMock.form(aws.requests(queried("DescribeInstances")).get(0));
    assertEquals(List.of("tag:Team", "payments"), List.of(instances.get("Filter.2.Name"), instances.get("Filter.2.Value.1")));
    var groups = AwsMock.form(aws.requests(queried("DescribeAutoScalingGroups")).get(0));
    assertEquals(List.of("tag:Team", "payments", "100"),
        List.of(groups.get("Filters.member.1.Name"), groups.get("Filters.member.1.Values.member.1"), groups.get("MaxRecords")));
  }

  @Test
  void throttlingIsRetriedAndThenSucceeds() {
    aws.stub(query("DescribeInstanceTypeOfferings").inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).willSetStateTo("ok").atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(0, r.exit(), r.err());
    assertEquals(TEXT, r.out());
    assertEquals(1 + 2, aws.count(queried("DescribeInstanceTypeOfferings")));
  }

  @Test
  void throttlingThatDoesNotStopExits1() {
    aws.stub(query("DescribeImages").willReturn(xml(503, body("ec2/request-limit-exceeded.xml"))).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().endsWith("error: ec2:DescribeImages failed (RequestLimitExceeded: Request limit exceeded.)\n"),
        r.err());
  }

  @Test
  void accessDeniedNamesTheActionAndExits1() {
    aws.stub(query("DescribeAutoScalingGroups").willReturn(AwsMock.queryError(403, "AccessDenied", "User:"
        + " arn:aws:sts::111122223333:assumed-role/Planner/s is not authorized to perform: autoscaling:DescribeAutoScalingGroups"))
        .atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: autoscaling:DescribeAutoScalingGroups was denied (AccessDenied: User:"
        + " arn:aws:sts::111122223333:assumed-role/Planner/s is not authorized to perform: autoscaling:DescribeAutoScalingGroups);"
        + " grant autoscaling:DescribeAutoScalingGroups to the caller\n"), r.err());
  }

  @Test
  void rejectedCredentialsExit3() {
    aws.stub(query("DescribeInstances").willReturn(ec2Error(401, "AuthFailure", "AWS was not able to validate the provided"
        + " access credentials")).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(3, r.exit());
    assertTrue(r.err().endsWith("error: AWS rejected the credentials on ec2:DescribeInstances (AuthFailure: AWS was not able"
        + " to validate the provided access credentials); refresh them (for example `aws sso login`, or new temporary keys)"
        + " and run graviton-candidates again\n"), r.err());
  }

  @Test
  void missingCredentialsExit3BeforeAnyCall() {
    Run r = runWith(c -> io.fleetkit.discovery.AwsClients.forEndpoint(aws.endpoint(), "us-east-1", () -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create(
          "Unable to load credentials from any of the providers in the chain");
    }));
    assertEquals(3, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: no usable AWS credentials (none in the default chain: "), r.err());
    assertTrue(r.err().endsWith("and run graviton-candidates again\n"), r.err());
    assertEquals(0, aws.count(queried("DescribeInstances")), "no call without credentials");
  }

  @Test
  void aRepeatedPageTokenStopsInsteadOfLooping() {
    aws.stub(query("DescribeInstances").willReturn(xml(200, body("ec2-graviton/instances-page1.xml"))).atPriority(1));
    Run r = run("--region", "us-east-1");
    assertEquals(1, r.exit());
    assertTrue(r.err().endsWith("error: ec2:DescribeInstances returned the page token \"Z3Jhdml0b24taW5zdGFuY2VzLTI=\" twice (page 2);"
        + " stopping instead of looping (a service fault; retry later)\n"), r.err());
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Run tag = run("--region", "us-east-1", "--tag", "=x");
    assertEquals(2, tag.exit());
    assertEquals("error: --tag \"=x\" is not KEY=VALUE (expected a tag key, =, and its value)\n", tag.err());
    Run region = run("--region", "mars-north-1");
    assertEquals(2, region.exit());
    assertEquals("Invalid value for option '--region': \"mars-north-1\" is not an AWS Region (did you mean \"cn-north-1\"? expected a Region that AWS"
        + " SDK for Java 2.40.2 lists, such as us-east-1)", region.err().lines().findFirst().orElseThrow());
    Run pricing = run("--region", "us-east-1", "--pricing-region", "us-west-2");
    assertEquals(2, pricing.exit());
    assertEquals("Invalid value for option '--pricing-region': \"us-west-2\" has no Price List API endpoint (expected one"
        + " of: us-east-1, eu-central-1, ap-south-1)", pricing.err().lines().findFirst().orElseThrow());
    Run chain = runWith(c -> aws.clients("us-east-9"));
    assertEquals(2, chain.exit());
    assertEquals("error: \"us-east-9\" is not an AWS Region (did you mean \"us-east-1\"? expected a Region that AWS SDK for"
        + " Java 2.40.2 lists, such as us-east-1)\n", chain.err());
    Run partition = run("--region", "cn-north-1");
    assertEquals(2, partition.exit());
    assertEquals("error: cn-north-1 is in partition aws-cn, the Price List endpoint us-east-1 in aws (expected a Region of the"
        + " endpoint's partition: one set of credentials calls both)\n", partition.err());
    assertEquals(0, aws.count(queried("DescribeInstances")), "checked before any AWS call");
  }

  /** No Region from --region, AWS_REGION or the profile is a config error, exit 4, before any call (the SDK's words). */
  @Test
  void noRegionAnywhereIsAConfigError() {
    Run r = runWith(c -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load region from any of the"
          + " providers in the chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain");
    });
    assertEquals(4, r.exit());
    assertEquals("", r.out());
    assertEquals("error: no AWS Region (pass --region, or set AWS_REGION or a region in the profile)\n", r.err());
    assertEquals(0, aws.count(queried("DescribeInstances")), "no call without a Region");
  }

  @Test
  void portingAdvisorCommandsQuoteTagValues() {
    assertEquals("python3 src/porting-advisor.py '/srv/my app' --output a-b-graviton-report.html",
        GravitonCandidates.portingAdvisor("a b", "/srv/my app"));
    assertEquals("python3 src/porting-advisor.py '/srv/it'\\''s' --output x-graviton-report.html",
        GravitonCandidates.portingAdvisor("x", "/srv/it's"));
  }

  /** The README shows these runs as they are: progress (stderr) first, then the tables. */
  @Test
  void theReadmeShowsTheseRuns() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Run text = run("--region", "us-east-1");
    assertTrue(readme.contains("$ bin/fleetkit graviton-candidates --region us-east-1\n" + text.err() + text.out() + "```"),
        "README.md lacks the graviton-candidates run");
  }
}
