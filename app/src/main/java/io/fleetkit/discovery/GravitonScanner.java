package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * The reads of {@code graviton-candidates}: running instances (DescribeInstances) and Auto Scaling groups
 * (DescribeAutoScalingGroups), optionally only those with a tag; the CPU architectures of their types
 * (DescribeInstanceTypes); the zones that offer a type (DescribeInstanceTypeOfferings); their images and arm64 images
 * named like them (DescribeImages). Every call goes through {@link ApiCalls}, every listing through {@link Pages}.
 */
public final class GravitonScanner {
  /** DescribeInstances MaxResults 5-1,000; DescribeAutoScalingGroups MaxRecords at most 100 (API references). */
  static final int INSTANCES_PER_PAGE = 1_000;
  static final int GROUPS_PER_PAGE = 100;
  /** DescribeInstanceTypes takes at most 100 names a call; DescribeInstanceTypeOfferings MaxResults at most 1,000. */
  static final int TYPES_PER_CALL = 100;
  static final int OFFERINGS_PER_PAGE = 1_000;

  private final Ec2Client ec2;
  private final AutoScalingClient autoScaling;
  private final ApiCalls calls;

  public GravitonScanner(Ec2Client ec2, AutoScalingClient autoScaling, ApiCalls calls) {
    this.ec2 = ec2;
    this.autoScaling = autoScaling;
    this.calls = calls;
  }

  /** A running instance; {@code tags} sorted by key. */
  public record Running(String id, String instanceType, String zone, String imageId, String platformDetails, String tenancy,
      Map<String, String> tags) {}

  /** An Auto Scaling group: its zones, the types its mixed instances policy lists, the types of its instances, its tags. */
  public record Group(String name, List<String> zones, List<String> overrideTypes, List<String> instanceTypes,
      Map<String, String> tags) {}

  /** An image as EC2 describes it. */
  public record ImageFacts(String id, String name, String ownerId, String architecture, String platformDetails,
      String creationDate) {}

  /** Running instances, sorted by ID; with a tag, only those that carry it with that value. */
  public List<Running> running(Optional<String> tagKey, Optional<String> tagValue, Consumer<Integer> pages) {
    List<Running> out = new ArrayList<>();
    int n = Pages.each("ec2:DescribeInstances", Pages.LISTING, token -> {
      List<Filter> filters = new ArrayList<>(List.of(filter("instance-state-name", "running")));
      tagKey.ifPresent(k -> filters.add(filter("tag:" + k, tagValue.orElseThrow())));
      return calls.call("ec2", "DescribeInstances", () -> ec2.describeInstances(b -> b.filters(filters)
          .maxResults(INSTANCES_PER_PAGE).nextToken(token)));
    }, DescribeInstancesResponse::nextToken, page -> {
      for (Reservation r : page.reservations()) {
        for (Instance i : r.instances()) {
          if (i.instanceId() == null || i.instanceTypeAsString() == null || i.placement() == null) {
            throw new MalformedResponseException("ec2:DescribeInstances returned an instance without instanceId, instanceType"
                + " or placement", null);
          }
          Map<String, String> tags = new TreeMap<>();
          i.tags().forEach(t -> tags.put(t.key(), t.value()));
          out.add(new Running(i.instanceId(), i.instanceTypeAsString(), i.placement().availabilityZone(), i.imageId(),
              i.platformDetails(), i.placement().tenancyAsString(), tags));
        }
      }
    });
    pages.accept(n);
    out.sort(Comparator.comparing(Running::id));
    return out;
  }

  /** Auto Scaling groups, sorted by name; with a tag, only those that carry it with that value. */
  public List<Group> groups(Optional<String> tagKey, Optional<String> tagValue, Consumer<Integer> pages) {
    List<Group> out = new ArrayList<>();
    int n = Pages.each("autoscaling:DescribeAutoScalingGroups", Pages.LISTING, token -> calls.call("autoscaling",
        "DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(b -> {
          b.maxRecords(GROUPS_PER_PAGE).nextToken(token);
          tagKey.ifPresent(k -> b.filters(f -> f.name("tag:" + k).values(tagValue.orElseThrow())));
        })), DescribeAutoScalingGroupsResponse::nextToken, page -> {
          for (AutoScalingGroup g : page.autoScalingGroups()) {
            List<String> overrides = g.mixedInstancesPolicy() == null || g.mixedInstancesPolicy().launchTemplate() == null
                ? List.of() : g.mixedInstancesPolicy().launchTemplate().overrides().stream()
                    .map(LaunchTemplateOverrides::instanceType).filter(t -> t != null).distinct().sorted().toList();
            List<String> running = g.instances().stream().map(i -> i.instanceType()).filter(t -> t != null).distinct().sorted()
                .toList();
            Map<String, String> tags = new TreeMap<>();
            g.tags().forEach(t -> tags.put(t.key(), t.value()));
            out.add(new Group(g.autoScalingGroupName(), List.copyOf(new TreeSet<>(g.availabilityZones())), overrides, running,
                tags));
          }
        });
    pages.accept(n);
    out.sort(Comparator.comparing(Group::name));
    return out;
  }

  /** The CPU architectures of each type (x86_64, arm64, ...), in calls of up to 100 types. */
  public Map<String, List<String>> architectures(List<String> types) {
    Map<String, List<String>> out = new TreeMap<>();
    for (int i = 0; i < types.size(); i += TYPES_PER_CALL) {
      List<String> batch = types.subList(i, Math.min(types.size(), i + TYPES_PER_CALL));
      var r = calls.call("ec2", "DescribeInstanceTypes", () -> ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(batch)));
      for (InstanceTypeInfo info : r.instanceTypes()) {
        if (info.processorInfo() == null) {
          throw new MalformedResponseException("ec2:DescribeInstanceTypes returned " + info.instanceTypeAsString()
              + " without processorInfo", null);
        }
        out.put(info.instanceTypeAsString(), info.processorInfo().supportedArchitecturesAsStrings());
      }
    }
    return out;
  }

  /** The Availability Zones of the Region that offer each type. */
  public Map<String, List<String>> zonesOffering(List<String> types, Consumer<Integer> pages) {
    Map<String, TreeSet<String>> zones = new TreeMap<>();
    types.forEach(t -> zones.put(t, new TreeSet<>()));
    int n = Pages.each("ec2:DescribeInstanceTypeOfferings", Pages.LISTING, token -> calls.call("ec2",
        "DescribeInstanceTypeOfferings", () -> ec2.describeInstanceTypeOfferings(b -> b.locationType("availability-zone")
            .filters(Filter.builder().name("instance-type").values(types).build()).maxResults(OFFERINGS_PER_PAGE)
            .nextToken(token))), DescribeInstanceTypeOfferingsResponse::nextToken, page -> page.instanceTypeOfferings()
                .forEach(o -> zones.computeIfAbsent(o.instanceTypeAsString(), k -> new TreeSet<>()).add(o.location())));
    pages.accept(n);
    Map<String, List<String>> out = new TreeMap<>();
    zones.forEach((t, z) -> out.put(t, List.copyOf(z)));
    return out;
  }

  /**
   * The images of these IDs that the caller can see, by ID. The image-id filter (not ImageIds) so that a deregistered or
   * unshared image is simply absent instead of failing the whole call (InvalidAMIID.NotFound); deprecated images included
   * (DescribeImages leaves them out by default, and instances keep running on them).
   */
  public Map<String, ImageFacts> images(List<String> ids) {
    Map<String, ImageFacts> out = new TreeMap<>();
    if (ids.isEmpty()) return out;
    Pages.each("ec2:DescribeImages", Pages.LISTING, token -> calls.call("ec2", "DescribeImages", () -> ec2.describeImages(b -> b
        .filters(Filter.builder().name("image-id").values(ids).build()).includeDeprecated(true).maxResults(1_000)
        .nextToken(token))),
        DescribeImagesResponse::nextToken, page -> page.images().forEach(i -> out.put(i.imageId(), facts(i))));
    return out;
  }

  /** The newest arm64 image of {@code ownerId} whose name matches {@code namePattern} (DescribeImages wildcards). */
  public Optional<ImageFacts> newestArm64(String ownerId, String namePattern) {
    List<ImageFacts> found = new ArrayList<>();
    Pages.each("ec2:DescribeImages", Pages.LISTING, token -> calls.call("ec2", "DescribeImages", () -> ec2.describeImages(b -> b
        .owners(ownerId).filters(filter("name", namePattern), filter("architecture", "arm64")).includeDeprecated(true)
        .maxResults(1_000)
        .nextToken(token))), DescribeImagesResponse::nextToken, page -> page.images().forEach(i -> found.add(facts(i))));
    return found.stream().max(Comparator.comparing((ImageFacts i) -> String.valueOf(i.creationDate())).thenComparing(ImageFacts::id));
  }

  private static ImageFacts facts(Image i) {
    return new ImageFacts(i.imageId(), i.name(), i.ownerId(), i.architectureAsString(), i.platformDetails(), i.creationDate());
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
