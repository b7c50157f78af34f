package io.fleetkit.functions.restorepoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestorePointsHandlerTest {
  static boolean asked(String event) {
    return RestorePointsHandler.dryRunAsked(event.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onlyAnExplicitTrueAsksForADryRunAndAnythingUnreadableFails() {
    assertFalse(asked("{\"version\":\"0\",\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}"));
    assertTrue(asked("{\"dry_run\": true}"));
    assertFalse(asked("{\"dry_run\": false}"));
    assertEquals("dry_run is \"yes\" (expected true or false)",
        assertThrows(IllegalArgumentException.class, () -> asked("{\"dry_run\": \"yes\"}")).getMessage());
    assertEquals("the event is not a JSON object (expected a scheduled event, or {\"dry_run\": true})",
        assertThrows(IllegalArgumentException.class, () -> asked("not json")).getMessage());
  }

  @Test
  void aMissingConfigurationFailsAtStart() {
    assertEquals("FLEETKIT_RESTORE_POINTS_CONFIG is not set (the stack writes the janitor's configuration there)",
        assertThrows(IllegalStateException.class, () -> new RestorePointsHandler(Map.of("AWS_REGION", "us-east-1")))
            .getMessage());
  }
}
