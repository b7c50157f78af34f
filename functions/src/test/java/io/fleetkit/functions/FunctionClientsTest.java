package io.fleetkit.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test-only endpoint reaches loopback and nothing else; a missing Region is named. */
class FunctionClientsTest {
  @Test
  void noTestEndpointMeansTheRealOne() {
    assertEquals(Optional.empty(), FunctionClients.testEndpoint(null));
    assertEquals(Optional.empty(), FunctionClients.testEndpoint(""));
  }

  @Test
  void loopbackIsAccepted() {
    assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), FunctionClients.testEndpoint("http://127.0.0.1:8080"));
    assertEquals(Optional.of(URI.create("http://[::1]:8080")), FunctionClients.testEndpoint("http://[::1]:8080"));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {"https://ec2.us-east-1.amazonaws.com", "http://127.0.0.2:80", "http://localhost:80",
        "http://127.0.0.1", "http://127.0.0.1.evil.example:80", "not a url", "http://10.0.0.1:4566"}) {
      var e = assertThrows(IllegalStateException.class, () -> FunctionClients.testEndpoint(bad), bad);
      assertEquals("FLEETKIT_TEST_ENDPOINT=" + bad + " is not a loopback URL (expected http://127.0.0.1:<port>); it"
          + " exists for tests only and no stack sets it", e.getMessage());
    }
  }

  @Test
  void theRegionIsRequired() {
    var e = assertThrows(IllegalStateException.class, () -> FunctionClients.fromEnvironment(Map.of()));
    assertEquals("AWS_REGION is not set (Lambda sets it to the function's Region)", e.getMessage());
  }
}
