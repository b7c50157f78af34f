package io.fleetkit.discovery;

import java.util.List;

/** Renders larger responses in each service's wire format, for tests that need many resources. */
public final class Wire {
  private Wire() {}

  /** A Tagging API GetResources page (JSON 1.1); {@code token} "" marks the last page. */
  public static String getResourcesPage(List<String> arns, String tagKey, String tagValue, String token) {
    StringBuilder b = new StringBuilder("{\"PaginationToken\":\"").append(token).append("\",\"ResourceTagMappingList\":[");
    for (int i = 0; i < arns.size(); i++) {
      if (i > 0) b.append(',');
      b.append("{\"ResourceARN\":\"").append(arns.get(i)).append("\",\"Tags\":[{\"Key\":\"").append(tagKey)
          .append("\",\"Value\":\"").append(tagValue).append("\"}]}");
    }
    return b.append("]}").toString();
  }

  /** One EC2 instance as it appears inside instancesSet. */
  public record Instance(String id, String type, String state, String outpostArn, List<String> volumeIds) {}

  /** A DescribeInstances response holding one reservation per list entry; null token for the last page. */
  public static String describeInstances(List<List<Instance>> reservations, String nextToken) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>8f7724cf-496f-496e-8fe3-ef1234567890</requestId><reservationSet>");
    int r = 0;
    for (List<Instance> reservation : reservations) {
      b.append("<item><reservationId>r-").append(String.format("%017x", r++)).append("</reservationId>")
          .append("<ownerId>111122223333</ownerId><groupSet/><instancesSet>");
      for (Instance i : reservation) {
        b.append("<item><instanceId>").append(i.id()).append("</instanceId>")
            .append("<imageId>ami-0abcdef1234567890</imageId><instanceState><code>16</code><name>").append(i.state())
            .append("</name></instanceState><instanceType>").append(i.type()).append("</instanceType>")
            .append("<blockDeviceMapping>");
        for (String v : i.volumeIds()) {
          b.append("<item><deviceName>/dev/xvda</deviceName><ebs><volumeId>").append(v)
              .append("</volumeId><status>attached</status><deleteOnTermination>true</deleteOnTermination></ebs></item>");
        }
        b.append("</blockDeviceMapping>");
        if (i.outpostArn() != null) b.append("<outpostArn>").append(i.outpostArn()).append("</outpostArn>");
        b.append("</item>");
      }
      b.append("</instancesSet></item>");
    }
    b.append("</reservationSet>");
    if (nextToken != null) b.append("<nextToken>").append(nextToken).append("</nextToken>");
    return b.append("</DescribeInstancesResponse>").toString();
  }

  /** A DescribeInstanceTypes response: each type with its hypervisor. */
  public static String describeInstanceTypes(List<String[]> typeAndHypervisor) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<DescribeInstanceTypesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>7f7724cf-496f-496e-8fe3-ef1234567890</requestId><instanceTypeSet>");
    for (String[] t : typeAndHypervisor) {
      b.append("<item><instanceType>").append(t[0]).append("</instanceType><hypervisor>").append(t[1])
          .append("</hypervisor></item>");
    }
    return b.append("</instanceTypeSet></DescribeInstanceTypesResponse>").toString();
  }

  /** A DescribeLoadBalancers response; every load balancer is an ALB named by its ARN. */
  public static String describeLoadBalancers(List<String> arns) {
    StringBuilder b = new StringBuilder("<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
        + "<DescribeLoadBalancersResult><LoadBalancers>");
    for (String arn : arns) {
      String name = arn.split("/")[2];
      b.append("<member><LoadBalancerArn>").append(arn).append("</LoadBalancerArn><LoadBalancerName>").append(name)
          .append("</LoadBalancerName><Scheme>internal</Scheme><State><Code>active</Code></State><Type>application</Type></member>");
    }
    return b.append("</LoadBalancers></DescribeLoadBalancersResult><ResponseMetadata><RequestId>6d0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>").toString();
  }

  /** A DescribeTargetGroups page: {tgArn, lbArn} pairs; null marker for the last page. */
  public static String describeTargetGroups(List<String[]> groups, String nextMarker) {
    StringBuilder b = new StringBuilder("<DescribeTargetGroupsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
        + "<DescribeTargetGroupsResult><TargetGroups>");
    for (String[] g : groups) {
      b.append("<member><TargetGroupArn>").append(g[0]).append("</TargetGroupArn><TargetGroupName>").append(g[0].split("/")[1])
          .append("</TargetGroupName><Protocol>HTTP</Protocol><Port>80</Port><TargetType>instance</TargetType>")
          .append("<LoadBalancerArns><member>").append(g[1]).append("</member></LoadBalancerArns></member>");
    }
    b.append("</TargetGroups>");
    if (nextMarker != null) b.append("<NextMarker>").append(nextMarker).append("</NextMarker>");
    return b.append("</DescribeTargetGroupsResult><ResponseMetadata><RequestId>7d0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>").toString();
  }
}
