package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesRequest;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * Resource Groups Tagging API {@code GetResources}: the ARNs of every EC2 instance, load balancer,
 * S3 bucket and RDS DB instance that carries the tag key with one of the values. Auto Scaling
 * groups are not in this API; {@link AutoScalingDiscoverer} finds them.
 */
public final class TaggingDiscoverer {
  /** service[:resourceType] as embedded in the ARN (GetResources ResourceTypeFilters). */
  public static final List<String> RESOURCE_TYPES =
      List.of("ec2:instance", "elasticloadbalancing:loadbalancer", "rds:db", "s3:bucket");
  /** GetResources TagFilter: each key can include up to 20 values (API reference, TagFilters). */
  public static final int MAX_VALUES_PER_FILTER = 20;
  /** GetResources ResourcesPerPage: minimum 1, maximum 100 (API reference). */
  public static final int RESOURCES_PER_PAGE = 100;

  private final ResourceGroupsTaggingApiClient client;
  private final ApiCalls calls;

  public TaggingDiscoverer(ResourceGroupsTaggingApiClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** Tag values in request-sized chunks; no values means "the key with any value". */
  public static List<List<String>> chunks(List<String> values) {
    List<String> distinct = List.copyOf(new TreeSet<>(values));
    if (distinct.isEmpty()) return List.of(List.of());
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i += MAX_VALUES_PER_FILTER) {
      out.add(distinct.subList(i, Math.min(distinct.size(), i + MAX_VALUES_PER_FILTER)));
    }
    return out;
  }

  /** Every matching ARN, sorted and without duplicates. */
  public List<String> findArns(String tagKey, List<String> tagValues) {
    Set<String> arns = new TreeSet<>();
    for (List<String> chunk : chunks(tagValues)) {
      TagFilter filter = chunk.isEmpty()
          ? TagFilter.builder().key(tagKey).build()
          : TagFilter.builder().key(tagKey).values(chunk).build();
      // The last page carries an empty PaginationToken (""), not a missing one; Pages stops at either.
      Pages.each("tag:GetResources", Pages.LISTING, token -> {
        GetResourcesRequest request = GetResourcesRequest.builder()
            .resourceTypeFilters(RESOURCE_TYPES)
            .tagFilters(filter)
            .resourcesPerPage(RESOURCES_PER_PAGE)
            .paginationToken(token)
            .build();
        return calls.call("tag", "GetResources", () -> client.getResources(request));
      }, GetResourcesResponse::paginationToken, page -> {
        for (ResourceTagMapping m : page.resourceTagMappingList()) {
          if (m.resourceARN() == null || !m.resourceARN().startsWith("arn:")) {
            throw new MalformedResponseException("tag:GetResources returned a resource without a valid ResourceARN ("
                + m.resourceARN() + ")", null);
          }
          arns.add(m.resourceARN());
        }
      });
    }
    return List.copyOf(arns);
  }
}
