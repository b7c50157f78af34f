package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.constructs.ControlTowerExceptions.Row;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.s3.Bucket;

/** A row reaches the template of its own area's stack, on the resource at its path, and nowhere else. */
class ControlTowerExceptionsTest {
  static final String REASON = "The test accepts this control on this one resource only";
  static final List<Row> TABLE = List.of(
      new Row("logs", "Logs/Resource", "CT.S3.PR.9", REASON),
      new Row("logs", "Logs/Resource", "CT.S3.PR.2", REASON + ", for a second control"),
      // Created by the Instance's requireImdsv2 aspect at synth, after the stack was built.
      new Row("logs", "Server/LaunchTemplate", "CT.EC2.PR.10", REASON));
  static Template logs;
  static Template other;

  @BeforeAll
  static void build() {
    App app = new App();
    Stack logsStack = stack(app, "fk-logs", "logs");
    Stack otherStack = stack(app, "fk-other", "other");
    logs = Template.fromStack(logsStack);
    other = Template.fromStack(otherStack);
  }

  /** The same resources in both stacks; only the area differs. */
  static Stack stack(App app, String name, String area) {
    Stack stack = new Stack(app, name);
    Bucket.Builder.create(stack, "Logs").build();
    Bucket.Builder.create(stack, "Data").build();
    var vpc = Vpc.fromVpcAttributes(stack, "Vpc", VpcAttributes.builder().vpcId("vpc-0a1b2c3d4e5f60001")
        .availabilityZones(List.of("us-east-1a")).privateSubnetIds(List.of("subnet-0a1b2c3d4e5f60011")).build());
    Instance.Builder.create(stack, "Server").vpc(vpc).instanceType(new InstanceType("m6i.large"))
        .machineImage(MachineImage.genericLinux(Map.of("us-east-1", "ami-0a1b2c3d4e5f60001"))).requireImdsv2(true).build();
    ControlTowerExceptions.declare(stack, area, TABLE);
    return stack;
  }

  static Map<String, Object> declared(Map<String, String> controls) {
    return Map.of("Metadata", Map.of(ControlTowerExceptions.METADATA_KEY, controls));
  }

  @Test
  void theRowsOfTheAreaGoOnTheResourceAtTheirPath() {
    Map<String, String> both = new TreeMap<>(Map.of("CT.S3.PR.9", REASON, "CT.S3.PR.2", REASON + ", for a second control"));
    assertEquals(1, logs.findResources("AWS::S3::Bucket", declared(both)).size());
    assertEquals(List.of("Logs"), logs.findResources("AWS::S3::Bucket", declared(both)).keySet().stream()
        .map(id -> id.replaceAll("[0-9A-F]{8}$", "")).toList());
    // The other bucket of the same stack carries nothing.
    assertEquals(1, logs.findResources("AWS::S3::Bucket", Map.of("Metadata", Match.absent())).size());
    assertEquals(1, logs.findResources("AWS::EC2::LaunchTemplate",
        declared(Map.of("CT.EC2.PR.10", REASON))).size());
  }

  @Test
  void anotherAreaWithTheSamePathsGetsNone() {
    assertEquals(2, other.findResources("AWS::S3::Bucket", Map.of("Metadata", Match.absent())).size());
    assertEquals(1, other.findResources("AWS::EC2::LaunchTemplate", Map.of("Metadata", Match.absent())).size());
  }

  @Test
  void aRowNamesAControlAPathAndAReason() {
    assertEquals("not a Control Tower proactive control ID (CT.<SERVICE>.PR.<n>): AwsSolutions-S1",
        assertThrows(IllegalArgumentException.class, () -> new Row("logs", "Logs/Resource", "AwsSolutions-S1", REASON))
            .getMessage());
    assertEquals("not a construct path below a stack: /fk-logs/Logs/Resource",
        assertThrows(IllegalArgumentException.class, () -> new Row("logs", "/fk-logs/Logs/Resource", "CT.S3.PR.9", REASON))
            .getMessage());
    assertEquals("the exception for CT.S3.PR.9 on logs/Logs/Resource needs a reason that says why, at least 40 characters",
        assertThrows(IllegalArgumentException.class, () -> new Row("logs", "Logs/Resource", "CT.S3.PR.9", "accepted"))
            .getMessage());
  }

  @Test
  void twoRowsForOneControlOnOneResourceAreRefused() {
    App app = new App();
    Stack stack = new Stack(app, "fk-twice");
    var e = assertThrows(IllegalStateException.class, () -> ControlTowerExceptions.declare(stack, "logs",
        List.of(TABLE.get(0), new Row("logs", "Logs/Resource", "CT.S3.PR.9", REASON + ", said twice"))));
    assertEquals("two exceptions for CT.S3.PR.9 on logs/Logs/Resource", e.getMessage());
  }

  @Test
  void theTableHoldsEachControlOnEachResourceOnce() {
    assertEquals(ControlTowerExceptions.TABLE.size(), ControlTowerExceptions.TABLE.stream()
        .map(r -> r.area() + " " + r.path() + " " + r.control()).distinct().count());
  }
}
