package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.InstanceTypes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The two EC2 reads of {@code nitro-audit}: every running instance of the Region (DescribeInstances) and every
 * instance type the Region offers with its hypervisor and Nitro Enclaves support (DescribeInstanceTypes). Both
 * page through NextToken in the shared loop ({@link Pages}), which stops with an error when a token repeats or the
 * pages outrun what the answer could need.
 */
public final class NitroAuditor {
  /** DescribeInstances MaxResults: 5 to 1000; DescribeInstanceTypes MaxResults: 5 to 100 (EC2 API Reference). */
  static final int INSTANCES_PER_PAGE = 1000;
  static final int TYPES_PER_PAGE = 100;
  /** EC2 has about 1,100 instance types (the SDK's InstanceType list): 101 pages of 100 hold ten times as many. */
  static final int TYPE_PAGES = 101;
  /**
   * Tags EC2 and Auto Scaling put on the instances they launch (EC2 User Guide, "Tag your resources", system
   * tags: aws:ec2launchtemplate:id and :version; Auto Scaling User Guide, "Tag Auto Scaling groups and
   * instances": aws:autoscaling:groupName).
   */
  static final String ASG_TAG = "aws:autoscaling:groupName";
  static final String LT_ID_TAG = "aws:ec2launchtemplate:id";
  static final String LT_VERSION_TAG = "aws:ec2launchtemplate:version";

  private final Ec2Client client;
  private final ApiCalls calls;

  public NitroAuditor(Ec2Client client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /**
   * A running instance and what launched it.
   *
   * @param autoScalingGroup null when no Auto Scaling group launched it
   * @param launchTemplateId null when no launch template did
   * @param launchTemplateVersion null when no launch template did
   */
  public record Running(String id, String instanceType, String autoScalingGroup, String launchTemplateId,
      String launchTemplateVersion) {}

  /** Every running instance, sorted by ID; {@code pages} hears the number of each page read. */
  public List<Running> running(Consumer<Integer> pages) {
    Map<String, Running> out = new TreeMap<>();
    int[] page = {0};
    // The running instances of a Region: a listing no quota bounds.
    Pages.each("ec2:DescribeInstances", Pages.LISTING, token -> {
      DescribeInstancesRequest request = DescribeInstancesRequest.builder()
          .filters(Filter.builder().name("instance-state-name").values("running").build())
          .maxResults(INSTANCES_PER_PAGE).nextToken(token).build();
      return calls.call("ec2", "DescribeInstances", () -> client.describeInstances(request));
    }, DescribeInstancesResponse::nextToken, response -> {
      pages.accept(++page[0]);
      for (Reservation r : response.reservations()) {
        for (Instance i : r.instances()) {
          if (i.instanceId() == null || i.instanceTypeAsString() == null) {
            throw new MalformedResponseException("ec2:DescribeInstances returned an instance without instanceId or instanceType", null);
          }
          out.put(i.instanceId(), new Running(i.instanceId(), i.instanceTypeAsString(), tag(i, ASG_TAG), tag(i, LT_ID_TAG),
              tag(i, LT_VERSION_TAG)));
        }
      }
    });
    return List.copyOf(out.values());
  }

  /** Every instance type of the Region with its hypervisor and Nitro Enclaves support, sorted by type. */
  public Map<String, InstanceTypes.TypeInfo> instanceTypes(Consumer<Integer> pages) {
    Map<String, InstanceTypes.TypeInfo> out = new TreeMap<>();
    int[] page = {0};
    Pages.each("ec2:DescribeInstanceTypes", TYPE_PAGES, token -> {
      DescribeInstanceTypesRequest request = DescribeInstanceTypesRequest.builder()
          .maxResults(TYPES_PER_PAGE).nextToken(token).build();
      return calls.call("ec2", "DescribeInstanceTypes", () -> client.describeInstanceTypes(request));
    }, DescribeInstanceTypesResponse::nextToken, response -> {
      pages.accept(++page[0]);
      for (InstanceTypeInfo info : response.instanceTypes()) {
        if (info.instanceTypeAsString() == null) {
          throw new MalformedResponseException("ec2:DescribeInstanceTypes returned a type without instanceType", null);
        }
        out.put(info.instanceTypeAsString(), new InstanceTypes.TypeInfo(hypervisor(info),
            "supported".equals(info.nitroEnclavesSupportAsString())));
      }
    });
    if (out.isEmpty()) {
      throw new MalformedResponseException("ec2:DescribeInstanceTypes returned no instance type at all", null);
    }
    return out;
  }

  /** nitro or xen as DescribeInstanceTypes says; bare metal types have no hypervisor. */
  private static String hypervisor(InstanceTypeInfo info) {
    String h = info.hypervisorAsString();
    if (h == null || h.isEmpty()) {
      if (Boolean.TRUE.equals(info.bareMetal())) return InstanceTypes.NONE;
      throw new MalformedResponseException("ec2:DescribeInstanceTypes returned " + info.instanceTypeAsString()
          + " with no hypervisor and not bare metal", null);
    }
    if (!h.equals(InstanceTypes.NITRO) && !h.equals(InstanceTypes.XEN)) {
      throw new MalformedResponseException("ec2:DescribeInstanceTypes returned the unknown hypervisor \"" + h + "\" for "
          + info.instanceTypeAsString(), null);
    }
    return h;
  }

  private static String tag(Instance i, String key) {
    for (Tag t : i.tags()) {
      if (key.equals(t.key())) return t.value();
    }
    return null;
  }
}
