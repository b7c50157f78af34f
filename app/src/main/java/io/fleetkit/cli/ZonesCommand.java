package io.fleetkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.pricing.EbsVolumeTypes;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import io.fleetkit.discovery.zones.LocalZones;
import io.fleetkit.discovery.zones.ZonesException;
import io.fleetkit.inventory.ZoneOfferings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code fleetkit zones}: list Local Zones, opt in to a zone group, list the instance types a zone
 * offers (optionally into the zones snapshot that synth checks), and show their on-demand prices.
 */
@Command(name = "zones", mixinStandardHelpOptions = true,
    description = "AWS Local Zones: list, opt in, instance type offerings and on-demand prices.")
public final class ZonesCommand implements Runnable {
  static final String DEFAULT_SNAPSHOT = ".fleetkit/zones.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--region", scope = CommandLine.ScopeType.INHERIT, converter = Arguments.RegionConverter.class,
      description = "Parent Region of the zones (default: the SDK's Region chain)")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT, description = "Named AWS profile (default: the SDK's credential chain)")
  Optional<String> profile = Optional.empty();

  @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "Print JSON instead of a table")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  /** (command, service) → clients; the service is "ec2" or "pricing". */
  private final BiFunction<ZonesCommand, String, AwsClients> clients;
  private final LocalZones.Sleeper sleeper;

  public ZonesCommand() {
    this((c, service) -> AwsClients.of(c.region, c.profile), d -> Thread.sleep(d.toMillis()));
  }

  /** For tests: clients pointed at WireMock and a sleeper that does not wait. */
  ZonesCommand(BiFunction<ZonesCommand, String, AwsClients> clients, LocalZones.Sleeper sleeper) {
    this.clients = clients;
    this.sleeper = sleeper;
  }

  @Override
  public void run() {
    spec.commandLine().usage(console.out());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Local Zones of the Region with group, opt-in status, parent zone and network border group.")
  int list() {
    return guarded(aws -> {
      List<LocalZones.Zone> zones = localZones(aws).list();
      if (json) {
        print(zones.stream().map(ZonesCommand::zoneJson).toList());
      } else {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ZONE", "GROUP", "OPT-IN", "PARENT ZONE", "NETWORK BORDER GROUP"));
        zones.forEach(z -> rows.add(List.of(z.name(), z.group(), z.optInStatus(), z.parentZone(), z.networkBorderGroup())));
        Table.print(console.out(), rows);
        console.out().println(zones.size() + " Local Zones in " + aws.resolvedRegion().id()
            + "; opt in with: bin/fleetkit zones opt-in GROUP");
      }
    });
  }

  @Command(name = "opt-in", mixinStandardHelpOptions = true, description = "Opt in to a Local Zone group (ModifyAvailabilityZoneGroup), then wait until it is opted in.")
  int optIn(
      @Parameters(paramLabel = "GROUP", description = "Zone group, such as us-east-1-atl-1") String group,
      @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION", converter = Arguments.DurationConverter.class,
          description = "How long to wait, such as 90s, 10m or 1h (default: ${DEFAULT-VALUE})") Duration timeout,
      @Option(names = "--interval", defaultValue = "15s", paramLabel = "DURATION", converter = Arguments.DurationConverter.class,
          description = "First wait between status checks, at least 1s; it doubles up to 1m (default: ${DEFAULT-VALUE})")
      Duration interval,
      @Option(names = "--dry-run", description = "Only check the permission to opt in; change nothing") boolean dryRun) {
    return guarded(aws -> {
      LocalZones zones = localZones(aws);
      if (dryRun) {
        zones.optInDryRun(group);
        console.out().println("dry run: ec2:ModifyAvailabilityZoneGroup would be allowed for " + group + "; nothing was changed");
        return;
      }
      List<LocalZones.Zone> done = zones.optIn(group, timeout, interval, sleeper, line -> {
        if (!json) console.out().println(line);
        console.out().flush();
      });
      if (json) print(done.stream().map(ZonesCommand::zoneJson).toList());
    });
  }

  @Command(name = "offerings", mixinStandardHelpOptions = true, description = "Instance types offered in a Local Zone"
      + " (DescribeInstanceTypeOfferings, all pages); with --snapshot, also its EBS volume types (Price List GetProducts).")
  int offerings(
      @Parameters(paramLabel = "ZONE", description = "Local Zone name, such as us-east-1-atl-1a") String zone,
      @Option(names = "--snapshot", arity = "0..1", fallbackValue = DEFAULT_SNAPSHOT, paramLabel = "FILE",
          description = "Also write the zones snapshot that synth checks instance and volume types against (default file: "
              + DEFAULT_SNAPSHOT + ")") Path snapshot,
      @Option(names = "--pricing-region", defaultValue = "us-east-1", paramLabel = "REGION",
          description = "Region of the Price List API endpoint for the volume types: us-east-1, eu-central-1 or"
              + " ap-south-1 (default: ${DEFAULT-VALUE})") String pricingRegion) {
    return guarded(aws -> {
      LocalZones zones = localZones(aws);
      LocalZones.Zone z = zones.zone(zone);
      List<String> types = zones.offerings(zone);
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("zone", zone);
        o.put("group", z.group());
        o.put("instance_types", types);
        print(o);
      } else {
        types.forEach(console.out()::println);
        console.out().println(types.size() + " instance types offered in " + zone);
      }
      if (snapshot != null) {
        ZoneOfferings current = readSnapshot(snapshot);
        List<String> volumes;
        try {
          volumes = EbsVolumeTypes.of(clients.apply(this, "pricing"), Region.of(pricingRegion)).of(z.group());
        } catch (Ec2OnDemandPrices.PriceLookupException e) {
          throw new ZonesException(e.getMessage(), e);
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
          current.with(zone, new ZoneOfferings.Zone(z.region(), z.group(), types, volumes, EbsVolumeTypes.source(z.group()),
              now)).write(snapshot);
        } catch (IOException e) {
          throw new ZonesException("cannot write zones snapshot " + snapshot + ": " + e.getMessage(), e);
        }
        console.err().println("wrote " + snapshot + " (" + zone + ": " + types.size() + " instance types; EBS volume types "
            + String.join(", ", volumes) + " from the Price List)");
      }
    });
  }

  @Command(name = "prices", mixinStandardHelpOptions = true, description = "On-demand Linux prices per hour in a Local Zone (Price List GetProducts).")
  int prices(
      @Parameters(paramLabel = "ZONE", description = "Local Zone name, such as us-east-1-atl-1a") String zone,
      @Option(names = "--instance-type", paramLabel = "TYPE", converter = Arguments.InstanceTypeConverter.class,
          description = "Instance types to price (repeatable; default: every type the zone offers)") List<String> types,
      @Option(names = "--pricing-region", defaultValue = "us-east-1", paramLabel = "REGION",
          converter = Arguments.PricingRegionConverter.class,
          description = "Region of the Price List API endpoint: us-east-1, eu-central-1 or ap-south-1 (default: ${DEFAULT-VALUE})")
      String pricingRegion) {
    return guarded(aws -> {
      LocalZones zones = localZones(aws);
      LocalZones.Zone z = zones.zone(zone);
      List<String> wanted = types == null || types.isEmpty() ? zones.offerings(zone) : types;
      Ec2OnDemandPrices pricing = Ec2OnDemandPrices.of(clients.apply(this, "pricing"), Region.of(pricingRegion));
      List<Map<String, Object>> found = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String type : wanted) {
        try {
          // Local Zone products carry the zone group as their regionCode, such as us-east-1-atl-1.
          var price = pricing.hourly(Ec2OnDemandPrices.Query.linux(type, z.group()));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("zone", zone);
          row.put("region_code", z.group());
          row.put("instance_type", type);
          row.put("usd_per_hour", price.usdPerHour().stripTrailingZeros().toPlainString());
          row.put("sku", price.sku());
          found.add(row);
        } catch (Ec2OnDemandPrices.PriceLookupException e) {
          // The service failed or misbehaved (a looping page token): no other type will fare better.
          if (e.getCause() instanceof SdkException || e.getCause() instanceof io.fleetkit.discovery.DiscoveryException) {
            throw new ZonesException(e.getMessage(), e);
          }
          missing.add(e.getMessage());
        }
      }
      if (json) {
        print(found);
      } else {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE TYPE", "USD/HOUR", "SKU"));
        found.forEach(r -> rows.add(List.of((String) r.get("instance_type"), (String) r.get("usd_per_hour"), (String) r.get("sku"))));
        Table.print(console.out(), rows);
        console.out().println("On-demand Linux, shared tenancy, in " + zone + " (regionCode " + z.group() + ")");
      }
      if (!missing.isEmpty()) {
        throw new ZonesException("no price for " + missing.size() + " of " + wanted.size() + " instance types:\n  "
            + String.join("\n  ", missing));
      }
    });
  }

  private interface Body {
    void run(AwsClients aws);
  }

  /** Runs a subcommand; user-facing problems print one error and exit 1, missing credentials exit 3 before any call. */
  private int guarded(Body body) {
    try {
      AwsClients aws = clients.apply(this, "ec2");
      aws.requireCredentials("zones");
      body.run(aws);
      console.out().flush();
      return ExitCodes.OK;
    } catch (DiscoveryException.CredentialsException | ZonesException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED, "no AWS Region (pass --region, or set AWS_REGION or a region in the profile)");
    }
  }

  private LocalZones localZones(AwsClients aws) {
    return new LocalZones(aws.build(Ec2Client.builder()), aws.resolvedRegion().id());
  }

  private static ZoneOfferings readSnapshot(Path file) {
    try {
      return ZoneOfferings.readIfExists(file).orElse(ZoneOfferings.empty());
    } catch (java.io.UncheckedIOException e) {
      throw new ZonesException(e.getCause().getMessage(), e);
    }
  }

  private static Map<String, Object> zoneJson(LocalZones.Zone z) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("zone", z.name());
    o.put("zone_id", z.id());
    o.put("group", z.group());
    o.put("opt_in_status", z.optInStatus());
    o.put("parent_zone", z.parentZone());
    o.put("network_border_group", z.networkBorderGroup());
    o.put("region", z.region());
    o.put("state", z.state());
    return o;
  }

  private void print(Object value) {
    try {
      console.out().println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new ZonesException("cannot print JSON: " + e.getMessage(), e);
    }
  }
}
