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
  /**
   * Pages of either call: 101 pages of 100 hold 10,100 Outposts of an account, or 10,100 instance types of one Outpost
   * (EC2 has about 1,100 in all, the SDK's InstanceType list); past any real answer, and a repeated or endless
   * token still ends the loop ({@link Pages}).
   */
  static final int PAGES = 101;

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
    Pages.each("outposts:ListOutposts", PAGES, token -> {
      ListOutpostsRequest request = ListOutpostsRequest.builder()
          .lifeCycleStatusFilter(ACTIVE).maxResults(MAX_RESULTS).nextToken(token).build();
      return calls.call("outposts", "ListOutposts", () -> client.listOutposts(request));
    }, ListOutpostsResponse::nextToken, page -> {
      for (Outpost o : page.outposts()) {
        if (o.outpostId() == null || o.outpostArn() == null) {
          throw new MalformedResponseException("outposts:ListOutposts returned an Outpost without OutpostId or OutpostArn", null);
        }
        // The filter asks for ACTIVE only; the check keeps that true whatever the service returns.
        if (ACTIVE.equals(o.lifeCycleStatus())) out.add(o);
      }
    });
    out.sort((a, b) -> a.outpostId().compareTo(b.outpostId()));
    return out;
  }

  /** All instance types of one Outpost, over as many pages as it takes, sorted. */
  public List<String> instanceTypes(String outpostId) {
    TreeSet<String> types = new TreeSet<>();
    Pages.each("outposts:GetOutpostInstanceTypes", PAGES, token -> {
      GetOutpostInstanceTypesRequest request = GetOutpostInstanceTypesRequest.builder()
          .outpostId(outpostId).maxResults(MAX_RESULTS).nextToken(token).build();
      return calls.call("outposts", "GetOutpostInstanceTypes", () -> client.getOutpostInstanceTypes(request));
    }, GetOutpostInstanceTypesResponse::nextToken, page -> {
      for (var item : page.instanceTypes()) {
        if (item.instanceType() == null) {
          throw new MalformedResponseException("outposts:GetOutpostInstanceTypes returned an item without InstanceType"
              + " for " + outpostId, null);
        }
        types.add(item.instanceType());
      }
    });
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
