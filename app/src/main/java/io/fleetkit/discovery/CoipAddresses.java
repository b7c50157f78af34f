package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.AccessDeniedException;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.CoipPool;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The CoIP calls of {@code outpost-lgw coip}, which CloudFormation has no type for: allocate a customer-owned IP from a
 * pool and associate it with an instance (AllocateAddress with CustomerOwnedIpv4Pool, AssociateAddress), and turn on
 * CoIP auto-assignment for an Outpost subnet (ModifySubnetAttribute MapCustomerOwnedIpOnLaunch with the pool).
 */
public final class CoipAddresses {
  private final Ec2Client ec2;
  private final ApiCalls calls;

  public CoipAddresses(Ec2Client ec2, ApiCalls calls) {
    this.ec2 = ec2;
    this.calls = calls;
  }

  /** An allocated and associated address; {@code associationId} is empty after a dry run. */
  public record Allocation(String allocationId, String address, String associationId) {}

  /** The pool, which must exist. */
  public CoipPool pool(String poolId) {
    List<CoipPool> pools = calls.call("ec2", "DescribeCoipPools", () -> ec2.describeCoipPools(r -> r.poolIds(poolId)))
        .coipPools();
    if (pools.isEmpty()) throw new DiscoveryException(poolId + " is not a CoIP pool of this account and Region", null);
    return pools.get(0);
  }

  /** The instance, which must be on an Outpost: CoIPs belong to an Outpost's local gateway. */
  public Instance outpostInstance(String instanceId) {
    List<Instance> found = calls.call("ec2", "DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    if (found.isEmpty()) throw new DiscoveryException(instanceId + " is not an instance of this account and Region", null);
    Instance i = found.get(0);
    String subnet = i.subnetId();
    Subnet s = subnet == null ? null : subnet(subnet);
    if (s == null || s.outpostArn() == null) {
      throw new DiscoveryException(instanceId + " is not in a subnet on an Outpost (subnet " + subnet + "); a customer-owned"
          + " IP reaches it only through an Outpost's local gateway", null);
    }
    return i;
  }

  /** The subnet, which must exist. */
  public Subnet subnet(String subnetId) {
    List<Subnet> subnets = calls.call("ec2", "DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(subnetId))).subnets();
    if (subnets.isEmpty()) throw new DiscoveryException(subnetId + " is not a subnet of this account and Region", null);
    return subnets.get(0);
  }

  /**
   * AllocateAddress with DryRun: returns normally when EC2 answers DryRunOperation (the caller may allocate from the
   * pool), and throws the denial otherwise.
   */
  public void allocateDryRun(String poolId) {
    dryRun("AllocateAddress", () -> ec2.allocateAddress(r -> r.domain(DomainType.VPC).customerOwnedIpv4Pool(poolId).dryRun(true)));
  }

  /**
   * Allocates an address from the pool and associates it with the instance; when the association fails, the address is
   * released again so that none is left allocated and unused, and the failure is thrown.
   */
  public Allocation allocate(String poolId, String instanceId) {
    var allocated = calls.call("ec2", "AllocateAddress",
        () -> ec2.allocateAddress(r -> r.domain(DomainType.VPC).customerOwnedIpv4Pool(poolId)));
    String allocationId = allocated.allocationId();
    try {
      String association = calls.call("ec2", "AssociateAddress",
          () -> ec2.associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId))).associationId();
      return new Allocation(allocationId, allocated.customerOwnedIp(), association);
    } catch (DiscoveryException e) {
      calls.call("ec2", "ReleaseAddress", () -> ec2.releaseAddress(r -> r.allocationId(allocationId)));
      throw new DiscoveryException(e.getMessage() + "; released " + allocationId + " (" + allocated.customerOwnedIp()
          + ") again", e);
    }
  }

  /** Turns on CoIP auto-assignment from the pool for the subnet. ModifySubnetAttribute has no DryRun parameter. */
  public void autoAssign(String subnetId, String poolId) {
    calls.call("ec2", "ModifySubnetAttribute", () -> ec2.modifySubnetAttribute(r -> r.subnetId(subnetId)
        .mapCustomerOwnedIpOnLaunch(AttributeBooleanValue.builder().value(true).build()).customerOwnedIpv4Pool(poolId)));
  }

  private void dryRun(String operation, Runnable call) {
    try {
      calls.call("ec2", operation, () -> {
        call.run();
        return null;
      });
    } catch (AccessDeniedException e) {
      throw e;
    } catch (DiscoveryException e) {
      if (e.getCause() instanceof AwsServiceException a
          && ServiceErrors.code(a).filter("DryRunOperation"::equals).isPresent()) {
        return;
      }
      throw e;
    }
    throw new DiscoveryException("ec2:" + operation + " with DryRun returned success instead of DryRunOperation; nothing is"
        + " known about the permission", null);
  }
}
