package io.fleetkit.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fleetkit.discovery.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * WireMock on 127.0.0.1 standing in for every AWS endpoint, as a JUnit 5 extension:
 *
 * <pre>
 * &#64;RegisterExtension static final AwsMock aws = new AwsMock("ec2");   // fixtures of aws/ec2/ for every test
 * ...
 * aws.stub(query("DescribeInstances").willReturn(xmlFile("ec2/describe-instances-page1.xml")));
 * var found = new Ec2Discoverer(aws.client(Ec2Client.builder()), calls).describeInstances(ids);
 * </pre>
 *
 * <p>Fixtures are WireMock mapping files in each service's wire format: {@code
 * app/src/test/resources/aws/<service>/mappings/*.json} (one mapping, or {@code {"mappings": [...]}}), with
 * {@code bodyFileName} read from {@code aws/<service>/__files/}. The server starts before the class's
 * {@code @BeforeAll} (register it on a static field; an instance field gets a server per test). Before each
 * test every stub, request and scenario is forgotten and the fixtures of the services named in the
 * constructor are loaded again, so stub in the test or in {@code @BeforeEach}. Clients from {@link #client}
 * sign with AWS's documented example keys and are closed with the server.
 *
 * <p>Wire protocols: query ({@link #query}: form POST with {@code Action=}, XML answers; EC2, IAM, STS,
 * CloudFormation, ELBv2, Auto Scaling, CloudWatch), JSON 1.0 and 1.1 ({@link #target}: POST with
 * {@code X-Amz-Target}; SSM, Organizations, Service Quotas, Price List, Tagging) and REST-JSON (WireMock's own
 * {@code get(urlPathEqualTo(...))} with {@link #restJson}; Outposts, Savings Plans).
 */
public final class AwsMock implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    AutoCloseable {
  /** AWS's documented example keys: not a credential, only something to sign requests to loopback with. */
  public static final StaticCredentialsProvider FAKE_CREDENTIALS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  public static final String REGION = "us-east-1";
  public static final Path ROOT = Path.of("app/src/test/resources/aws");
  private static final String REQUEST_ID = "01234567-89ab-cdef-0123-456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> services;
  private final List<Extension> extensions = new ArrayList<>();
  private final List<SdkAutoCloseable> clients = new ArrayList<>();
  private WireMockServer server;
  private boolean perTest;

  /** A mock that loads the fixtures of {@code services} (folders under aws/) before each test. */
  public AwsMock(String... services) {
    this.services = List.of(services);
  }

  /** WireMock extensions (such as a response transformer) for the server; before it starts. */
  public AwsMock extensions(Extension... more) {
    if (server != null) throw new IllegalStateException("extensions must be added before the server starts");
    extensions.addAll(List.of(more));
    return this;
  }

  /** Starts the server outside JUnit (a benchmark's main); JUnit starts it on its own. */
  public AwsMock start() {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
        .extensions(extensions.toArray(Extension[]::new)));
    server.start();
    reset();
    return this;
  }

  @Override
  public void close() {
    clients.forEach(SdkAutoCloseable::close);
    clients.clear();
    if (server != null) server.stop();
    server = null;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      perTest = true;
      start();
    } else {
      reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) close();
  }

  /** Forgets every stub, request and scenario, then loads the constructor's fixtures again. */
  public void reset() {
    server().resetAll();
    services.forEach(this::load);
  }

  /** Adds the fixtures of one service: every mapping under aws/&lt;service&gt;/mappings, bodies from __files. */
  public void load(String service) {
    Path dir = ROOT.resolve(service).resolve("mappings");
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no fixtures: " + dir + " is not a folder");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode mapping : root.has("mappings") ? root.get("mappings") : List.of(root)) {
          JsonNode response = mapping.get("response");
          if (response != null && response.has("bodyFileName")) {
            String name = response.get("bodyFileName").asText();
            ((ObjectNode) response).put("body", body(service + "/" + name)).remove("bodyFileName");
          }
          server().addStubMapping(StubMapping.buildFrom(JSON.writeValueAsString(mapping)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading fixtures under " + dir, e);
    }
  }

  public WireMockServer server() {
    if (server == null) throw new IllegalStateException("the AWS mock is not running (register it with @RegisterExtension)");
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server().port());
  }

  /** SDK clients for {@link #REGION} pointed at this server with the fake credentials. */
  public AwsClients clients() {
    return clients(REGION);
  }

  public AwsClients clients(String region) {
    return AwsClients.forEndpoint(endpoint(), region, FAKE_CREDENTIALS);
  }

  /** One SDK client, such as {@code aws.client(Ec2Client.builder())}; closed with the server. */
  public <B extends AwsClientBuilder<B, C>, C extends SdkAutoCloseable> C client(B builder) {
    C client = clients().build(builder);
    clients.add(client);
    return client;
  }

  /** One line per fixture: {@code aws.stub(query("X").willReturn(xmlFile("svc/x.xml")))}. */
  public StubMapping stub(MappingBuilder mapping) {
    return server().stubFor(mapping);
  }

  public List<LoggedRequest> requests(RequestPatternBuilder pattern) {
    return server().findAll(pattern);
  }

  public int count(RequestPatternBuilder pattern) {
    return requests(pattern).size();
  }

  /** Fails unless exactly {@code count} requests matched. */
  public void verify(int count, RequestPatternBuilder pattern) {
    server().verify(count, pattern);
  }

  /** Fails unless at least one request matched. */
  public void verify(RequestPatternBuilder pattern) {
    server().verify(pattern);
  }

  /** A query-protocol request for {@code action} (EC2, IAM, STS, CloudFormation, ELBv2, Auto Scaling, CloudWatch). */
  public static MappingBuilder query(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  public static RequestPatternBuilder queried(String action) {
    return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  /** A JSON 1.0 or 1.1 request, named by its X-Amz-Target, such as "AmazonSSM.DescribeParameters". */
  public static MappingBuilder target(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  public static RequestPatternBuilder targeted(String target) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  /** The form fields of a query-protocol request, decoded, in the order sent. */
  public static Map<String, String> form(LoggedRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The text of a body file: {@code body("ec2/x.xml")} reads aws/ec2/__files/x.xml. */
  public static String body(String resource) {
    int slash = resource.indexOf('/');
    Path file = ROOT.resolve(resource.substring(0, slash)).resolve("__files").resolve(resource.substring(slash + 1));
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A query-protocol answer. */
  public static ResponseDefinitionBuilder xml(int status, String text) {
    return response(status, "text/xml;charset=UTF-8", text);
  }

  public static ResponseDefinitionBuilder xmlFile(String resource) {
    return xml(200, body(resource));
  }

  /** A query-protocol error in the EC2 shape (Response/Errors/Error). */
  public static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
    return xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
        + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>" + REQUEST_ID + "</RequestID></Response>");
  }

  /** A query-protocol error in the shape of the other query services (ErrorResponse/Error). */
  public static ResponseDefinitionBuilder queryError(int status, String code, String message) {
    return xml(status, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>" + REQUEST_ID + "</RequestId></ErrorResponse>");
  }

  public static ResponseDefinitionBuilder json10(int status, String text) {
    return response(status, "application/x-amz-json-1.0", text);
  }

  public static ResponseDefinitionBuilder json11(int status, String text) {
    return response(status, "application/x-amz-json-1.1", text);
  }

  /** A JSON 1.0/1.1 error: {@code __type} names the error code. */
  public static ResponseDefinitionBuilder jsonError(String version, int status, String type, String message) {
    return response(status, "application/x-amz-json-" + version,
        "{\"__type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }

  public static ResponseDefinitionBuilder restJson(int status, String text) {
    return response(status, "application/json", text);
  }

  private static ResponseDefinitionBuilder response(int status, String contentType, String text) {
    return aResponse().withStatus(status).withHeader("Content-Type", contentType)
        .withHeader("x-amzn-RequestId", REQUEST_ID).withBody(text);
  }
}
