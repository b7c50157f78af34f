package io.fleetkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.functions.spotscores.Observation;
import io.fleetkit.functions.spotscores.Outcome;
import io.fleetkit.functions.spotscores.SpotScoreCollector;
import io.fleetkit.functions.spotscores.SpotScoresConfig;
import io.fleetkit.stacks.spotscores.SpotScoresPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code spot-scores}: asks the Spot placement score queries of {@code spot_placement_scores} once, with the
 * collector the scheduled function runs, and prints what came back. It publishes nothing.
 */
@Command(name = "spot-scores", mixinStandardHelpOptions = true,
    description = {"Asks the Spot placement score queries of spot_placement_scores once (ec2:GetSpotPlacementScores,"
        + " every page), with the collector the stack's function runs, and prints a row per configuration, target"
        + " capacity and Region. Publishes no metric.",
        "Exit codes: 0 every query answered, 1 a query refused or failed (the table says why), 2 usage error,"
            + " 3 missing or rejected credentials, 4 config error (also: section not enabled, no Region)."})
public final class SpotScoresCommand implements Callable<Integer> {
  @Option(names = "--config", description = "config file (default: ${DEFAULT-VALUE})", defaultValue = "config.yaml")
  Path config;

  @Option(names = "--region", converter = Arguments.RegionConverter.class,
      description = "Region to call the API in (default: project.region, then the AWS Region chain)")
  Optional<String> region;

  @Option(names = "--profile", description = "AWS profile (default: the default credential chain)")
  Optional<String> profile;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final AwsClients clients;

  public SpotScoresCommand() {
    this(null);
  }

  /** @param clients fixed clients (tests); null builds them from --region and --profile */
  SpotScoresCommand(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FleetkitConfig cfg;
    SpotScoresConfig collector;
    try {
      cfg = ConfigLoader.load(config);
      if (!cfg.spotPlacementScores().enabled()) {
        err.println(config + ": spot_placement_scores is not enabled (expected a spot_placement_scores section with"
            + " enabled: true)");
        return ExitCodes.CONFIG;
      }
      collector = SpotScoresPlan.collectorConfig(cfg);
    } catch (ConfigException e) {
      e.lines().forEach(err::println);
      err.println(e.errors().size() + " error(s) in " + config);
      return ExitCodes.CONFIG;
    }
    AwsClients aws = clients != null ? clients : AwsClients.of(region.or(() -> cfg.project().region()), profile);
    try {
      aws.requireCredentials("spot-scores");
    } catch (DiscoveryException.CredentialsException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.CREDENTIALS;
    }
    SpotScoreCollector.Result result;
    try (Ec2Client ec2 = aws.build(Ec2Client.builder())) {
      result = SpotScoreCollector.collect(ec2, collector, err::println);
    } catch (SdkClientException e) {
      err.println("no Region: set project.region in " + config + ", --region, or AWS_REGION (" + e.getMessage() + ")");
      return ExitCodes.CONFIG;
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(result)));
    } else {
      out.print(table(result));
    }
    out.flush();
    boolean allAnswered = result.observations().stream()
        .allMatch(o -> o.outcome() == Outcome.SCORED || o.outcome() == Outcome.REGION_NOT_ENABLED);
    // Some query refused or failed is exit 1, as the README has always said; the table says which and why.
    return allAnswered ? ExitCodes.OK : ExitCodes.FAILED;
  }

  static String table(SpotScoreCollector.Result result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CONFIGURATION", "CAPACITY", "UNIT", "REGION", "RESULT", "SCORES"});
    for (Observation o : result.observations()) {
      rows.add(new String[] {o.configuration(), Integer.toString(o.targetCapacity()), o.unit().wire(), o.region(),
          o.outcome().metricValue(), o.scores().isEmpty() ? "-" : scores(o)});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      b.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    for (Observation o : result.observations()) {
      o.detail().ifPresent(d -> b.append(o.configuration()).append(' ').append(o.targetCapacity()).append(' ')
          .append(o.unit().wire()).append(' ').append(o.region()).append(": ").append(o.outcome().metricValue())
          .append(": ").append(d).append(System.lineSeparator()));
    }
    b.append(result.queries()).append(" queries (GetSpotPlacementScores), ").append(result.observations().size())
        .append(" results: ").append(result.counts().entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().metricValue()).collect(Collectors.joining(", ")))
        .append("; nothing was published").append(System.lineSeparator());
    return b.toString();
  }

  private static String scores(Observation o) {
    return o.scores().stream().map(s -> s.availabilityZoneId().map(z -> z + ":").orElse("") + s.score())
        .collect(Collectors.joining(" "));
  }

  static ObjectNode json(SpotScoreCollector.Result result) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("queries", result.queries());
    ObjectNode outcomes = root.putObject("outcomes");
    result.counts().forEach((k, v) -> outcomes.put(k.metricValue(), v));
    ArrayNode list = root.putArray("observations");
    for (Observation o : result.observations()) {
      ObjectNode n = list.addObject();
      n.put("configuration", o.configuration());
      n.put("targetCapacity", o.targetCapacity());
      n.put("unit", o.unit().wire());
      n.put("region", o.region());
      n.put("result", o.outcome().metricValue());
      ArrayNode scores = n.putArray("scores");
      for (Observation.Score s : o.scores()) {
        ObjectNode sn = scores.addObject();
        s.availabilityZoneId().ifPresent(z -> sn.put("availabilityZoneId", z));
        sn.put("score", s.score());
      }
      o.detail().ifPresent(d -> n.put("detail", d));
    }
    return root;
  }
}
