package io.fleetkit.inventory;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code discover} found: every resource carrying the configured tag key with one of the
 * configured values, and what it was discovered for ({@link Provenance}). Synth reads only this (via
 * {@link InventoryFile}); it never calls AWS, and the dashboard plan refuses a snapshot whose provenance
 * does not match the config.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}; {@link InventoryFile#read} rejects any other
 * @param gaps services that could not be read (AccessDenied and such), so the dashboard is partial
 */
public record Inventory(
    int schemaVersion,
    Provenance provenance,
    List<Outpost> outposts,
    List<Ec2Instance> instances,
    List<LoadBalancer> loadBalancers,
    List<Bucket> buckets,
    List<AutoScalingGroup> autoScalingGroups,
    List<DbInstance> dbInstances,
    List<Gap> gaps) {

  /** 2: provenance (partition, fleetkit version, S3 namespaces searched) and recorded metric series per Outpost. */
  public static final int SCHEMA_VERSION = 2;

  public Inventory {
    outposts = copy(outposts);
    instances = copy(instances);
    loadBalancers = copy(loadBalancers);
    buckets = copy(buckets);
    autoScalingGroups = copy(autoScalingGroups);
    dbInstances = copy(dbInstances);
    gaps = copy(gaps);
  }

  /**
   * What the snapshot was discovered for and by what.
   *
   * @param fleetkitVersion the fleetkit that wrote it ({@link FleetkitVersion#VERSION})
   * @param partition from the caller's ARN (sts:GetCallerIdentity), such as aws or aws-us-gov
   * @param tagValues sorted
   * @param discoveredAt ISO-8601 UTC, such as 2026-11-26T04:00:00Z
   * @param s3Namespaces the namespaces discovery asked ListMetrics about for S3 on Outposts, in the order tried
   */
  public record Provenance(String fleetkitVersion, String partition, String region, String account, String tagKey,
      List<String> tagValues, String discoveredAt, List<String> s3Namespaces) {
    public Provenance {
      tagValues = copy(tagValues);
      s3Namespaces = copy(s3Namespaces);
    }
  }

  /** An inventory that matched nothing. */
  public static Inventory empty(Provenance provenance) {
    return new Inventory(SCHEMA_VERSION, provenance, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of());
  }

  public String region() {
    return provenance.region();
  }

  public String account() {
    return provenance.account();
  }

  public String partition() {
    return provenance.partition();
  }

  public String tagKey() {
    return provenance.tagKey();
  }

  public List<String> tagValues() {
    return provenance.tagValues();
  }

  public String discoveredAt() {
    return provenance.discoveredAt();
  }

  /** Total number of resources, the measure used by benchmarks and progress output. */
  public int resourceCount() {
    return outposts.size() + instances.size() + loadBalancers.size() + buckets.size()
        + autoScalingGroups.size() + dbInstances.size();
  }

  /** A copy with every list (and every nested list) sorted by ID or name, so output is stable. */
  public Inventory sorted() {
    Provenance p = provenance == null ? null : new Provenance(provenance.fleetkitVersion(), provenance.partition(),
        provenance.region(), provenance.account(), provenance.tagKey(),
        sort(provenance.tagValues(), Function.identity()), provenance.discoveredAt(), provenance.s3Namespaces());
    return new Inventory(schemaVersion, p,
        sort(outposts.stream().map(Outpost::sorted).toList(), Outpost::id),
        sort(instances.stream().map(Ec2Instance::sorted).toList(), Ec2Instance::id),
        sort(loadBalancers.stream().map(LoadBalancer::sorted).toList(), LoadBalancer::arn),
        sort(buckets, Bucket::name),
        sort(autoScalingGroups, AutoScalingGroup::name),
        sort(dbInstances, DbInstance::id),
        sortGaps(gaps));
  }

  /**
   * An Outpost and the CloudWatch series that ListMetrics returned for it (Outposts rack user guide,
   * "CloudWatch metrics for Outposts racks"; S3 on Outposts metrics): the dashboard and the alarms use
   * exactly these namespaces and dimension sets.
   */
  public record Outpost(String id, String arn, String name, String siteId, String ownerAccount,
      String lifeCycleStatus, List<String> instanceTypes, List<MetricSeries> metrics) {
    public Outpost {
      instanceTypes = copy(instanceTypes);
      metrics = copy(metrics);
    }

    public boolean active() {
      return "ACTIVE".equals(lifeCycleStatus);
    }

    /** The recorded series of one metric, in sorted order. */
    public List<MetricSeries> series(String metricName) {
      return metrics.stream().filter(m -> m.metricName().equals(metricName)).toList();
    }

    Outpost sorted() {
      return new Outpost(id, arn, name, siteId, ownerAccount, lifeCycleStatus,
          sort(instanceTypes, Function.identity()), sort(metrics, MetricSeries::key));
    }
  }

  /** One CloudWatch metric as ListMetrics returned it: namespace, name and its dimensions, sorted by name. */
  public record MetricSeries(String namespace, String metricName, Map<String, String> dimensions) {
    public MetricSeries {
      dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(dimensions));
    }

    /** The value of one dimension, or null. */
    public String dimension(String name) {
      return dimensions.get(name);
    }

    /** The dimensions other than those named, in name order: what tells this series from its siblings. */
    public Map<String, String> without(String... names) {
      TreeMap<String, String> out = new TreeMap<>(dimensions);
      for (String n : names) out.remove(n);
      return out;
    }

    String key() {
      return namespace + "\u0000" + metricName + "\u0000" + dimensions;
    }
  }

  /** @param outpostArn null when the instance runs in the Region, not on an Outpost */
  public record Ec2Instance(String id, String instanceType, boolean nitro, String state, String outpostArn,
      List<String> volumeIds) {
    public Ec2Instance {
      volumeIds = copy(volumeIds);
    }

    Ec2Instance sorted() {
      return new Ec2Instance(id, instanceType, nitro, state, outpostArn, sort(volumeIds, Function.identity()));
    }
  }

  /** @param dimension the CloudWatch LoadBalancer dimension value, app/<name>/<id> */
  public record LoadBalancer(String arn, String name, String dimension, List<TargetGroup> targetGroups) {
    public LoadBalancer {
      targetGroups = copy(targetGroups);
    }

    LoadBalancer sorted() {
      return new LoadBalancer(arn, name, dimension, sort(targetGroups, TargetGroup::arn));
    }
  }

  /** @param dimension the CloudWatch TargetGroup dimension value, targetgroup/<name>/<id> */
  public record TargetGroup(String arn, String name, String dimension) {}

  public record Bucket(String name) {}

  public record AutoScalingGroup(String name) {}

  public record DbInstance(String id) {}

  /** A part of discovery that failed without stopping the run, such as AccessDenied on one service. */
  public record Gap(String service, String operation, String message) {}

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static <T> List<T> sort(List<T> list, Function<T, String> key) {
    return list.stream().sorted(Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
  }

  private static List<Gap> sortGaps(List<Gap> gaps) {
    Comparator<String> s = Comparator.nullsFirst(Comparator.naturalOrder());
    return gaps.stream().sorted(Comparator.comparing(Gap::service, s).thenComparing(Gap::operation, s)
        .thenComparing(Gap::message, s)).toList();
  }
}
