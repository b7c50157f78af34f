package io.fleetkit.discovery;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import io.fleetkit.inventory.Inventory.Bucket;
import io.fleetkit.inventory.Inventory.DbInstance;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import io.fleetkit.inventory.Inventory.Gap;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.inventory.FleetkitVersion;
import io.fleetkit.inventory.OutpostMetrics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
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
 * recorded as a gap. STS runs first, so bad credentials stop the run before any other call; then
 * Tagging, Auto Scaling and Outposts run side by side, and EC2 and ELB as soon as Tagging is done. It returns the inventory and writes nothing; the caller writes the snapshot
 * only after a complete run.
 */
public final class Discovery {
  static final int PHASES = 7;
  /** One thread per client build at the start; later, at most five phases run at once. */
  static final int THREADS = 7;

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
    clients.requireCredentials("discover");
    List<String> values = List.copyOf(new TreeSet<>(tagValues));
    out.println("discover: region " + region + ", tag " + tagKey + " with "
        + (values.isEmpty() ? "any value" : "one of " + values.size() + " value(s): " + String.join(", ", values)));
    ApiCalls calls = new ApiCalls();
    List<Gap> gaps = new CopyOnWriteArrayList<>();
    List<SdkClient> opened = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "discover");
      t.setDaemon(true);
      return t;
    });
    try {
      // Building a client loads much of the SDK: do it for all services at once, while STS checks the credentials.
      var stsClient = open(pool, opened, StsClient.builder());
      var taggingClient = open(pool, opened, ResourceGroupsTaggingApiClient.builder());
      var ec2Client = open(pool, opened, Ec2Client.builder());
      var elbClient = open(pool, opened, ElasticLoadBalancingV2Client.builder());
      var autoscalingClient = open(pool, opened, AutoScalingClient.builder());
      var outpostsClient = open(pool, opened, OutpostsClient.builder());
      var cloudwatchClient = open(pool, opened, CloudWatchClient.builder());

      // No other call goes out before the credentials are known to work.
      Timed<AccountDiscoverer.Identity> identity = timed(() -> new AccountDiscoverer(join(stsClient), calls).identity());
      String account = identity.value().account();
      phase(1, "account", account, identity.seconds());

      // Tagging feeds EC2 and ELB; Auto Scaling and Outposts need nothing from it and run beside it.
      var tagging = CompletableFuture.supplyAsync(() -> timed(() -> Arns.split(guarded(gaps, List.of(),
          () -> new TaggingDiscoverer(join(taggingClient), calls).findArns(tagKey, values)))), pool);
      var groups = CompletableFuture.supplyAsync(() -> timed(() -> guarded(gaps, List.<AutoScalingGroup>of(),
          () -> new AutoScalingDiscoverer(join(autoscalingClient), calls).find(tagKey, values))), pool);
      var outposts = CompletableFuture.supplyAsync(() -> timed(() -> guarded(gaps, List.<OutpostsDiscoverer.Found>of(),
          () -> new OutpostsDiscoverer(join(outpostsClient), calls).discover())), pool);
      var metrics = outposts.thenApplyAsync(found -> timed(() ->
          outpostMetrics(new OutpostMetricsDiscoverer(join(cloudwatchClient), calls), found.value(), gaps)), pool);
      var instances = tagging.thenApplyAsync(t -> timed(() ->
          instances(new Ec2Discoverer(join(ec2Client), calls), t.value().instanceIds(), gaps)), pool);
      var loadBalancers = tagging.thenApplyAsync(t -> timed(() -> {
        LoadBalancerDiscoverer lbs = new LoadBalancerDiscoverer(join(elbClient), calls);
        Map<String, LoadBalancer> described = guarded(gaps, Map.of(),
            () -> lbs.describeLoadBalancers(t.value().applicationLoadBalancerArns()));
        return guarded(gaps, List.copyOf(described.values()), () -> lbs.withTargetGroups(described));
      }), pool);

      // Progress comes in phase order whatever order the phases finish in.
      Arns split = join(tagging).value();
      phase(2, "tagged resources", split.total() + " (" + split.instanceIds().size() + " EC2 instances, "
          + split.applicationLoadBalancerArns().size() + " Application Load Balancers, " + split.bucketNames().size()
          + " S3 buckets, " + split.dbInstanceIds().size() + " RDS DB instances"
          + (split.other().isEmpty() ? "" : ", " + split.other().size() + " of other types, skipped") + ")"
          + " from " + calls.counts().getOrDefault("tag:GetResources", 0L) + " GetResources calls",
          join(tagging).seconds());
      List<Ec2Instance> ec2 = join(instances).value();
      phase(3, "EC2 instances", ec2.size() + " pending to stopped (" + ec2.stream().filter(Ec2Instance::nitro).count()
          + " on Nitro, " + ec2.stream().filter(i -> i.outpostArn() != null).count() + " on Outposts)",
          join(instances).seconds());
      List<LoadBalancer> lbs = join(loadBalancers).value();
      phase(4, "load balancers", lbs.size() + " Application Load Balancers with "
          + lbs.stream().mapToInt(lb -> lb.targetGroups().size()).sum() + " target groups", join(loadBalancers).seconds());
      phase(5, "Auto Scaling groups", String.valueOf(join(groups).value().size()), join(groups).seconds());
      List<OutpostsDiscoverer.Found> found = join(outposts).value();
      phase(6, "Outposts", found.size() + " ACTIVE with " + found.stream().mapToInt(f -> f.instanceTypes().size()).sum()
          + " instance types", join(outposts).seconds());
      List<Outpost> withMetrics = join(metrics).value();
      phase(7, "Outpost metrics", metricsSummary(withMetrics), join(metrics).seconds());

      Inventory.Provenance provenance = new Inventory.Provenance(FleetkitVersion.VERSION, identity.value().partition(),
          region, account, tagKey, values, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
          OutpostMetricsDiscoverer.S3_NAMESPACES);
      Inventory inventory = new Inventory(Inventory.SCHEMA_VERSION, provenance, withMetrics, ec2, lbs,
          split.bucketNames().stream().map(Bucket::new).toList(),
          join(groups).value(), split.dbInstanceIds().stream().map(DbInstance::new).toList(), gaps).sorted();
      return new Result(inventory, calls.counts(), calls.total(), Duration.ofNanos(System.nanoTime() - started));
    } finally {
      // A failed phase ends the run: stop the others, then close every client that was built.
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (SdkClient c : opened) c.close();
    }
  }

  /** A phase's value and how long it took. */
  private record Timed<T>(T value, double seconds) {}

  private static <T> Timed<T> timed(Supplier<T> step) {
    long t0 = System.nanoTime();
    T value = step.get();
    return new Timed<>(value, (System.nanoTime() - t0) / 1e9);
  }

  private <B extends AwsClientBuilder<B, C>, C extends SdkClient> CompletableFuture<C> open(ExecutorService pool,
      List<SdkClient> opened, B builder) {
    return CompletableFuture.supplyAsync(() -> {
      C client = clients.build(builder);
      opened.add(client);
      return client;
    }, pool);
  }

  /** The value of a finished step; its own exception (credentials, malformed, ...) if it failed. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new DiscoveryException("discovery step failed: " + cause, cause);
    }
  }

  private List<Ec2Instance> instances(Ec2Discoverer ec2, List<String> ids, List<Gap> gaps) {
    if (ids.isEmpty()) return List.of();
    List<Ec2Discoverer.Described> described = guarded(gaps, List.of(), () -> ec2.describeInstances(ids));
    Set<String> types = new TreeSet<>();
    described.forEach(d -> types.add(d.instanceType()));
    // Without DescribeInstanceTypes every instance counts as non-Nitro: per-volume AWS/EBS metrics work on both.
    Map<String, Boolean> nitro = guarded(gaps, Map.of(), () -> ec2.nitroByType(types));
    return described.stream().map(d -> d.withNitro(nitro.getOrDefault(d.instanceType(), false))).toList();
  }

  private List<Outpost> outpostMetrics(OutpostMetricsDiscoverer metrics, List<OutpostsDiscoverer.Found> found,
      List<Gap> gaps) {
    List<Outpost> out = new ArrayList<>();
    boolean denied = false;
    for (OutpostsDiscoverer.Found f : found) {
      List<MetricSeries> series = new ArrayList<>();
      if (!denied) {
        try {
          series.addAll(metrics.outposts(f.id()));
          series.addAll(metrics.s3(f.id()));
        } catch (AccessDeniedException e) {
          gap(gaps, e);
          denied = true;
          series.clear();
        }
      }
      out.add(new Outpost(f.id(), f.arn(), f.name(), f.siteId(), f.ownerAccount(), f.lifeCycleStatus(),
          f.instanceTypes(), series));
    }
    return out;
  }

  /** Phase 7 in one line: what ListMetrics gave, where S3 on Outposts publishes, who uses the capacity. */
  static String metricsSummary(List<Outpost> outposts) {
    int series = outposts.stream().mapToInt(o -> o.metrics().size()).sum();
    long reporting = outposts.stream().filter(o -> !o.series(OutpostMetrics.CONNECTED_STATUS).isEmpty()
        || !o.series(OutpostMetrics.AVAILABLE_COUNT).isEmpty()).count();
    Set<String> s3 = new TreeSet<>();
    Set<String> users = new TreeSet<>();
    long withS3 = 0;
    for (Outpost o : outposts) {
      boolean any = false;
      for (MetricSeries m : o.metrics()) {
        if (OutpostMetrics.S3_RECORDED.contains(m.metricName())) {
          s3.add(m.namespace());
          any = true;
        }
        if (m.metricName().equals(OutpostMetrics.USED_COUNT) && m.dimension(OutpostMetrics.ACCOUNT) != null) {
          users.add(m.dimension(OutpostMetrics.ACCOUNT));
        }
      }
      if (any) withS3++;
    }
    return series + " series; " + reporting + " of " + outposts.size() + " Outposts report capacity, S3 on Outposts on "
        + withS3 + (s3.isEmpty() ? "" : " (" + String.join(", ", s3) + ")") + ", capacity used by " + users.size()
        + " account(s) or service(s)";
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

  private void phase(int n, String what, String detail, double seconds) {
    out.println("[" + n + "/" + PHASES + "] " + what + ": " + detail + String.format(" (%.1f s)", seconds));
  }

  private String region() {
    try {
      return clients.resolvedRegion().id();
    } catch (SdkClientException e) {
      throw new DiscoveryException("no AWS Region is set (" + e.getMessage()
          + "); pass --region, set project.region in the config, or set AWS_REGION", e);
    }
  }
}
