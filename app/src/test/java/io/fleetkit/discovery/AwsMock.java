package io.fleetkit.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * WireMock on 127.0.0.1 standing in for every AWS endpoint, with helpers for the three wire
 * protocols discovery meets: query (form POST with Action=, XML answers), JSON 1.1 (X-Amz-Target)
 * and REST-JSON (Outposts). Bodies live in src/test/resources/aws/&lt;service&gt;/.
 */
public final class AwsMock implements AutoCloseable {
  /** AWS's documented example keys: not a credential, only something to sign requests to loopback with. */
  public static final StaticCredentialsProvider FAKE_CREDENTIALS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  public static final String TAGGING_TARGET = "ResourceGroupsTaggingAPI_20170126.GetResources";

  public final WireMockServer server;

  public AwsMock(Extension... extensions) {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
        .extensions(extensions));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public AwsClients clients() {
    return AwsClients.forEndpoint(endpoint(), "us-east-1", FAKE_CREDENTIALS);
  }

  @Override
  public void close() {
    server.stop();
  }

  public void reset() {
    server.resetAll();
  }

  public static String body(String resource) {
    try {
      return Files.readString(Path.of("app/src/test/resources/aws", resource), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A query-protocol request (EC2, ELBv2, Auto Scaling, CloudWatch, STS) for {@code action}. */
  public static MappingBuilder query(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  public static RequestPatternBuilder queried(String action) {
    return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  /** A Tagging API GetResources request (JSON 1.1). */
  public static MappingBuilder getResources() {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TAGGING_TARGET));
  }

  public static RequestPatternBuilder gotResources() {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TAGGING_TARGET));
  }

  public static ResponseDefinitionBuilder xml(int status, String text) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withHeader("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef").withBody(text);
  }

  public static ResponseDefinitionBuilder xmlFile(String resource) {
    return xml(200, body(resource));
  }

  public static ResponseDefinitionBuilder amzJson(int status, String text) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef").withBody(text);
  }

  public static ResponseDefinitionBuilder restJson(int status, String text) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef").withBody(text);
  }

  public List<LoggedRequest> requests(RequestPatternBuilder pattern) {
    return server.findAll(pattern);
  }

  public int count(RequestPatternBuilder pattern) {
    return server.findAll(pattern).size();
  }
}
