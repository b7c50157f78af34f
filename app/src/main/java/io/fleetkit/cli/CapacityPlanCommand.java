package io.fleetkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.config.CapacityReservationConfig;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.ServiceErrors;
import io.fleetkit.discovery.commitments.Ec2Commitments;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/** {@code capacity-plan}: what the capacity_reservation section reserves and what it costs. */
@Command(name = "capacity-plan", mixinStandardHelpOptions = true,
    description = {"Reads capacity_reservation from the config and prints reservations per zone and in total, their"
        + " on-demand cost per hour and per month (730 h) from the AWS Price List API, and the cost of the capacity"
        + " left idle in normal operation.",
    "Exit codes: 0 ok, 1 AWS error (denied action, no price, malformed answer), 2 usage error, 3 missing or rejected"
        + " credentials, 4 config error (also: section not enabled, no Region, an instance type EC2 does not know)."})
public final class CapacityPlanCommand implements Callable<Integer> {
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

  @Option(names = "--compare", description = "compare reservations alone with Savings Plans, Reserved Instances and Capacity"
      + " Blocks over capacity_reservation.plan")
  boolean compare;

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
      return ExitCodes.CONFIG;
    }
    CapacityReservationConfig c = cfg.capacityReservation();
    if (!c.enabled()) {
      err.println(config + ": capacity_reservation is not enabled (expected a capacity_reservation section with enabled: true)");
      return ExitCodes.CONFIG;
    }
    AwsClients aws = clients != null ? clients : AwsClients.of(region.or(() -> cfg.project().region()), profile);
    String reservationRegion;
    try {
      reservationRegion = region.or(() -> cfg.project().region()).orElseGet(() -> aws.resolvedRegion().id());
    } catch (SdkClientException e) {
      err.println("no Region: set project.region in " + config + ", --region, or AWS_REGION");
      return ExitCodes.CONFIG;
    }
    var wrongRegion = Arguments.pricedRegionProblem(reservationRegion, pricingRegion);
    if (wrongRegion.isPresent()) {
      err.println("error: " + wrongRegion.get());
      return ExitCodes.USAGE;
    }
    try {
      aws.requireCredentials("capacity-plan");
    } catch (DiscoveryException.CredentialsException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.CREDENTIALS;
    }
    if (compare) return compare(c, reservationRegion, aws, out, err);
    Ec2OnDemandPrices.Price price;
    try {
      price = Ec2OnDemandPrices.of(aws, Region.of(pricingRegion)).hourly(new Ec2OnDemandPrices.Query(
          c.instanceType(), reservationRegion,
          Ec2OnDemandPrices.operatingSystemOf(c.platform()), Ec2OnDemandPrices.tenancyOf(c.tenancy())));
    } catch (PriceLookupException e) {
      return priceFailed(e, "", err);
    }
    CapacityPlan plan = CapacityPlan.of(c, reservationRegion, price);
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan.json()));
    } else {
      out.print(plan.text());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code --compare}: every commitment option next to reservations alone (docs/capacity.md). */
  private int compare(CapacityReservationConfig c, String region, AwsClients aws, PrintWriter out, PrintWriter err)
      throws Exception {
    CommitmentComparison comparison;
    try {
      comparison = new CapacityCompare(aws, Region.of(pricingRegion), err).compare(c, region);
    } catch (Ec2Commitments.UnknownInstanceTypeException e) {
      err.println("error: capacity_reservation.instance_type: " + e.getMessage());
      return ExitCodes.CONFIG;
    } catch (DiscoveryException.CredentialsException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.CREDENTIALS;
    } catch (PriceLookupException e) {
      return priceFailed(e, "error: ", err);
    } catch (DiscoveryException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(CommitmentReport.json(comparison)));
    } else {
      out.print(CommitmentReport.text(comparison));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** A failed Price List call: exit 3 when AWS refused the credentials themselves (as discover), else 1. */
  private static int priceFailed(PriceLookupException e, String prefix, PrintWriter err) {
    if (e.getCause() instanceof AwsServiceException ase && ApiCalls.rejectsCredentials(ase)) {
      err.println("error: AWS rejected the credentials on pricing:GetProducts (" + ServiceErrors.describe(ase)
          + "); refresh them (for example `aws sso login`, or new temporary keys) and run capacity-plan again");
      return ExitCodes.CREDENTIALS;
    }
    err.println(prefix + e.getMessage());
    return ExitCodes.FAILED;
  }
}
