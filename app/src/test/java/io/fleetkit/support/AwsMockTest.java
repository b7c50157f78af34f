package io.fleetkit.support;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.fleetkit.support.AwsMock.ec2Error;
import static io.fleetkit.support.AwsMock.jsonError;
import static io.fleetkit.support.AwsMock.queried;
import static io.fleetkit.support.AwsMock.query;
import static io.fleetkit.support.AwsMock.queryError;
import static io.fleetkit.support.AwsMock.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The shared AWS mock: loopback only, fake keys, fixtures reloaded and everything else forgotten per test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsMockTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("sts");

  @Test
  @Order(1)
  void bindsLoopbackOnlyAndSignsWithTheExampleKeys() {
    assertEquals("127.0.0.1", aws.server().getOptions().bindAddress());
    assertEquals("127.0.0.1", aws.endpoint().getHost());

    String account = aws.client(StsClient.builder()).getCallerIdentity().account();

    assertEquals("111122223333", account);
    var request = aws.requests(queried("GetCallerIdentity")).get(0);
    assertTrue(request.getHeader("Authorization").contains("Credential=AKIAIOSFODNN7EXAMPLE/"),
        request.getHeader("Authorization"));
    assertEquals("GetCallerIdentity", AwsMock.form(request).get("Action"));
  }

  @Test
  @Order(2)
  void aStubOfOneTest() {
    aws.stub(query("GetCallerIdentity").willReturn(queryError(403, "ExpiredToken", "expired")).atPriority(1));
    assertEquals(2, aws.server().getStubMappings().size());
  }

  @Test
  @Order(3)
  void isForgottenByTheNextWhichSeesOnlyTheFixtures() {
    assertEquals(List.of("get-caller-identity"), aws.server().getStubMappings().stream().map(m -> m.getName()).toList());
    assertEquals(0, aws.count(anyRequestedFor(anyUrl())));
  }

  @Test
  void errorHelpersSpeakEachProtocol() {
    aws.stub(query("GetCallerIdentity").willReturn(queryError(403, "ExpiredToken", "The security token is expired"))
        .atPriority(1));
    aws.stub(query("DescribeRegions").willReturn(ec2Error(403, "UnauthorizedOperation", "not authorized")));
    aws.stub(target("ResourceGroupsTaggingAPI_20170126.GetResources")
        .willReturn(jsonError("1.1", 400, "InvalidParameterException", "bad \"filter\"")));

    var sts = assertThrows(AwsServiceException.class, () -> aws.client(StsClient.builder()).getCallerIdentity());
    var ec2 = assertThrows(AwsServiceException.class, () -> aws.client(Ec2Client.builder()).describeRegions());
    var tag = assertThrows(AwsServiceException.class,
        () -> aws.client(ResourceGroupsTaggingApiClient.builder()).getResources(r -> r.resourcesPerPage(1)));

    assertEquals(List.of("ExpiredToken: The security token is expired", "UnauthorizedOperation: not authorized",
            "InvalidParameterException: bad \"filter\""),
        List.of(sts, ec2, tag).stream()
            .map(e -> e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()).toList());
  }

  @Test
  void anUnknownFixtureFolderIsNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> aws.load("no-such-service"));
    assertEquals("no fixtures: app/src/test/resources/aws/no-such-service/mappings is not a folder", e.getMessage());
  }
}
