package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import io.fleetkit.discovery.Inventory.Bucket;
import io.fleetkit.discovery.Inventory.DbInstance;
import io.fleetkit.discovery.Inventory.Ec2Instance;
import io.fleetkit.discovery.Inventory.Gap;
import io.fleetkit.discovery.Inventory.LoadBalancer;
import io.fleetkit.discovery.Inventory.Outpost;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The discover run: one phase per service, progress with counts, AccessDenied on one service
 * recorded as a gap. It returns the inventory and writes nothing; the caller writes the snapshot
 * only after a complete run.
 */
public final class Discovery {
  static final int PHASES = 7;

  private final AwsClients clients;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  public Discovery(AwsClients clients, PrintStream out, PrintStream err, Clock clock) {
    this.clients = clients;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** What a run found and what it cost. */
  public record Result(Inventory inventory, Map<String, Long> calls, long totalCalls, Duration elapsed) {}

  public Result run(String tagKey, List<String> tagValues) {
    long started = System.nanoTime();
    String region = region();
    checkCredentialsResolve();
    List<String> values = List.copyOf(new TreeSet<>(tagValues));
    out.println("discover: region " + region + ", tag " + tagKey + " with "
        + (values.isEmpty() ? "any value" : "one of " + values.size() + " value(s): " + String.join(", ", values)));
    ApiCalls calls = new ApiCalls();
    List<Gap> gaps = new ArrayList<>();
    try (StsClient sts = clients.build(StsClient.builder());
        ResourceGroupsTaggingApiClient tagging = clients.build(ResourceGroupsTaggingApiClient.builder());
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
        AutoScalingClient autoscaling = clients.build(AutoScalingClient.builder());
        OutpostsClient outposts = clients.build(OutpostsClient.builder());
        CloudWatchClient cloudwatch = clients.build(CloudWatchClient.builder())) {

      String account = new AccountDiscoverer(sts, calls).account();
      phase(1, "account", account);

      List<String> arns = guarded(gaps, List.of(),
          () -> new TaggingDiscoverer(tagging, calls).findArns(tagKey, values));
      Arns split = Arns.split(arns);
      phase(2, "tagged resources", split.total() + " (" + split.instanceIds().size() + " EC2 instances, "
          + split.applicationLoadBalancerArns().size() + " Application Load Balancers, " + split.bucketNames().size()
          + " S3 buckets, " + split.dbInstanceIds().size() + " RDS DB instances"
          + (split.other().isEmpty() ? "" : ", " + split.other().size() + " of other types, skipped") + ")"
          + " from " + calls.counts().getOrDefault("tag:GetResources", 0L) + " GetResources calls");

      List<Ec2Instance> instances = instances(new Ec2Discoverer(ec2, calls), split.instanceIds(), gaps);
      long nitro = instances.stream().filter(Ec2Instance::nitro).count();
      phase(3, "EC2 instances", instances.size() + " pending to stopped (" + nitro + " on Nitro, "
          + instances.stream().filter(i -> i.outpostArn() != null).count() + " on Outposts)");

      LoadBalancerDiscoverer lbs = new LoadBalancerDiscoverer(elb, calls);
      Map<String, LoadBalancer> described = guarded(gaps, Map.of(),
          () -> lbs.describeLoadBalancers(split.applicationLoadBalancerArns()));
      List<LoadBalancer> loadBalancers = guarded(gaps, List.copyOf(described.values()),
          () -> lbs.withTargetGroups(described));
      phase(4, "load balancers", loadBalancers.size() + " Application Load Balancers with "
          + loadBalancers.stream().mapToInt(lb -> lb.targetGroups().size()).sum() + " target groups");

      var groups = guarded(gaps, List.<Inventory.AutoScalingGroup>of(),
          () -> new AutoScalingDiscoverer(autoscaling, calls).find(tagKey, values));
      phase(5, "Auto Scaling groups", String.valueOf(groups.size()));

      List<OutpostsDiscoverer.Found> found = guarded(gaps, List.of(),
          () -> new OutpostsDiscoverer(outposts, calls).discover());
      phase(6, "Outposts", found.size() + " ACTIVE with "
          + found.stream().mapToInt(f -> f.instanceTypes().size()).sum() + " instance types");

      List<Outpost> withMetrics = outpostMetrics(new OutpostMetricsDiscoverer(cloudwatch, calls), found, gaps);
      phase(7, "Outpost metrics", withMetrics.stream().mapToInt(o -> o.ebsVolumeTypes().size()).sum()
          + " EBS volume types, S3 on Outposts on " + withMetrics.stream().filter(Outpost::s3OnOutposts).count()
          + " of " + withMetrics.size());

      Inventory inventory = new Inventory(Inventory.SCHEMA_VERSION, region, account, tagKey, values,
          clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), withMetrics, instances, loadBalancers,
          split.bucketNames().stream().map(Bucket::new).toList(),
          groups, split.dbInstanceIds().stream().map(DbInstance::new).toList(), gaps).sorted();
      return new Result(inventory, calls.counts(), calls.total(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private List<Ec2Instance> instances(Ec2Discoverer ec2, List<String> ids, List<Gap> gaps) {
    if (ids.isEmpty()) return List.of();
    List<Ec2Discoverer.Described> described = guarded(gaps, List.of(), () -> ec2.describeInstances(ids));
    var types = described.stream().map(Ec2Discoverer.Described::instanceType).collect(Collectors.toCollection(TreeSet::new));
    // Without DescribeInstanceTypes every instance counts as non-Nitro: per-volume AWS/EBS metrics work on both.
    Map<String, Boolean> nitro = guarded(gaps, Map.of(), () -> ec2.nitroByType(types));
    return described.stream().map(d -> d.withNitro(nitro.getOrDefault(d.instanceType(), false))).toList();
  }

  private List<Outpost> outpostMetrics(OutpostMetricsDiscoverer metrics, List<OutpostsDiscoverer.Found> found,
      List<Gap> gaps) {
    List<Outpost> out = new ArrayList<>();
    boolean denied = false;
    for (OutpostsDiscoverer.Found f : found) {
      List<String> volumeTypes = List.of();
      boolean s3 = false;
      if (!denied) {
        try {
          volumeTypes = metrics.ebsVolumeTypes(f.id());
          s3 = metrics.hasS3(f.id());
        } catch (AccessDeniedException e) {
          gap(gaps, e);
          denied = true;
        }
      }
      out.add(new Outpost(f.id(), f.arn(), f.name(), f.siteId(), f.ownerAccount(), f.lifeCycleStatus(),
          f.instanceTypes(), volumeTypes, s3));
    }
    return out;
  }

  private <T> T guarded(List<Gap> gaps, T fallback, Supplier<T> step) {
    try {
      return step.get();
    } catch (AccessDeniedException e) {
      gap(gaps, e);
      return fallback;
    }
  }

  private void gap(List<Gap> gaps, AccessDeniedException e) {
    gaps.add(new Gap(e.service(), e.operation(), e.getMessage()));
    err.println("warning: " + e.getMessage() + "; continuing without it (recorded as a gap in the snapshot)");
  }

  private void phase(int n, String what, String detail) {
    out.println("[" + n + "/" + PHASES + "] " + what + ": " + detail);
  }

  private String region() {
    try {
      return clients.resolvedRegion().id();
    } catch (SdkClientException e) {
      throw new DiscoveryException("no AWS Region is set (" + e.getMessage()
          + "); pass --region, set project.region in the config, or set AWS_REGION", e);
    }
  }

  private void checkCredentialsResolve() {
    try {
      clients.credentials().resolveCredentials();
    } catch (RuntimeException e) {
      throw new CredentialsException("no usable AWS credentials (" + e.getMessage() + "); configure them "
          + "(aws configure, aws sso login, AWS_PROFILE or --profile) and run discover again", e);
    }
  }
}
