package io.fleetkit.stacks.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The body with an unresolved Region is written for Fn::Sub. */
class GpuDashboardTest {
  @Test
  void unresolvedRegionBecomesAPseudoParameter() {
    String body = GpuDashboard.body("CWAgent", GpuDashboard.REGION_PLACEHOLDER);
    assertTrue(body.contains("\"region\":\"${AWS::Region}\""), body);
    // Fn::Sub would try to resolve any other ${...}: the body has none.
    assertTrue(body.replace("${AWS::Region}", "").indexOf("${") < 0, body);
  }
}
