package io.fleetkit.functions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * WireMock on 127.0.0.1 standing in for EC2 and CloudWatch, both in the query protocol that SDK 2.40.2
 * speaks to them (form POST with Action=, XML answers). Answers live in
 * functions/src/test/resources/aws/&lt;service&gt;/.
 */
public final class AwsWire implements AutoCloseable {
  public final WireMockServer server;

  public AwsWire() {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * What a Lambda execution environment provides, pointed at this server: the Region and the
   * test-only endpoint (credentials come from system properties, see {@link #setFakeCredentials}).
   */
  public Map<String, String> environment(Map<String, String> more) {
    Map<String, String> env = new TreeMap<>(more);
    env.put("AWS_REGION", "us-east-1");
    env.put(FunctionClients.TEST_ENDPOINT_VARIABLE, endpoint().toString());
    return env;
  }

  @Override
  public void close() {
    server.stop();
  }

  /**
   * AWS's documented example keys as the SDK's system-property credentials, which the default chain
   * reads first, in every class loader of this JVM: not a credential, only something to sign with.
   */
  public static void setFakeCredentials() {
    System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  public static void clearFakeCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  public static MappingBuilder query(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  public static RequestPatternBuilder queried(String action) {
    return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  public List<String> bodies(String action) {
    return server.findAll(queried(action)).stream().map(r -> r.getBodyAsString()).toList();
  }

  public static ResponseDefinitionBuilder xml(int status, String text) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withHeader("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef").withBody(text);
  }

  public static ResponseDefinitionBuilder xmlFile(int status, String resource) {
    return xml(status, body(resource));
  }

  public static String body(String resource) {
    try {
      return Files.readString(Path.of("functions/src/test/resources/aws", resource), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An EC2 error answer (EC2 API Reference, "Error codes": Response/Errors/Error, RequestID). */
  public static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
    return xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
        + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>"
        + "5b8e3c2a-1f0d-4a47-9d2e-0c8b7a6f5e41</RequestID></Response>");
  }
}
