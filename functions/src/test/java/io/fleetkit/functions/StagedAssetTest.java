package io.fleetkit.functions;

import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xmlFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.functions.spotscores.SpotScoresHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The staged directory (functions/target/lambda) is the whole deployment package: the handler runs
 * from it alone, it holds nothing but compiled classes and dependency jars, and it stays small.
 */
class StagedAssetTest {
  static final Path STAGE = Path.of("functions/target/lambda");
  static final Path CLASSES = Path.of("functions/target/classes");

  /**
   * Lambda's Java runtime loads the task root, then every lib/*.jar in lexical order, in a class loader
   * of its own (aws-lambda-java-runtime-interface-client, CustomerClassLoader). This one does the same,
   * with the platform class loader as parent: nothing from this test's class path can help.
   */
  static URLClassLoader lambdaClassLoader() throws IOException {
    List<URL> urls = new ArrayList<>();
    urls.add(STAGE.toUri().toURL());
    try (Stream<Path> jars = Files.list(STAGE.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(jar.toUri().toURL());
    }
    return new URLClassLoader("lambda-task", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void theHandlerRunsFromTheStagedDirectoryAlone() throws Exception {
    AwsWire.setFakeCredentials();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (AwsWire wire = new AwsWire(); URLClassLoader loader = lambdaClassLoader()) {
      wire.server.stubFor(query("GetSpotPlacementScores").willReturn(xmlFile(200, "ec2/spot-scores-page2.xml")));
      wire.server.stubFor(query("PutMetricData").willReturn(xmlFile(200, "cloudwatch/put-metric-data.xml")));
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.junit.jupiter.api.Test"));
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.github.tomakehurst.wiremock.WireMockServer"));
      Class<?> handlerClass = loader.loadClass(SpotScoresHandler.class.getName());
      assertEquals(loader, handlerClass.getClassLoader());
      assertEquals(STAGE.toUri().toURL(), handlerClass.getProtectionDomain().getCodeSource().getLocation());

      Map<String, String> env = wire.environment(Map.of(SpotScoresHandler.CONFIG_VARIABLE,
          "{\"namespace\":\"Fleetkit/SpotPlacementScores\",\"configurations\":[{\"name\":\"web\",\"instance_types\":"
              + "[\"m5.large\",\"m5a.large\",\"m6i.large\"],\"regions\":[\"us-west-2\"],\"target_capacities\":[10]}]}"));
      Thread.currentThread().setContextClassLoader(loader);
      Object handler = handlerClass.getConstructor(Map.class, Clock.class)
          .newInstance(env, Clock.fixed(Instant.parse("2026-03-01T12:00:00.250Z"), ZoneOffset.UTC));
      List<String> logged = new ArrayList<>();
      Object context = context(loader, logged);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class, loader.loadClass(
          "com.amazonaws.services.lambda.runtime.Context")).invoke(handler, new ByteArrayInputStream(
              "{\"source\":\"aws.scheduler\",\"detail\":{}}".getBytes(StandardCharsets.UTF_8)), out, context);

      assertEquals("{\"queries\":1,\"outcomes\":{\"Scored\":1,\"Refused\":0,\"RegionNotEnabled\":0,\"Error\":0},"
          + "\"datapoints\":2,\"requests\":1}", out.toString(StandardCharsets.UTF_8));
      assertEquals(List.of("GetSpotPlacementScores web capacity=10 units regional us-west-2: us-west-2=3",
          "PutMetricData: 2 datapoints in 1 requests to Fleetkit/SpotPlacementScores",
          "summary: " + out.toString(StandardCharsets.UTF_8)), logged);
      String body = wire.bodies("PutMetricData").get(0);
      assertTrue(body.startsWith("Action=PutMetricData&Version=2010-08-01&Namespace=Fleetkit%2FSpotPlacementScores"
          + "&MetricData.member.1.MetricName=Outcome"), body);
      assertTrue(body.contains("&MetricData.member.2.Timestamp=2026-03-01T12%3A00%3A00Z&MetricData.member.2.Value=3.0"
          + "&MetricData.member.2.Unit=None"), body);
      // The URL-connection client is the only HTTP client in the asset, and it carried both calls.
      assertTrue(wire.server.getAllServeEvents().stream().allMatch(e -> e.getRequest().getHeader("User-Agent")
          .contains("md/http#UrlConnection")));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      AwsWire.clearFakeCredentials();
    }
  }

  @Test
  void anUnusableConfigurationFailsTheFunctionWithItsProblems() throws Exception {
    try (URLClassLoader loader = lambdaClassLoader()) {
      Class<?> handlerClass = loader.loadClass(SpotScoresHandler.class.getName());
      var e = assertThrows(InvocationTargetException.class, () -> handlerClass.getConstructor(Map.class, Clock.class)
          .newInstance(Map.of("AWS_REGION", "us-east-1", SpotScoresHandler.CONFIG_VARIABLE, "{\"namespace\":\"N\"}"),
              Clock.systemUTC()));
      assertEquals("invalid Spot placement score configuration:\n  configurations: missing", e.getCause().getMessage());
      var missing = assertThrows(InvocationTargetException.class, () -> handlerClass.getConstructor(Map.class, Clock.class)
          .newInstance(Map.of("AWS_REGION", "us-east-1"), Clock.systemUTC()));
      assertEquals("FLEETKIT_SPOT_SCORES_CONFIG is not set (the stack writes the collector's configuration there)",
          missing.getCause().getMessage());
    }
  }

  /** A Lambda Context of the loader's own interface whose logger collects lines. */
  static Object context(ClassLoader loader, List<String> logged) throws ClassNotFoundException {
    Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
    Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (p, m, args) -> {
      if (m.getName().equals("log") && args != null && args[0] instanceof String s) logged.add(s);
      return null;
    });
    Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
    return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (p, m, args) -> switch (m.getName()) {
      case "getLogger" -> logger;
      case "getAwsRequestId" -> "3c0f2b8e-0d7a-4c1e-9b6f-5a4d3c2b1a09";
      case "getRemainingTimeInMillis" -> 60_000;
      default -> null;
    });
  }

  /** Lambda's quota is 250 MB unzipped for the function and its layers (Lambda quotas). */
  static final long BUDGET_BYTES = 50L * 1024 * 1024;

  /**
   * 50 MiB: the SDK's ec2 module alone is 24 MB and the whole asset about 31 MB today. The budget leaves
   * room for two or three more SDK service modules and fails when something heavy slips in (the CDK
   * and jsii runtime add over 100 MB; Netty adds about 5 MB and is caught by name below).
   */
  @Test
  void theAssetStaysWithinItsSizeBudget() throws IOException {
    long bytes;
    try (Stream<Path> files = Files.walk(STAGE)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(bytes > 20L * 1024 * 1024, "the staged asset is only " + bytes + " bytes: is lib/ empty?");
    assertTrue(bytes <= BUDGET_BYTES, "the staged asset is " + bytes + " bytes, over its budget of " + BUDGET_BYTES);
  }

  @Test
  void libHoldsNoOtherHttpClientAndNothingOfTheApp() throws IOException {
    List<String> jars;
    try (Stream<Path> files = Files.list(STAGE.resolve("lib"))) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (String banned : List.of("apache-client", "httpclient", "httpcore", "netty", "aws-crt", "aws-cdk-lib", "jsii",
        "constructs", "cdknag", "picocli", "snakeyaml", "wiremock", "junit")) {
      assertTrue(jars.stream().noneMatch(j -> j.startsWith(banned)), banned + " in " + jars);
    }
    assertTrue(jars.contains("url-connection-client-2.40.2.jar"), jars.toString());
    assertTrue(jars.contains("aws-lambda-java-core-1.4.0.jar"), jars.toString());
    assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), jars.toString());
  }

  /**
   * Outside lib/ the stage is exactly target/classes, byte for byte: no generated file (a properties file
   * with a build time, say) that would give every build a new asset hash.
   */
  @Test
  void outsideLibTheStageIsTheCompiledClasses() throws IOException {
    Map<String, byte[]> staged = files(STAGE, true);
    Map<String, byte[]> compiled = files(CLASSES, false);
    assertEquals(compiled.keySet(), staged.keySet());
    compiled.forEach((path, bytes) -> assertArrayEquals(bytes, staged.get(path), path));
    // Anything but a class must be a resource kept in the repository, byte for byte.
    Path resources = Path.of("functions/src/main/resources");
    for (String path : staged.keySet()) {
      if (path.endsWith(".class")) continue;
      assertTrue(Files.isRegularFile(resources.resolve(path)), path + " is neither a class nor a resource in " + resources);
      assertArrayEquals(Files.readAllBytes(resources.resolve(path)), staged.get(path), path);
    }
  }

  static Map<String, byte[]> files(Path root, boolean skipLib) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        if (skipLib && rel.startsWith("lib/")) continue;
        out.put(rel, Files.readAllBytes(p));
      }
    }
    return out;
  }
}
