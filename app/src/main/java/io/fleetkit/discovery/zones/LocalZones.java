package io.fleetkit.discovery.zones;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.Pages;
import io.fleetkit.discovery.Poller;
import io.fleetkit.discovery.ServiceErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.ModifyAvailabilityZoneGroupRequest;
import software.amazon.awssdk.services.ec2.model.ModifyAvailabilityZoneOptInStatus;

/**
 * The EC2 calls of the {@code zones} command: list Local Zones, opt in to a zone group and wait,
 * and list the instance types a zone offers. Every failure becomes a {@link ZonesException} whose
 * message says what to do.
 */
public final class LocalZones {
  public static final String LOCAL_ZONE = "local-zone";
  public static final String OPTED_IN = "opted-in";
  public static final String NOT_OPTED_IN = "not-opted-in";

  /** Waits between polls; tests pass one that does not sleep. */
  public interface Sleeper extends Poller.Sleeper {}

  /** The opt-in poll backs off to once a minute: a zone group takes minutes to opt in. */
  public static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(1);
  /** DescribeInstanceTypeOfferings pages for one zone: a zone offers a few hundred types, 1,000 a page by default. */
  static final int MAX_OFFERING_PAGES = 100;

  /** One Local Zone as DescribeAvailabilityZones reports it. */
  public record Zone(String name, String id, String group, String optInStatus, String parentZone,
      String networkBorderGroup, String region, String state) {
    static Zone of(AvailabilityZone z) {
      return new Zone(z.zoneName(), z.zoneId(), z.groupName(), z.optInStatusAsString(), nullToEmpty(z.parentZoneName()),
          nullToEmpty(z.networkBorderGroup()), z.regionName(), z.stateAsString());
    }
  }

  private final Ec2Client ec2;
  private final String region;

  public LocalZones(Ec2Client ec2, String region) {
    this.ec2 = ec2;
    this.region = region;
  }

  /** Every Local Zone of the Region, opted in or not, sorted by name. */
  public List<Zone> list() {
    return describe(DescribeAvailabilityZonesRequest.builder()
            .allAvailabilityZones(true)
            .filters(filter("zone-type", LOCAL_ZONE))
            .build(),
        "ec2:DescribeAvailabilityZones").stream()
        .filter(z -> LOCAL_ZONE.equals(z.zoneType()))
        .map(Zone::of)
        .sorted(Comparator.comparing(Zone::name))
        .toList();
  }

  /** One Local Zone; unknown names and non-Local Zones are errors. */
  public Zone zone(String name) {
    List<AvailabilityZone> found;
    try {
      found = describe(DescribeAvailabilityZonesRequest.builder().allAvailabilityZones(true).zoneNames(name).build(),
          "ec2:DescribeAvailabilityZones");
    } catch (ZonesException e) {
      if (e.getCause() instanceof AwsServiceException s && "InvalidParameterValue".equals(code(s))) {
        throw unknownZone(name);
      }
      throw e;
    }
    if (found.isEmpty()) throw unknownZone(name);
    AvailabilityZone z = found.get(0);
    if (!LOCAL_ZONE.equals(z.zoneType())) {
      throw new ZonesException(name + " is " + article(z.zoneType()) + ", not a Local Zone (list Local Zones with: bin/fleetkit zones list --region "
          + region + ")");
    }
    return Zone.of(z);
  }

  /** The zone, which must be opted in. */
  public Zone optedInZone(String name) {
    Zone z = zone(name);
    if (!OPTED_IN.equals(z.optInStatus())) {
      throw new ZonesException("zone " + name + " is not opted in (its group " + z.group() + " is " + z.optInStatus()
          + "; opt in with: bin/fleetkit zones opt-in " + z.group() + " --region " + region + ")");
    }
    return z;
  }

  /** The zones of a group; an unknown group is an error. */
  public List<Zone> group(String group) {
    List<Zone> zones = describe(DescribeAvailabilityZonesRequest.builder()
            .allAvailabilityZones(true)
            .filters(filter("group-name", group))
            .build(),
        "ec2:DescribeAvailabilityZones").stream().map(Zone::of).sorted(Comparator.comparing(Zone::name)).toList();
    if (zones.isEmpty()) {
      throw new ZonesException("unknown zone group " + group + " in " + region
          + " (list Local Zones and their groups with: bin/fleetkit zones list --region " + region + ")");
    }
    if (zones.stream().anyMatch(z -> z.optInStatus().equals("opt-in-not-required"))) {
      throw new ZonesException(group + " is a Region's Availability Zone group, which needs no opt-in (expected a Local Zone group such as "
          + region + "-atl-1)");
    }
    return zones;
  }

  /**
   * Asks EC2 whether the caller may opt in to {@code group}, changing nothing: the API answers
   * DryRunOperation when allowed and UnauthorizedOperation when not.
   */
  public void optInDryRun(String group) {
    group(group);
    try {
      ec2.modifyAvailabilityZoneGroup(ModifyAvailabilityZoneGroupRequest.builder()
          .groupName(group).optInStatus(ModifyAvailabilityZoneOptInStatus.OPTED_IN).dryRun(true).build());
      throw new ZonesException("dry run of ec2:ModifyAvailabilityZoneGroup for " + group
          + " returned success instead of DryRunOperation; nothing is known about the permission");
    } catch (AwsServiceException e) {
      if ("DryRunOperation".equals(code(e))) return;
      throw translate(e, "ec2:ModifyAvailabilityZoneGroup");
    } catch (SdkException e) {
      throw translate(e, "ec2:ModifyAvailabilityZoneGroup");
    }
  }

  /**
   * Opts in to {@code group} and polls until every zone of it reports opted-in.
   *
   * @param progress receives one line per poll
   * @return the zones of the group, opted in
   */
  public List<Zone> optIn(String group, Duration timeout, Duration interval, Sleeper sleeper, Consumer<String> progress) {
    List<Zone> zones = group(group);
    if (zones.stream().allMatch(z -> OPTED_IN.equals(z.optInStatus()))) {
      progress.accept(group + " is already opted in");
      return zones;
    }
    try {
      ec2.modifyAvailabilityZoneGroup(ModifyAvailabilityZoneGroupRequest.builder()
          .groupName(group).optInStatus(ModifyAvailabilityZoneOptInStatus.OPTED_IN).build());
    } catch (SdkException e) {
      throw translate(e, "ec2:ModifyAvailabilityZoneGroup");
    }
    progress.accept("requested opt-in for " + group + "; waiting up to " + format(timeout));
    long[] last = {0, zones.size()};
    Poller poller = new Poller(interval, MAX_POLL_INTERVAL, timeout);
    try {
      return poller.poll(waited -> {
        List<Zone> now = group(group);
        long done = now.stream().filter(z -> OPTED_IN.equals(z.optInStatus())).count();
        last[0] = done;
        last[1] = now.size();
        if (done == now.size()) {
          progress.accept(group + " is opted in after " + format(waited));
          return java.util.Optional.of(now);
        }
        progress.accept("  " + format(waited) + ": " + done + " of " + now.size() + " zones opted in ("
            + now.stream().map(z -> z.name() + " " + z.optInStatus()).reduce((a, b) -> a + ", " + b).orElse("") + ")");
        return java.util.Optional.empty();
      }, sleeper);
    } catch (Poller.DeadlineException e) {
      throw new ZonesException("zone group " + group + " is still not opted in after " + format(timeout) + " ("
          + last[0] + " of " + last[1] + " zones opted in; rerun with a longer --timeout, or check the EC2 console's Zones page)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZonesException("interrupted while waiting for " + group + " to be opted in", e);
    }
  }

  /** The instance types offered in an opted-in Local Zone, sorted, read page by page. */
  public List<String> offerings(String zone) {
    optedInZone(zone);
    TreeSet<String> types = new TreeSet<>();
    try {
      Pages.each("ec2:DescribeInstanceTypeOfferings", MAX_OFFERING_PAGES, token ->
          ec2.describeInstanceTypeOfferings(DescribeInstanceTypeOfferingsRequest.builder()
              .locationType(LocationType.AVAILABILITY_ZONE)
              .filters(filter("location", zone))
              .nextToken(token)
              .build()),
          DescribeInstanceTypeOfferingsResponse::nextToken, r -> {
            for (InstanceTypeOffering o : r.instanceTypeOfferings()) {
              if (o.instanceTypeAsString() == null || o.instanceTypeAsString().isEmpty()) {
                throw new ZonesException("ec2:DescribeInstanceTypeOfferings returned an offering without InstanceType for "
                    + zone + " (a malformed answer; retry later)");
              }
              types.add(o.instanceTypeAsString());
            }
          });
    } catch (SdkException e) {
      throw translate(e, "ec2:DescribeInstanceTypeOfferings");
    } catch (DiscoveryException e) {
      throw new ZonesException(e.getMessage(), e);
    }
    return new ArrayList<>(types);
  }

  private List<AvailabilityZone> describe(DescribeAvailabilityZonesRequest request, String action) {
    try {
      return ec2.describeAvailabilityZones(request).availabilityZones();
    } catch (SdkException e) {
      throw translate(e, action);
    }
  }

  private ZonesException unknownZone(String name) {
    return new ZonesException("unknown zone " + name + " in " + region + " (list Local Zones with: bin/fleetkit zones list --region "
        + region + ")");
  }

  /** Turns SDK failures into messages naming the missing credential or the denied action. */
  static ZonesException translate(SdkException e, String action) {
    if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("Unable to load credentials")) {
      return new ZonesException("no AWS credentials found (set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, or run aws sso login); " + action + " was not called", e);
    }
    if (e instanceof AwsServiceException s) {
      String code = code(s);
      if ("UnauthorizedOperation".equals(code) || "AccessDenied".equals(code) || "AccessDeniedException".equals(code)
          || s.statusCode() == 403) {
        String m = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
        return new ZonesException("access denied to " + action + " (allow that action for the credentials in use): "
            + (m == null || m.isBlank() ? ServiceErrors.describe(s) : m), e);
      }
      if ("AuthFailure".equals(code)) {
        return new ZonesException("AWS rejected the credentials (AuthFailure) calling " + action
            + "; check that they are current and for the right account", e);
      }
      return new ZonesException(action + " failed: " + ServiceErrors.describe(s), e);
    }
    return new ZonesException("cannot reach EC2 for " + action + ": " + e.getMessage(), e);
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? "" : nullToEmpty(e.awsErrorDetails().errorCode());
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  private static String article(String zoneType) {
    return zoneType.startsWith("a") ? "an " + zoneType : "a " + zoneType;
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s") : s + "s";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
