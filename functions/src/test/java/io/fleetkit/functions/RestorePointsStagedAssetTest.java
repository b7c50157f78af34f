package io.fleetkit.functions;

import static io.fleetkit.functions.AwsWire.query;
import static io.fleetkit.functions.AwsWire.xmlFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.fleetkit.functions.restorepoints.RestorePointsHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restore point janitor runs from the staged directory alone (the class loader of {@link StagedAssetTest}:
 * the task root, then lib/*.jar, with the platform class loader as parent), against WireMock.
 */
class RestorePointsStagedAssetTest {
  @Test
  void theJanitorRunsFromTheStagedDirectoryAlone() throws Exception {
    AwsWire.setFakeCredentials();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (AwsWire wire = new AwsWire(); URLClassLoader loader = StagedAssetTest.lambdaClassLoader()) {
      wire.server.stubFor(query("DescribeSnapshots").withRequestBody(WireMock.notContaining("NextToken="))
          .willReturn(xmlFile(200, "ec2/describe-snapshots-restore-points-page1.xml")));
      wire.server.stubFor(query("DescribeSnapshots").withRequestBody(WireMock.containing("NextToken="))
          .willReturn(xmlFile(200, "ec2/describe-snapshots-restore-points-page2.xml")));
      wire.server.stubFor(query("DeleteSnapshot").willReturn(xmlFile(200, "ec2/delete-snapshot.xml")));
      Class<?> handlerClass = loader.loadClass(RestorePointsHandler.class.getName());
      assertEquals(loader, handlerClass.getClassLoader());
      Map<String, String> env = wire.environment(Map.of(RestorePointsHandler.CONFIG_VARIABLE,
          "{\"tag_key\":\"fleetkit:restore-point\",\"keep\":3,\"dry_run\":false,\"pinned\":[\"snap-0a1b2c3d4e5f6a000\"]}"));
      Thread.currentThread().setContextClassLoader(loader);
      Object handler = handlerClass.getConstructor(Map.class).newInstance(env);
      List<String> logged = new ArrayList<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class,
          loader.loadClass("com.amazonaws.services.lambda.runtime.Context")).invoke(handler, new ByteArrayInputStream(
              "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}".getBytes(StandardCharsets.UTF_8)),
          out, StagedAssetTest.context(loader, logged));

      assertEquals("{\"dry_run\":false,\"listed\":12,\"instances\":2,\"kept\":6,\"deleted\":3,\"left_alone\":3,\"failed\":[],\"deferred\":[]}",
          out.toString(StandardCharsets.UTF_8));
      assertEquals(3, wire.bodies("DeleteSnapshot").size());
      assertEquals("restore points: 12 listed for 2 instances, 6 kept, 3 deleted, 3 left alone, 0 failed, 0 deferred"
          + " to the next run", logged.get(logged.size() - 1));
      assertTrue(wire.server.getAllServeEvents().stream().allMatch(e -> e.getRequest().getHeader("User-Agent")
          .contains("md/http#UrlConnection")));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      AwsWire.clearFakeCredentials();
    }
  }
}
