package io.fleetkit.inventory;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code discover} found: every resource carrying the configured tag key with one of the
 * configured values. Synth reads only this (via {@link InventoryFile}); it never calls AWS.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}; {@link InventoryFile#read} rejects any other
 * @param tagValues sorted
 * @param discoveredAt ISO-8601 UTC, such as 2026-11-26T04:00:00Z
 * @param gaps services that could not be read (AccessDenied and such), so the dashboard is partial
 */
public record Inventory(
    int schemaVersion,
    String region,
    String account,
    String tagKey,
    List<String> tagValues,
    String discoveredAt,
    List<Outpost> outposts,
    List<Ec2Instance> instances,
    List<LoadBalancer> loadBalancers,
    List<Bucket> buckets,
    List<AutoScalingGroup> autoScalingGroups,
    List<DbInstance> dbInstances,
    List<Gap> gaps) {

  public static final int SCHEMA_VERSION = 1;

  public Inventory {
    tagValues = copy(tagValues);
    outposts = copy(outposts);
    instances = copy(instances);
    loadBalancers = copy(loadBalancers);
    buckets = copy(buckets);
    autoScalingGroups = copy(autoScalingGroups);
    dbInstances = copy(dbInstances);
    gaps = copy(gaps);
  }

  /** An inventory that matched nothing. */
  public static Inventory empty(String region, String account, String tagKey, List<String> tagValues,
      String discoveredAt) {
    return new Inventory(SCHEMA_VERSION, region, account, tagKey, tagValues, discoveredAt,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** Total number of resources, the measure used by benchmarks and progress output. */
  public int resourceCount() {
    return outposts.size() + instances.size() + loadBalancers.size() + buckets.size()
        + autoScalingGroups.size() + dbInstances.size();
  }

  /** A copy with every list (and every nested list) sorted by ID or name, so output is stable. */
  public Inventory sorted() {
    return new Inventory(schemaVersion, region, account, tagKey, sort(tagValues, Function.identity()),
        discoveredAt,
        sort(outposts.stream().map(Outpost::sorted).toList(), Outpost::id),
        sort(instances.stream().map(Ec2Instance::sorted).toList(), Ec2Instance::id),
        sort(loadBalancers.stream().map(LoadBalancer::sorted).toList(), LoadBalancer::arn),
        sort(buckets, Bucket::name),
        sort(autoScalingGroups, AutoScalingGroup::name),
        sort(dbInstances, DbInstance::id),
        sortGaps(gaps));
  }

  public record Outpost(String id, String arn, String name, String siteId, String ownerAccount,
      String lifeCycleStatus, List<String> instanceTypes, List<String> ebsVolumeTypes, boolean s3OnOutposts) {
    public Outpost {
      instanceTypes = copy(instanceTypes);
      ebsVolumeTypes = copy(ebsVolumeTypes);
    }

    public boolean active() {
      return "ACTIVE".equals(lifeCycleStatus);
    }

    Outpost sorted() {
      return new Outpost(id, arn, name, siteId, ownerAccount, lifeCycleStatus,
          sort(instanceTypes, Function.identity()), sort(ebsVolumeTypes, Function.identity()), s3OnOutposts);
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
