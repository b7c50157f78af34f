package io.fleetkit.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.fleetkit.discovery.AwsClients;
import java.net.URI;
import io.fleetkit.discovery.AwsMock;

/** WireMock on 127.0.0.1 serving the wire-format mappings under src/test/resources/aws/<service>. */
public final class AwsMocks {
  private AwsMocks() {}

  public static WireMockServer start(String service) {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .usingFilesUnderDirectory("app/src/test/resources/aws/" + service));
    server.start();
    return server;
  }

  /** SDK clients pointed at the server, with the same fake credentials as {@link AwsMock}. */
  public static AwsClients clients(WireMockServer server, String region) {
    return AwsClients.forEndpoint(URI.create("http://127.0.0.1:" + server.port()), region, AwsMock.FAKE_CREDENTIALS);
  }
}
