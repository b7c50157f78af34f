package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardReaderTest {

  private static ConfigException errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", yaml));
  }

  @Test
  void absentSectionIsDisabled() {
    var c = ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\n");
    assertFalse(c.dashboard().enabled());
    assertFalse(c.dashboard().pipeline().enabled());
  }

  @Test
  void defaults() {
    var c = ConfigLoader.parse("test.yaml", """
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
        """);
    var d = c.dashboard();
    assertEquals("acme-outposts", d.name());
    assertEquals(".fleetkit/outposts-inventory.json", d.snapshot());
    assertEquals("-PT24H", d.start());
    assertEquals("auto", d.periodOverride());
    assertEquals(new DashboardConfig.Limits(500, 500, 2500), d.limits());
    assertFalse(d.pipeline().enabled());
    assertEquals(new DashboardConfig.Pipeline(false, "s3", "fleetkit/source.zip", "", "main", "config.yaml", "hnb659fds"),
        d.pipeline());
  }

  @Test
  void pipelineIsEnabledByItsPresenceAndReadsEveryKey() {
    var d = ConfigLoader.parse("test.yaml", """
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          pipeline:
            source: codecommit
            repository: fleetkit-app
            branch: release
            config_file: examples/edge.yaml
            bootstrap_qualifier: abc123
        """).dashboard();
    assertEquals(new DashboardConfig.Pipeline(true, "codecommit", "fleetkit/source.zip", "fleetkit-app", "release",
        "examples/edge.yaml", "abc123"), d.pipeline());
  }

  @Test
  void structureErrorsPointAtTheKey() {
    var e = errors("""
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_values: edge
          tag_nmae: Dashboard
          limits:
            widgets_per_dashbaord: 10
        """);
    assertEquals(List.of(
        "test.yaml:4:3: dashboard.tag_name: missing required key \"tag_name\" (expected the tag key that marks resources, such as Dashboard)",
        "test.yaml:5:15: dashboard.tag_values: wrong type: got text \"edge\" (expected a list of text values)",
        "test.yaml:6:3: dashboard.tag_nmae: unknown key \"tag_nmae\" (did you mean \"tag_name\"?)",
        "test.yaml:8:5: dashboard.limits.widgets_per_dashbaord: unknown key \"widgets_per_dashbaord\" (did you mean \"widgets_per_dashboard\"?)"),
        e.lines());
  }

  @Test
  void meaningErrorsArePinned() {
    var e = errors("""
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: "aws:dashboard"
          tag_values: [edge, edge]
          name: "outposts dashboard"
          snapshot: ""
          start: PT24H
          period_override: automatic
          limits:
            widgets_per_dashboard: 1
            metrics_per_widget: 600
            metrics_per_dashboard: 500
          pipeline:
            source: codecommit
            config_file: ""
            bootstrap_qualifier: HNB659FDS
        """);
    assertEquals(List.of(
        "test.yaml:5:13: dashboard.tag_name: \"aws:dashboard\" is not a tag key: the aws: prefix is reserved for AWS (expected 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:)",
        "test.yaml:6:22: dashboard.tag_values[1]: \"edge\" is listed twice (expected each value once)",
        "test.yaml:7:9: dashboard.name: \"outposts dashboard\" is not a usable dashboard name (expected 1-240 letters, digits, - and _; 15 characters stay free for the -<n> suffix)",
        "test.yaml:8:13: dashboard.snapshot: the path is empty (expected a file path such as .fleetkit/outposts-inventory.json)",
        "test.yaml:9:10: dashboard.start: \"PT24H\" is not a relative start time (expected a negative ISO-8601 duration such as -PT24H or -P7D)",
        "test.yaml:10:20: dashboard.period_override: \"automatic\" is not allowed (expected one of: auto, inherit)",
        "test.yaml:12:28: dashboard.limits.widgets_per_dashboard: 1 is out of range (expected 2 to 500)",
        "test.yaml:13:25: dashboard.limits.metrics_per_widget: 600 is out of range (expected 2 to 500)",
        "test.yaml:14:28: dashboard.limits.metrics_per_dashboard: 500 is less than metrics_per_widget 600 (expected at least as many metrics per dashboard as per widget)",
        "test.yaml:15:3: dashboard.pipeline.repository: missing (expected the name of an existing CodeCommit repository when source is codecommit)",
        "test.yaml:17:18: dashboard.pipeline.config_file: the path is empty (expected the config file inside the source, such as config.yaml)",
        "test.yaml:18:26: dashboard.pipeline.bootstrap_qualifier: \"HNB659FDS\" is not a CDK bootstrap qualifier (expected 1-10 lowercase letters and digits, hyphens only between them, such as hnb659fds)"),
        e.lines());
  }

  @Test
  void limitsAboveTheCloudWatchQuotasAreErrors() {
    var e = errors("""
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          limits:
            widgets_per_dashboard: 501
            metrics_per_widget: 501
            metrics_per_dashboard: 2501
        """);
    assertEquals(List.of(
        "test.yaml:8:28: dashboard.limits.widgets_per_dashboard: 501 is out of range (expected 2 to 500)",
        "test.yaml:9:25: dashboard.limits.metrics_per_widget: 501 is out of range (expected 2 to 500)",
        "test.yaml:10:28: dashboard.limits.metrics_per_dashboard: 2501 is out of range (expected 2 to 2500)"),
        e.lines());
  }

  @Test
  void limitsAtOrBelowTheQuotasAreAccepted() {
    var c = ConfigLoader.parse("test.yaml", """
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          limits:
            widgets_per_dashboard: 500
            metrics_per_widget: 100
            metrics_per_dashboard: 2500
        """);
    assertEquals(new DashboardConfig.Limits(500, 100, 2500), c.dashboard().limits());
  }

  @Test
  void emptyTagValuesAndBadSourceKey() {
    var e = errors("""
        project:
          prefix: acme
        dashboard:
          enabled: true
          tag_name: Dashboard
          pipeline:
            source: s3
            source_object_key: app.tar
        """);
    assertEquals(List.of(
        "test.yaml:3:1: dashboard.tag_values: no tag values (expected at least one value of Dashboard)",
        "test.yaml:8:24: dashboard.pipeline.source_object_key: \"app.tar\" is not a zip object key (expected a key such as fleetkit/source.zip)"),
        e.lines());
  }

  @Test
  void startAcceptsDaysAndMixedDurations() {
    for (String start : List.of("-PT3H", "-P7D", "-P1DT12H", "-PT15M", "-P2W")) {
      var d = ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\ndashboard:\n  enabled: true\n  tag_name: T\n  tag_values: [a]\n  start: \""
          + start + "\"\n").dashboard();
      assertEquals(start, d.start());
    }
    assertTrue(errors("project:\n  prefix: acme\ndashboard:\n  enabled: true\n  tag_name: T\n  tag_values: [a]\n  start: \"-P\"\n").lines().get(0)
        .contains("is not a relative start time"));
  }

  @Test
  void alarmsAreOffByDefaultAndNotifyTheCreatedTopic() {
    var d = ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\ndashboard:\n  enabled: true\n  tag_name: T\n"
        + "  tag_values: [a]\n").dashboard();
    assertEquals(new DashboardConfig.Alarms(false, 5, 3, 90, 85, 85, java.util.Optional.empty(), List.of()), d.alarms());
    assertEquals("acme-alarms", DashboardConfig.Alarms.topicName("acme"));
  }

  @Test
  void alarmErrorsArePinned() {
    var e = errors("""
        project:
          prefix: acme
          region: us-east-1
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          alarms:
            enabled: true
            service_link_datapoints: 0
            capacity_datapoints: 289
            ec2_utilization_percent: 101
            ebs_utilization_percent: -1
            s3_utilization_percent: 100
            topic_arn: arn:aws-cn:sns:cn-north-1:111122223333:ops
            emails: [ops@example.com, "not an address", ops@example.com, "@example.com"]
        """);
    assertEquals(List.of(
        "test.yaml:10:30: dashboard.alarms.service_link_datapoints: 0 is out of range (expected 1 to 1440)",
        "test.yaml:11:26: dashboard.alarms.capacity_datapoints: 289 is out of range (expected 1 to 288)",
        "test.yaml:12:30: dashboard.alarms.ec2_utilization_percent: 101 is out of range (expected 0 to 100)",
        "test.yaml:13:30: dashboard.alarms.ebs_utilization_percent: -1 is out of range (expected 0 to 100)",
        "test.yaml:15:16: dashboard.alarms.topic_arn: \"arn:aws-cn:sns:cn-north-1:111122223333:ops\" is in partition"
            + " \"aws-cn\" (expected partition \"aws\")",
        "test.yaml:16:13: dashboard.alarms.emails: 4 address(es) with topic_arn (expected either topic_arn, whose"
            + " subscriptions you manage, or emails for the topic fleetkit creates)",
        "test.yaml:16:31: dashboard.alarms.emails[1]: \"not an address\" is not an email address (expected an address such"
            + " as ops@example.com)",
        "test.yaml:16:49: dashboard.alarms.emails[2]: \"ops@example.com\" is listed twice (expected each address once)",
        "test.yaml:16:66: dashboard.alarms.emails[3]: \"@example.com\" is not an email address (expected an address such"
            + " as ops@example.com)"),
        e.lines());
  }

  @Test
  void aTopicInAnotherRegionIsAnError() {
    var e = errors("""
        project:
          prefix: acme
          region: eu-west-1
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge]
          alarms:
            enabled: true
            topic_arn: arn:aws:sns:us-east-1:111122223333:ops
        """);
    assertEquals(List.of("test.yaml:10:16: dashboard.alarms.topic_arn: \"arn:aws:sns:us-east-1:111122223333:ops\" is in"
        + " Region us-east-1 (expected a topic in eu-west-1, the Region of the alarms)"), e.lines());
  }
}
