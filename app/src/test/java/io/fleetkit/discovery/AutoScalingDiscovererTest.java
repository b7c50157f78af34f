package io.fleetkit.discovery;

import static io.fleetkit.support.AwsMock.form;
import static io.fleetkit.support.AwsMock.queried;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import io.fleetkit.support.AwsMock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

class AutoScalingDiscovererTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("autoscaling");

  @Test
  void filtersOnTheTagAndPages() {
    ApiCalls calls = new ApiCalls();

    List<AutoScalingGroup> groups = new AutoScalingDiscoverer(aws.client(AutoScalingClient.builder()), calls)
        .find("Dashboard", List.of("staging", "prod"));

    assertEquals(List.of(new AutoScalingGroup("batch-asg"), new AutoScalingGroup("web-asg")), groups);
    assertEquals(Map.of("autoscaling:DescribeAutoScalingGroups", 2L), calls.counts());
    var form = form(aws.requests(queried("DescribeAutoScalingGroups")).get(0));
    assertEquals("tag:Dashboard", form.get("Filters.member.1.Name"));
    assertEquals("prod", form.get("Filters.member.1.Values.member.1"));
    assertEquals("staging", form.get("Filters.member.1.Values.member.2"));
    assertEquals("100", form.get("MaxRecords"));
    assertEquals("false", form.get("IncludeInstances"));
  }
}
