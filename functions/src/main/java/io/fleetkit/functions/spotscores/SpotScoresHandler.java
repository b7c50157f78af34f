package io.fleetkit.functions.spotscores;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.functions.FunctionClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The scheduled Spot placement score collector: reads its configuration from
 * {@value #CONFIG_VARIABLE} (written by the stack at synth), runs {@link SpotScoreCollector} and
 * publishes {@link ScoreMetrics}. It returns a summary; it fails when the configuration is unusable or
 * when any datapoint could not be published, and logs every query's outcome either way.
 *
 * <p>Deploy it as {@link SpotScoresFunction} says: queries stop starting
 * {@value SpotScoreCollector#RESERVE_MILLIS} ms before the timeout, so that the outcomes still get published.
 */
public final class SpotScoresHandler implements RequestStreamHandler {
  /** The environment variable holding the {@link SpotScoresConfig} JSON. */
  public static final String CONFIG_VARIABLE = SpotScoresFunction.CONFIG_VARIABLE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SpotScoresConfig config;
  private final Ec2Client ec2;
  private final CloudWatchClient cloudWatch;
  private final Clock clock;

  /** What Lambda calls, once per execution environment. */
  public SpotScoresHandler() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** The same with an explicit environment and clock (tests). */
  public SpotScoresHandler(Map<String, String> environment, Clock clock) {
    String json = environment.get(CONFIG_VARIABLE);
    if (json == null || json.isBlank()) {
      throw new IllegalStateException(CONFIG_VARIABLE + " is not set (the stack writes the collector's configuration there)");
    }
    this.config = SpotScoresConfig.parse(json);
    FunctionClients clients = FunctionClients.fromEnvironment(environment);
    this.ec2 = clients.ec2();
    this.cloudWatch = clients.cloudWatch();
    this.clock = clock;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Consumer<String> log = context == null || context.getLogger() == null
        ? System.out::println : context.getLogger()::log;
    // The scheduled event carries nothing the collector needs: what to ask is in the configuration.
    input.readAllBytes();
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SpotScoreCollector.Result result = SpotScoreCollector.collect(ec2, config, log,
        () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
    ScoreMetrics.Published published = ScoreMetrics.publish(cloudWatch, config.namespace(),
        ScoreMetrics.datums(result, at), log);
    ObjectNode summary = JSON.createObjectNode();
    summary.put("queries", result.queries());
    ObjectNode outcomes = summary.putObject("outcomes");
    result.counts().forEach((outcome, n) -> outcomes.put(outcome.metricValue(), n));
    summary.put("datapoints", published.datapoints());
    summary.put("requests", published.requests());
    log.accept("summary: " + summary);
    output.write(JSON.writeValueAsBytes(summary));
  }
}
