package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"cron(0 4 ? * MON *)", "cron(0 0 * * ? *)", "cron(15 10 ? * 6L 2026-2030)",
      "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 8 1,15 JAN,JUL ? *)", "cron(0 3 L * ? *)", "cron(0 3 ? * 2#1 *)",
      "cron(0 3 15W * ? *)"})
  void validSixFieldCrons(String expr) {
    Problems p = new Problems("t");
    assertTrue(Schedules.cron(p, "s", expr), expr);
    assertTrue(p.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 4 ? * MON *", "cron(0 4 * * MON)", "cron(60 4 ? * MON *)", "cron(0 4 ? 13 MON *)",
      "cron(0 4 ? * FUN *)", "cron(0 4 ? * MON 1900)", "cron(0 4 * * * *)", "cron(0/0 4 ? * MON *)", "cron(a b c d e f)"})
  void invalidCrons(String expr) {
    Problems p = new Problems("t");
    assertFalse(Schedules.cron(p, "s", expr), expr);
    assertFalse(p.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rate(30 minutes)", "rate(1 hour)", "rate(2 hours)", "rate(1 day)", "cron(0 2 ? * SUN *)"})
  void validAssociationSchedules(String expr) {
    assertTrue(Schedules.association(new Problems("t"), "s", expr), expr);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rate(29 minutes)", "rate(1 hours)", "rate(2 hour)", "rate(1 week)", "every hour"})
  void invalidAssociationSchedules(String expr) {
    assertFalse(Schedules.association(new Problems("t"), "s", expr), expr);
  }

  @org.junit.jupiter.api.Test
  void singularPluralMessage() {
    Problems p = new Problems("t");
    Schedules.association(p, "s", "rate(2 hour)");
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, p::throwIfAny);
    assertEquals(List.of("t:1:1: s: \"rate(2 hour)\" is not a schedule (expected rate(1 hour) or rate(2 hours))"), e.lines());
  }
}
