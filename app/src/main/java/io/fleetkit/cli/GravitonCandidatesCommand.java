package io.fleetkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.cli.GravitonCandidates.ImageVerdict;
import io.fleetkit.cli.GravitonCandidates.Row;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.GravitonScanner;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code bin/fleetkit graviton-candidates}: the x86 instances and Auto Scaling groups of a Region, each type's
 * same-class Graviton size, whether the zones in use offer it, both on-demand prices, whether the image has an arm64
 * build, and the Porting Advisor command for each application's repository.
 */
@Command(name = "graviton-candidates", mixinStandardHelpOptions = true,
    description = {"Maps the x86 types of running instances and Auto Scaling groups to same-class Graviton sizes, checks"
        + " the zones offer them, compares on-demand prices, flags images without an arm64 build and prints the Porting"
        + " Advisor command per application.",
        "Exit codes: 0 done, 1 failed (AWS error, denied action, malformed answer), 2 usage error, 3 missing or rejected"
            + " credentials, 4 config error (no AWS Region: neither --region, AWS_REGION nor the profile names one)."})
public final class GravitonCandidatesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class, description = "AWS Region (default: the SDK's Region chain)")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @Option(names = "--pricing-region", defaultValue = "us-east-1", paramLabel = "REGION",
      converter = Arguments.PricingRegionConverter.class,
      description = "Price List API endpoint: us-east-1, eu-central-1 or ap-south-1 (default: ${DEFAULT-VALUE})")
  String pricingRegion;

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only instances and groups with this tag")
  String tag;

  @Option(names = "--app-tag", defaultValue = "Application", paramLabel = "KEY",
      description = "Tag naming an instance's application (default: ${DEFAULT-VALUE}; else its Auto Scaling group)")
  String appTag;

  @Option(names = "--repo-tag", defaultValue = "Repository", paramLabel = "KEY",
      description = "Tag holding the application's repository URL or path, for the Porting Advisor command (default: ${DEFAULT-VALUE})")
  String repoTag;

  @Option(names = "--json", description = "Print JSON instead of tables")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  private final Function<GravitonCandidatesCommand, AwsClients> clients;

  public GravitonCandidatesCommand() {
    this(c -> AwsClients.of(c.region, c.profile));
  }

  /** For tests: clients pointed at WireMock. */
  GravitonCandidatesCommand(Function<GravitonCandidatesCommand, AwsClients> clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() {
    Optional<String> tagKey = Optional.empty();
    Optional<String> tagValue = Optional.empty();
    if (tag != null) {
      int eq = tag.indexOf('=');
      if (eq < 1) return console.fail(ExitCodes.USAGE, "--tag \"" + tag + "\" is not KEY=VALUE (expected a tag key, =, and its value)");
      tagKey = Optional.of(tag.substring(0, eq));
      tagValue = Optional.of(tag.substring(eq + 1));
    }
    try {
      AwsClients aws = clients.apply(this);
      String regionId = aws.resolvedRegion().id();
      var wrong = Arguments.pricedRegionProblem(regionId, pricingRegion);
      if (wrong.isPresent()) return console.fail(ExitCodes.USAGE, wrong.get());
      aws.requireCredentials("graviton-candidates");
      run(aws, regionId, tagKey, tagValue);
      return ExitCodes.OK;
    } catch (DiscoveryException | PriceLookupException | UncheckedIOException | SdkException e) {
      // No Region anywhere it could come from is a missing setting: a config error, as in capacity-plan.
      return console.fail(e, ExitCodes.CONFIG, "no AWS Region (pass --region, or set AWS_REGION or a region in the profile)");
    }
  }

  private void run(AwsClients aws, String regionId, Optional<String> tagKey, Optional<String> tagValue) {
    console.err().println("graviton-candidates: region " + regionId + tagKey.map(k -> ", tag " + k + "=" + tagValue.get()).orElse(""));
    ApiCalls calls = new ApiCalls("graviton-candidates");
    var scanner = new GravitonScanner(aws.build(Ec2Client.builder()), aws.build(AutoScalingClient.builder()), calls);
    int[] pages = {0};
    var running = scanner.running(tagKey, tagValue, n -> pages[0] = n);
    console.progress("[1/6] running instances: " + running.size() + " (" + CapacityCompare.count(pages[0], "page") + ")");
    var groups = scanner.groups(tagKey, tagValue, n -> pages[0] = n);
    console.progress("[2/6] Auto Scaling groups: " + groups.size() + " (" + CapacityCompare.count(pages[0], "page") + ")");
    TreeSet<String> types = new TreeSet<>();
    running.forEach(r -> types.add(r.instanceType()));
    groups.forEach(g -> types.addAll(g.overrideTypes()));
    var archs = scanner.architectures(List.copyOf(types));
    List<Row> rows = GravitonCandidates.rows(running, groups, archs, appTag, repoTag);
    long arm = running.stream().filter(r -> archs.getOrDefault(r.instanceType(), List.of()).contains("arm64")).count();
    console.progress("[3/6] instance types: " + types.size() + ", " + types.stream().filter(t -> GravitonCandidates.isX86(archs, t)).count()
        + " x86_64; " + CapacityCompare.count((int) arm, "running instance") + " already on arm64");
    TreeSet<String> offered = new TreeSet<>();
    rows.forEach(r -> {
      offered.add(r.instanceType());
      if (r.mapping().candidate() != null) offered.add(r.mapping().candidate());
    });
    Map<String, List<String>> zones = offered.isEmpty() ? Map.of() : scanner.zonesOffering(List.copyOf(offered), n -> pages[0] = n);
    console.progress("[4/6] zone offerings: " + CapacityCompare.count(offered.size(), "type") + " (" + CapacityCompare.count(pages[0], "page") + ")");
    var prices = Ec2OnDemandPrices.of(aws, Region.of(pricingRegion));
    Map<String, BigDecimal> priced = new TreeMap<>();
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, ImageVerdict> verdicts = new TreeMap<>();
    List<String> imageIds = rows.stream().map(Row::imageId).filter(i -> i != null).distinct().sorted().toList();
    for (Row r : rows) {
      String candidate = r.mapping().candidate();
      var os = GravitonCandidates.operatingSystem(r.platform());
      var ten = GravitonCandidates.tenancy(r.tenancy());
      List<String> candidateZones = candidate == null ? List.of() : zones.getOrDefault(candidate, List.of());
      boolean priceable = !candidateZones.isEmpty() && os.isPresent() && ten.isPresent();
      BigDecimal now = priceable ? price(prices, priced, r.instanceType(), regionId, os.get(), ten.get()) : null;
      BigDecimal then = priceable ? price(prices, priced, candidate, regionId, os.get(), ten.get()) : null;
      out.add(GravitonReport.row(r, candidateZones, now, then));
    }
    console.progress("[5/6] on-demand prices: " + CapacityCompare.count(priced.size(), "type"));
    var images = scanner.images(imageIds);
    for (String id : imageIds) verdicts.put(id, GravitonCandidates.verdict(id, images.get(id), scanner));
    console.progress("[6/6] images: " + CapacityCompare.count(imageIds.size(), "x86_64 image") + ", "
        + verdicts.values().stream().filter(v -> v.verdict().equals("yes")).count() + " with an arm64 build found");
    List<String> emptyGroups = groups.stream().filter(g -> g.overrideTypes().isEmpty() && g.instanceTypes().isEmpty())
        .map(GravitonScanner.Group::name).toList();
    Map<String, Object> report = GravitonReport.report(regionId, running.size(), (int) arm, rows, out, verdicts, emptyGroups);
    if (json) {
      try {
        console.out().println(JSON.writeValueAsString(report));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      console.out().print(GravitonReport.text(report));
    }
    console.out().flush();
  }

  private static BigDecimal price(Ec2OnDemandPrices prices, Map<String, BigDecimal> cache, String type, String region, String os,
      String tenancy) {
    return cache.computeIfAbsent(type + " " + os + " " + tenancy,
        k -> prices.hourly(new Ec2OnDemandPrices.Query(type, region, os, tenancy)).usdPerHour());
  }
}
