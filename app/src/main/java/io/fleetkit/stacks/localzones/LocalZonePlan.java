package io.fleetkit.stacks.localzones;

import io.fleetkit.config.ConfigError;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.LocalZoneConfig;
import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.inventory.ZoneOfferings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked local_zone section. When the zones snapshot exists, every configured instance type
 * must be offered in the zone; a type that is not is a config error with file and line, raised
 * before any stack exists. Synth reads the snapshot and never calls AWS.
 */
public record LocalZonePlan(LocalZoneConfig zone, Optional<ZoneOfferings.Zone> offerings) {

  public static LocalZonePlan of(FleetkitConfig config) {
    LocalZoneConfig z = config.localZone();
    Path file = Path.of(z.zonesSnapshot());
    Optional<ZoneOfferings> snapshot;
    try {
      snapshot = ZoneOfferings.readIfExists(file);
    } catch (UncheckedIOException e) {
      throw new ConfigException(List.of(config.source().error("local_zone.zones_snapshot",
          e.getCause().getMessage())));
    }
    if (snapshot.isEmpty()) return new LocalZonePlan(z, Optional.empty());
    Optional<ZoneOfferings.Zone> offered = snapshot.get().zone(z.zone());
    if (offered.isEmpty()) {
      throw new ConfigException(List.of(config.source().error("local_zone.zone", "zone " + z.zone()
          + " is not in the zones snapshot " + file + " (expected a snapshot of it: bin/fleetkit zones offerings "
          + z.zone() + " --snapshot " + file + ")")));
    }
    Map<String, String> types = new LinkedHashMap<>();
    if (z.egress().equals(LocalZoneConfig.NAT_INSTANCE)) types.put("local_zone.nat_instance_type", z.natInstanceType());
    types.put("local_zone.web.instance_type", z.web().instanceType());
    types.put("local_zone.database.instance_type", z.database().instanceType());
    List<ConfigError> errors = new ArrayList<>();
    types.forEach((path, type) -> {
      if (!offered.get().instanceTypes().contains(type)) {
        errors.add(config.source().error(path, type + " is not offered in " + z.zone() + " (zones snapshot " + file
            + ", fetched " + offered.get().fetchedAt() + "; expected one of: "
            + String.join(", ", offered.get().instanceTypes()) + ")"));
      }
    });
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new LocalZonePlan(z, offered);
  }

  /** The stack's description, which names the zone. */
  public String description() {
    return "fleetkit: VPC extended into Local Zone " + zone.zone() + " with WordPress";
  }

  /** The latest Amazon Linux 2023 for the CPU of an instance type of this zone (resolved at deploy time). */
  public AmiChoice ami(String instanceType) {
    return AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.of(instanceType));
  }
}
