package io.fleetkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/** {@code capacity-plan}: what the capacity_reservation section reserves and what it costs. */
@Command(name = "capacity-plan", mixinStandardHelpOptions = true,
    description = "Reads capacity_reservation from the config and prints reservations per zone and in total, their"
        + " on-demand cost per hour and per month (730 h) from the AWS Price List API, and the cost of the capacity"
        + " left idle in normal operation.")
public final class CapacityPlanCommand implements Callable<Integer> {
  static final int CONFIG_ERROR = 2;
  static final int AWS_ERROR = 1;

  @Option(names = "--config", description = "config file (default: ${DEFAULT-VALUE})", defaultValue = "config.yaml")
  Path config;

  @Option(names = "--region", converter = Arguments.RegionConverter.class,
      description = "Region of the reservations (default: project.region, then the AWS Region chain)")
  Optional<String> region;

  @Option(names = "--profile", description = "AWS profile for the Price List API (default: the default credential chain)")
  Optional<String> profile;

  @Option(names = "--pricing-region", defaultValue = "us-east-1", converter = Arguments.PricingRegionConverter.class,
      description = "Region of the Price List API endpoint: us-east-1, eu-central-1 or ap-south-1 (default: ${DEFAULT-VALUE})")
  String pricingRegion;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final AwsClients clients;

  public CapacityPlanCommand() {
    this(null);
  }

  /** @param clients fixed clients (tests); null builds them from --region and --profile */
  CapacityPlanCommand(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FleetkitConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      e.lines().forEach(err::println);
      err.println(e.errors().size() + " error(s) in " + config);
      return CONFIG_ERROR;
    }
    CapacityReservationConfig c = cfg.capacityReservation();
    if (!c.enabled()) {
      err.println(config + ": capacity_reservation is not enabled (expected a capacity_reservation section with enabled: true)");
      return CONFIG_ERROR;
    }
    AwsClients aws = clients != null ? clients : AwsClients.of(region.or(() -> cfg.project().region()), profile);
    String reservationRegion;
    try {
      reservationRegion = region.or(() -> cfg.project().region()).orElseGet(() -> aws.resolvedRegion().id());
    } catch (SdkClientException e) {
      err.println("no Region: set project.region in " + config + ", --region, or AWS_REGION");
      return CONFIG_ERROR;
    }
    Ec2OnDemandPrices.Price price;
    try {
      price = Ec2OnDemandPrices.of(aws, Region.of(pricingRegion)).hourly(new Ec2OnDemandPrices.Query(
          c.instanceType(), reservationRegion,
          Ec2OnDemandPrices.operatingSystemOf(c.platform()), Ec2OnDemandPrices.tenancyOf(c.tenancy())));
    } catch (PriceLookupException e) {
      if (e.getCause() instanceof SdkClientException sce && sce.getMessage() != null
          && sce.getMessage().contains("credentials")) {
        err.println("no AWS credentials for pricing:GetProducts (use --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
      } else {
        err.println(e.getMessage());
      }
      return AWS_ERROR;
    }
    CapacityPlan plan = CapacityPlan.of(c, reservationRegion, price);
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan.json()));
    } else {
      out.print(plan.text());
    }
    out.flush();
    return 0;
  }
}
