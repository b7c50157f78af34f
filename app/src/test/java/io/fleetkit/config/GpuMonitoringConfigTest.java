package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuMonitoringConfigTest {
  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", yaml)).lines();
  }

  @Test
  void absentSectionIsDisabledWithDefaults() {
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\n").gpuMonitoring();
    assertFalse(c.enabled());
    assertEquals(GpuMonitoringConfig.ALL_MEASUREMENTS, c.measurements());
    assertEquals("CWAgent", c.namespace());
  }

  @Test
  void defaultsApplyWhenEnabled() {
    var c = ConfigLoader.parse("test.yaml", "project: {prefix: fleetkit}\ngpu_monitoring: {enabled: true}\n").gpuMonitoring();
    assertEquals(60, c.intervalSeconds());
    assertEquals("rate(1 hour)", c.schedule());
    assertEquals(17, c.measurements().size());
  }

  @Test
  void unknownMeasurementSuggestsTheNearestOne() {
    assertEquals(List.of("test.yaml:5:5: gpu_monitoring.measurements[2]: \"utilisation_memory\" is not an nvidia_gpu"
        + " measurement of the CloudWatch agent (did you mean \"utilization_memory\"? expected one of: "
        + String.join(", ", GpuMonitoringConfig.ALL_MEASUREMENTS) + ")"), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          measurements: [utilization_gpu, memory_used,
            utilisation_memory, memory_total]
        """));
  }

  @Test
  void namespaceWithInvalidCharactersOrAwsPrefix() {
    String expected = " is not a valid CloudWatch namespace (expected 1-255 letters, digits, spaces and . - _ / # :,"
        + " not starting with AWS/ or :)";
    assertEquals(List.of("test.yaml:4:14: gpu_monitoring.namespace: \"GPU$Fleet\"" + expected), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          namespace: GPU$Fleet
        """));
    assertEquals(List.of("test.yaml:4:14: gpu_monitoring.namespace: \"AWS/EC2\"" + expected), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          namespace: AWS/EC2
        """));
  }

  @Test
  void dashboardMeasurementsAreRequired() {
    assertEquals(List.of("test.yaml:4:17: gpu_monitoring.measurements: \"memory_total\" is missing (the dashboard needs"
        + " utilization_gpu, memory_used, memory_total)"), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          measurements: [utilization_gpu, memory_used, temperature_gpu]
        """));
  }

  @Test
  void scheduleTooOftenOrFiveFieldCron() {
    assertEquals(List.of("test.yaml:4:13: gpu_monitoring.schedule: \"rate(5 minutes)\" is more often than State"
        + " Manager allows (expected at least rate(30 minutes))"), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          schedule: rate(5 minutes)
        """));
    assertEquals(List.of("test.yaml:4:13: gpu_monitoring.schedule: \"cron(0 4 * * 1)\" has 5 fields (expected 6:"
        + " minutes hours day-of-month month day-of-week year, such as cron(0 4 ? * MON *))"), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          schedule: cron(0 4 * * 1)
        """));
  }

  @Test
  void intervalTagAndUnknownKeys() {
    assertEquals(List.of(
        "test.yaml:4:32: gpu_monitoring.metrics_collection_interval: 0 is out of range (expected 1 to 86400)",
        "test.yaml:5:3: gpu_monitoring.namespce: unknown key \"namespce\" (did you mean \"namespace\"?)",
        "test.yaml:6:21: gpu_monitoring.target_tag.key: \"a,b\" is not a tag key: it contains ',' (U+002C) (expected 1-128"
        + " letters, digits, spaces and _ . : / = + - @, not starting with aws:)"), errors("""
        project: {prefix: fleetkit}
        gpu_monitoring:
          enabled: true
          metrics_collection_interval: 0
          namespce: GPU
          target_tag: {key: "a,b", value: yes}
        """));
  }
}
