package io.fleetkit.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Splits the ARNs that the Tagging API returns by resource type. */
public record Arns(List<String> instanceIds, List<String> applicationLoadBalancerArns, List<String> bucketNames,
    List<String> dbInstanceIds, List<String> other) {

  public Arns {
    instanceIds = List.copyOf(instanceIds);
    applicationLoadBalancerArns = List.copyOf(applicationLoadBalancerArns);
    bucketNames = List.copyOf(bucketNames);
    dbInstanceIds = List.copyOf(dbInstanceIds);
    other = List.copyOf(other);
  }

  public int total() {
    return instanceIds.size() + applicationLoadBalancerArns.size() + bucketNames.size() + dbInstanceIds.size()
        + other.size();
  }

  /**
   * ARN formats: arn:partition:ec2:region:account:instance/i-..., ...:elasticloadbalancing:...:
   * loadbalancer/app/name/id (net/ for NLB, none for Classic), arn:partition:s3:::bucket and
   * ...:rds:region:account:db:identifier. Anything else, such as NLBs, is kept in {@link #other}.
   */
  public static Arns split(List<String> arns) {
    List<String> instances = new ArrayList<>();
    List<String> albs = new ArrayList<>();
    List<String> buckets = new ArrayList<>();
    List<String> dbs = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String arn : arns) {
      String[] p = arn.split(":", 6);
      if (p.length < 6) {
        other.add(arn);
        continue;
      }
      String service = p[2];
      String resource = p[5];
      if (service.equals("ec2") && resource.startsWith("instance/")) {
        instances.add(resource.substring("instance/".length()));
      } else if (service.equals("elasticloadbalancing") && resource.startsWith("loadbalancer/app/")) {
        albs.add(arn);
      } else if (service.equals("s3") && !resource.isEmpty() && !resource.contains("/")) {
        buckets.add(resource);
      } else if (service.equals("rds") && resource.startsWith("db:")) {
        dbs.add(resource.substring("db:".length()));
      } else {
        other.add(arn);
      }
    }
    return new Arns(instances, albs, buckets, dbs, other);
  }

  /** The CloudWatch dimension value of a load balancer or target group ARN: the part after the type. */
  public static Optional<String> dimension(String arn, String type) {
    int i = arn.indexOf(":" + type + "/");
    if (i < 0) return Optional.empty();
    String rest = arn.substring(i + type.length() + 2);
    return Optional.of(type.equals("loadbalancer") ? rest : type + "/" + rest);
  }
}
