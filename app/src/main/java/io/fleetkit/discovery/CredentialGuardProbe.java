package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/**
 * The reads of {@code credential-guard check}: an AMI's boot mode and TPM support (ec2:DescribeImages), an
 * instance type's hypervisor, boot modes, NitroTPM support and bare metal flag (ec2:DescribeInstanceTypes), an
 * instance's AMI, type, platform and current boot mode (ec2:DescribeInstances), and the OS that SSM Agent reports
 * for a managed node (ssm:DescribeInstanceInformation).
 */
public final class CredentialGuardProbe {
  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final ApiCalls calls;

  public CredentialGuardProbe(Ec2Client ec2, SsmClient ssm, ApiCalls calls) {
    this.ec2 = ec2;
    this.ssm = ssm;
    this.calls = calls;
  }

  /**
   * What DescribeImages says of an AMI; null fields are absent from the answer (an AMI without a boot mode boots in
   * the instance type's default, EC2 User Guide "Boot modes").
   */
  public record ImageFacts(String id, String name, String platform, String bootMode, String tpmSupport) {}

  /** What DescribeInstanceTypes says of a type. */
  public record TypeFacts(String type, String hypervisor, boolean bareMetal, List<String> bootModes, String nitroTpm,
      List<String> tpmVersions) {}

  /** What DescribeInstances says of an instance. */
  public record InstanceFacts(String id, String imageId, String instanceType, String platform, String currentBootMode,
      String tpmSupport, String state) {}

  /** What SSM Agent reports of a managed node (Systems Manager fleet inventory). */
  public record ManagedFacts(String pingStatus, String platformType, String platformName, String platformVersion) {}

  /** The AMI; empty when EC2 no longer lists it (an instance's deregistered AMI). */
  public Optional<ImageFacts> image(String id) {
    DescribeImagesResponse r = calls.call("ec2", "DescribeImages", () -> ec2.describeImages(b -> b.imageIds(id)));
    if (r.images().isEmpty()) return Optional.empty();
    Image i = only(r.images(), "DescribeImages", id);
    return Optional.of(new ImageFacts(i.imageId(), i.name(), i.platformAsString(), i.bootModeAsString(),
        i.tpmSupportAsString()));
  }

  public TypeFacts instanceType(String type) {
    DescribeInstanceTypesResponse r = calls.call("ec2", "DescribeInstanceTypes",
        () -> ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(type)));
    InstanceTypeInfo t = only(r.instanceTypes(), "DescribeInstanceTypes", type);
    List<String> versions = t.nitroTpmInfo() == null ? List.of() : t.nitroTpmInfo().supportedVersions();
    return new TypeFacts(t.instanceTypeAsString(), t.hypervisorAsString(), Boolean.TRUE.equals(t.bareMetal()),
        t.supportedBootModesAsStrings(), t.nitroTpmSupportAsString(), versions);
  }

  public InstanceFacts instance(String id) {
    DescribeInstancesResponse r = calls.call("ec2", "DescribeInstances", () -> ec2.describeInstances(b -> b.instanceIds(id)));
    List<Instance> all = r.reservations().stream().flatMap(res -> res.instances().stream()).toList();
    Instance i = only(all, "DescribeInstances", id);
    if (i.imageId() == null || i.instanceTypeAsString() == null) {
      throw new MalformedResponseException("ec2:DescribeInstances returned " + id + " without imageId or instanceType", null);
    }
    return new InstanceFacts(i.instanceId(), i.imageId(), i.instanceTypeAsString(), i.platformAsString(),
        i.currentInstanceBootModeAsString(), i.tpmSupport(), i.state() == null ? null : i.state().nameAsString());
  }

  /** The node as SSM Agent reports it; empty when the instance is not a managed node. */
  public Optional<ManagedFacts> managed(String instanceId) {
    DescribeInstanceInformationResponse r = calls.call("ssm", "DescribeInstanceInformation",
        () -> ssm.describeInstanceInformation(b -> b.filters(InstanceInformationStringFilter.builder()
            .key("InstanceIds").values(instanceId).build())));
    List<InstanceInformation> nodes = r.instanceInformationList().stream()
        .filter(n -> instanceId.equals(n.instanceId())).toList();
    if (nodes.size() > 1) {
      throw new MalformedResponseException("ssm:DescribeInstanceInformation returned " + instanceId + " twice", null);
    }
    return nodes.stream().findFirst().map(n -> new ManagedFacts(n.pingStatusAsString(), n.platformTypeAsString(),
        n.platformName(), n.platformVersion()));
  }

  private static <T> T only(List<T> items, String operation, String id) {
    if (items.size() != 1) {
      throw new MalformedResponseException("ec2:" + operation + " returned " + items.size() + " results for " + id
          + " (expected exactly one)", null);
    }
    return items.get(0);
  }
}
