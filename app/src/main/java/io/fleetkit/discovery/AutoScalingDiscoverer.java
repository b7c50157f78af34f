package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Filter;

/**
 * Auto Scaling {@code DescribeAutoScalingGroups} with a tag filter: the Tagging API does not
 * return Auto Scaling groups.
 */
public final class AutoScalingDiscoverer {
  /** DescribeAutoScalingGroups MaxRecords: default 50, maximum 100 (API reference). */
  public static final int MAX_RECORDS = 100;
  /** Auto Scaling groups per Region: 500 by default (Auto Scaling quotas); pages for twenty times that many. */
  static final int GROUP_PAGES = 10_000 / MAX_RECORDS + 1;

  private final AutoScalingClient client;
  private final ApiCalls calls;

  public AutoScalingDiscoverer(AutoScalingClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** Groups tagged {@code tagKey} with one of the values (any value when there are none), sorted. */
  public List<AutoScalingGroup> find(String tagKey, List<String> tagValues) {
    Set<String> names = new TreeSet<>();
    // The same chunks as the Tagging API keep each request small.
    for (List<String> chunk : TaggingDiscoverer.chunks(tagValues)) {
      // tag:<key> takes values; tag-key takes the key alone (Filter, Auto Scaling API reference).
      Filter filter = chunk.isEmpty()
          ? Filter.builder().name("tag-key").values(tagKey).build()
          : Filter.builder().name("tag:" + tagKey).values(chunk).build();
      Pages.each("autoscaling:DescribeAutoScalingGroups", GROUP_PAGES, token -> {
        DescribeAutoScalingGroupsRequest request = DescribeAutoScalingGroupsRequest.builder()
            .filters(filter).maxRecords(MAX_RECORDS).includeInstances(false).nextToken(token).build();
        return calls.call("autoscaling", "DescribeAutoScalingGroups", () -> client.describeAutoScalingGroups(request));
      }, DescribeAutoScalingGroupsResponse::nextToken, page -> {
        for (var group : page.autoScalingGroups()) {
          if (group.autoScalingGroupName() == null) {
            throw new MalformedResponseException(
                "autoscaling:DescribeAutoScalingGroups returned a group without AutoScalingGroupName", null);
          }
          names.add(group.autoScalingGroupName());
        }
      });
    }
    return names.stream().map(AutoScalingGroup::new).toList();
  }
}
