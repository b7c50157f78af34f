package io.fleetkit.stacks.localzones;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.LocalZoneConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.inventory.ZoneOfferings;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked local_zone section. With a zones snapshot (config must name one, or say {@code none}), every
 * configured instance type and EBS volume type must be recorded for the zone; the database and NAT images
 * are fixed at synth. Each violation is a config error with file and line, raised before any stack exists.
 * Synth reads the snapshot and never calls AWS.
 *
 * @param offerings what the snapshot recorded for the zone; empty with {@code zones_snapshot: none}
 */
public record LocalZonePlan(LocalZoneConfig zone, Optional<ZoneOfferings.Zone> offerings) {

  public static LocalZonePlan of(FleetkitConfig config) {
    LocalZoneConfig z = config.localZone();
    List<ConfigError> errors = new ArrayList<>();
    amis(config, errors);
    Optional<ZoneOfferings.Zone> offered = Optional.empty();
    if (z.zonesSnapshotFile().isPresent()) {
      offered = offerings(config, Path.of(z.zonesSnapshotFile().get()), errors);
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new LocalZonePlan(z, offered);
  }

  /** The zone's entry of the snapshot, with its instance and volume types checked; empty after an error. */
  private static Optional<ZoneOfferings.Zone> offerings(FleetkitConfig config, Path file, List<ConfigError> errors) {
    LocalZoneConfig z = config.localZone();
    String record = "bin/fleetkit zones offerings " + z.zone() + " --region " + z.region() + " --snapshot " + file;
    if (!Files.isRegularFile(file)) {
      errors.add(config.source().error("local_zone.zones_snapshot", file + " does not exist (expected the zones snapshot"
          + " of " + z.zone() + ": " + record + "; or zones_snapshot: none to synthesize without checking the zone's"
          + " instance and volume types)"));
      return Optional.empty();
    }
    Optional<ZoneOfferings.Zone> offered;
    try {
      offered = ZoneOfferings.readIfExists(file).orElseThrow().zone(z.zone());
    } catch (UncheckedIOException e) {
      errors.add(config.source().error("local_zone.zones_snapshot", e.getCause().getMessage()));
      return Optional.empty();
    }
    if (offered.isEmpty()) {
      errors.add(config.source().error("local_zone.zone", "zone " + z.zone() + " is not in the zones snapshot " + file
          + " (expected a snapshot of it: " + record + ")"));
      return Optional.empty();
    }
    ZoneOfferings.Zone zone = offered.get();
    boolean nat = z.egress().equals(LocalZoneConfig.NAT_INSTANCE);
    Map<String, String> types = new LinkedHashMap<>();
    if (nat) types.put("local_zone.nat_instance_type", z.natInstanceType());
    types.put("local_zone.web.instance_type", z.web().instanceType());
    types.put("local_zone.database.instance_type", z.database().instanceType());
    types.forEach((path, type) -> {
      if (!zone.instanceTypes().contains(type)) {
        errors.add(config.source().error(path, type + " is not offered in " + z.zone() + " (zones snapshot " + file
            + ", fetched " + zone.fetchedAt() + "; expected one of: " + String.join(", ", zone.instanceTypes()) + ")"));
      }
    });
    Map<String, String> volumes = new LinkedHashMap<>();
    if (nat) volumes.put("local_zone.nat_volume_type", z.natVolumeType());
    volumes.put("local_zone.web.volume_type", z.web().volumeType());
    volumes.put("local_zone.database.volume_type", z.database().volumeType());
    volumes.forEach((path, type) -> {
      if (!zone.volumeTypes().contains(type)) {
        errors.add(config.source().error(path, type + " is not an EBS volume type of " + z.zone() + " (zones snapshot "
            + file + ", fetched " + zone.fetchedAt() + " from " + zone.volumeTypesSource() + "; expected one of: "
            + String.join(", ", zone.volumeTypes()) + ")"));
      }
    });
    return offered;
  }

  /** "latest" is a context lookup, cached per account and Region: the account must be known at synth. */
  private static void amis(FleetkitConfig config, List<ConfigError> errors) {
    if (config.project().account().isPresent()) return;
    LocalZoneConfig z = config.localZone();
    Map<String, String[]> amis = new LinkedHashMap<>();
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) {
      amis.put("local_zone.nat_ami", new String[] {z.natAmi(), z.natInstanceType()});
    }
    amis.put("local_zone.database.ami", new String[] {z.database().ami(), z.database().instanceType()});
    amis.forEach((path, ami) -> {
      if (ami[0].equals(LocalZoneConfig.LATEST)) {
        String arch = AmiChoice.Cpu.of(ami[1]) == AmiChoice.Cpu.ARM_64 ? "arm64" : "x86_64";
        errors.add(config.source().error(path, "latest is looked up once and cached in cdk.context.json for an account"
            + " and Region, so it needs project.account (expected project.account, or an AMI ID, such as today's: aws ssm"
            + " get-parameter --region " + z.region() + " --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-"
            + arch + " --query Parameter.Value --output text)"));
      }
    });
  }

  /** The stack's description, which names the zone. */
  public String description() {
    return "fleetkit: VPC extended into Local Zone " + zone.zone() + " with WordPress";
  }

  /** The NAT instance's image, fixed at synth. */
  public AmiChoice natAmi() {
    return pinned(zone.natAmi(), zone.natInstanceType());
  }

  /** The database instance's image, fixed at synth: replacing the instance keeps the data, but costs downtime. */
  public AmiChoice databaseAmi() {
    return pinned(zone.database().ami(), zone.database().instanceType());
  }

  /**
   * The web tier's image: the latest Amazon Linux 2023 for the CPU, resolved at every deploy. The group holds no
   * state and replaces instances one at a time when the image changes.
   */
  public AmiChoice webAmi() {
    return AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.of(zone.web().instanceType()));
  }

  private AmiChoice pinned(String ami, String instanceType) {
    Optional<String> id = ami.equals(LocalZoneConfig.LATEST) ? Optional.empty() : Optional.of(ami);
    return AmiChoice.pinnedAmazonLinux2023(id, zone.region(), AmiChoice.Cpu.of(instanceType));
  }
}
