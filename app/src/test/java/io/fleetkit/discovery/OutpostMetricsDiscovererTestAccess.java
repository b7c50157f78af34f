package io.fleetkit.discovery;

/** Shares the Outposts and CloudWatch stubs with tests outside this package. */
public final class OutpostMetricsDiscovererTestAccess {
  private OutpostMetricsDiscovererTestAccess() {}

  public static void stubOutpostsAndMetrics(AwsMock aws) {
    OutpostsDiscovererTest.stubOutposts(aws);
    OutpostMetricsDiscovererTest.stubMetrics(aws);
  }
}
