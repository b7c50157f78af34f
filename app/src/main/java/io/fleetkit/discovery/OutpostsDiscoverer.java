package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.outposts.model.GetOutpostInstanceTypesRequest;
import software.amazon.awssdk.services.outposts.model.GetOutpostInstanceTypesResponse;
import software.amazon.awssdk.services.outposts.model.ListOutpostsRequest;
import software.amazon.awssdk.services.outposts.model.ListOutpostsResponse;
import software.amazon.awssdk.services.outposts.model.Outpost;

/**
 * AWS Outposts: the ACTIVE Outposts of the Region ({@code ListOutposts}) and, for each one, its
 * instance types ({@code GetOutpostInstanceTypes}, paged per Outpost) and owner account.
 */
public final class OutpostsDiscoverer {
  /** ListOutposts and GetOutpostInstanceTypes MaxResults: 1 to 1000 (API reference). */
  public static final int MAX_RESULTS = 100;
  public static final String ACTIVE = "ACTIVE";

  private final OutpostsClient client;
  private final ApiCalls calls;

  public OutpostsDiscoverer(OutpostsClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** An ACTIVE Outpost with its instance types; CloudWatch adds volume types and S3 later. */
  public record Found(String id, String arn, String name, String siteId, String ownerAccount,
      String lifeCycleStatus, List<String> instanceTypes) {
    public Found {
      instanceTypes = List.copyOf(instanceTypes);
    }
  }

  public List<Outpost> listActive() {
    List<Outpost> out = new ArrayList<>();
    String token = null;
    do {
      ListOutpostsRequest request = ListOutpostsRequest.builder()
          .lifeCycleStatusFilter(ACTIVE).maxResults(MAX_RESULTS).nextToken(token).build();
      ListOutpostsResponse page = calls.call("outposts", "ListOutposts", () -> client.listOutposts(request));
      for (Outpost o : page.outposts()) {
        if (o.outpostId() == null || o.outpostArn() == null) {
          throw new MalformedResponseException("outposts:ListOutposts returned an Outpost without OutpostId or OutpostArn", null);
        }
        // The filter asks for ACTIVE only; the check keeps that true whatever the service returns.
        if (ACTIVE.equals(o.lifeCycleStatus())) out.add(o);
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    out.sort((a, b) -> a.outpostId().compareTo(b.outpostId()));
    return out;
  }

  /** All instance types of one Outpost, over as many pages as it takes, sorted. */
  public List<String> instanceTypes(String outpostId) {
    TreeSet<String> types = new TreeSet<>();
    String token = null;
    do {
      GetOutpostInstanceTypesRequest request = GetOutpostInstanceTypesRequest.builder()
          .outpostId(outpostId).maxResults(MAX_RESULTS).nextToken(token).build();
      GetOutpostInstanceTypesResponse page =
          calls.call("outposts", "GetOutpostInstanceTypes", () -> client.getOutpostInstanceTypes(request));
      for (var item : page.instanceTypes()) {
        if (item.instanceType() == null) {
          throw new MalformedResponseException("outposts:GetOutpostInstanceTypes returned an item without InstanceType"
              + " for " + outpostId, null);
        }
        types.add(item.instanceType());
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(types);
  }

  /** Every ACTIVE Outpost with its own instance types. */
  public List<Found> discover() {
    List<Found> out = new ArrayList<>();
    for (Outpost o : listActive()) {
      out.add(new Found(o.outpostId(), o.outpostArn(), o.name(), o.siteId(), o.ownerId(), o.lifeCycleStatus(),
          instanceTypes(o.outpostId())));
    }
    return out;
  }
}
