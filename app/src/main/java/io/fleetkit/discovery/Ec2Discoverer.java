package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * EC2 {@code DescribeInstances} for the tagged instance IDs (every instance of every reservation,
 * pending to stopped) and {@code DescribeInstanceTypes} for whether each type runs on Nitro.
 */
public final class Ec2Discoverer {
  /** The states a dashboard shows; terminated and shutting-down instances have no metrics left. */
  public static final List<String> STATES = List.of("pending", "running", "stopping", "stopped");
  /**
   * EC2 rejects more than 200 filter values in one call (error FilterLimitExceeded); the state
   * filter takes 4 of them.
   */
  public static final int IDS_PER_CALL = 200 - STATES.size();
  /** DescribeInstances MaxResults: 5 to 1000 (API reference). */
  public static final int MAX_RESULTS = 1000;
  /** DescribeInstanceTypes InstanceTypes: up to 100 types per request (API reference). */
  public static final int TYPES_PER_CALL = 100;

  private final Ec2Client client;
  private final ApiCalls calls;

  public Ec2Discoverer(Ec2Client client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** An instance before its type is known to be Nitro or not. */
  public record Described(String id, String instanceType, String state, String outpostArn, List<String> volumeIds) {
    public Described {
      volumeIds = List.copyOf(volumeIds);
    }

    public Ec2Instance withNitro(boolean nitro) {
      return new Ec2Instance(id, instanceType, nitro, state, outpostArn, volumeIds);
    }
  }

  /** The instances among {@code ids} that are pending, running, stopping or stopped, sorted by ID. */
  public List<Described> describeInstances(List<String> ids) {
    List<String> sortedIds = List.copyOf(new TreeSet<>(ids));
    Map<String, Described> out = new TreeMap<>();
    for (int i = 0; i < sortedIds.size(); i += IDS_PER_CALL) {
      List<String> batch = sortedIds.subList(i, Math.min(sortedIds.size(), i + IDS_PER_CALL));
      // Filters instead of InstanceIds: an ID that no longer exists is skipped, not an error for the batch.
      List<Filter> filters = List.of(
          Filter.builder().name("instance-id").values(batch).build(),
          Filter.builder().name("instance-state-name").values(STATES).build());
      // Filters apply after EC2 pages through the account, so pages may come empty: bounded like a listing.
      Pages.each("ec2:DescribeInstances", Pages.LISTING, token -> {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
            .filters(filters).maxResults(MAX_RESULTS).nextToken(token).build();
        return calls.call("ec2", "DescribeInstances", () -> client.describeInstances(request));
      }, DescribeInstancesResponse::nextToken, page -> {
        // Every instance of every reservation: one RunInstances call makes one reservation of many.
        for (Reservation r : page.reservations()) {
          for (Instance inst : r.instances()) {
            Described d = describe(inst);
            out.put(d.id(), d);
          }
        }
      });
    }
    return List.copyOf(out.values());
  }

  private static Described describe(Instance inst) {
    if (inst.instanceId() == null || inst.instanceTypeAsString() == null || inst.state() == null) {
      throw new MalformedResponseException("ec2:DescribeInstances returned an instance without instanceId, "
          + "instanceType or instanceState (" + inst.instanceId() + ")", null);
    }
    List<String> volumes = new ArrayList<>();
    for (InstanceBlockDeviceMapping m : inst.blockDeviceMappings()) {
      if (m.ebs() != null && m.ebs().volumeId() != null) volumes.add(m.ebs().volumeId());
    }
    volumes.sort(null);
    String outpost = inst.outpostArn() == null || inst.outpostArn().isEmpty() ? null : inst.outpostArn();
    return new Described(inst.instanceId(), inst.instanceTypeAsString(), inst.state().nameAsString(), outpost, volumes);
  }

  /** For each instance type, whether its hypervisor is nitro. */
  public Map<String, Boolean> nitroByType(Set<String> types) {
    List<String> sorted = List.copyOf(new TreeSet<>(types));
    Map<String, Boolean> out = new HashMap<>();
    for (int i = 0; i < sorted.size(); i += TYPES_PER_CALL) {
      List<String> batch = sorted.subList(i, Math.min(sorted.size(), i + TYPES_PER_CALL));
      // At most one page per named type, and one more.
      Pages.each("ec2:DescribeInstanceTypes", batch.size() + 1, token -> {
        DescribeInstanceTypesRequest request = DescribeInstanceTypesRequest.builder()
            .instanceTypesWithStrings(batch).nextToken(token).build();
        return calls.call("ec2", "DescribeInstanceTypes", () -> client.describeInstanceTypes(request));
      }, DescribeInstanceTypesResponse::nextToken, page -> {
        for (InstanceTypeInfo info : page.instanceTypes()) {
          if (info.instanceTypeAsString() == null) {
            throw new MalformedResponseException("ec2:DescribeInstanceTypes returned a type without instanceType", null);
          }
          out.put(info.instanceTypeAsString(), "nitro".equals(info.hypervisorAsString()));
        }
      });
    }
    return out;
  }
}
