package io.fleetkit.functions.restorepoints;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.functions.FunctionClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The scheduled restore point janitor: reads its configuration from {@value #CONFIG_VARIABLE} (written by the
 * stack at synth) and runs {@link RestorePointJanitor}. It returns the run's counts and fails (the function's
 * {@code Errors} metric) when the listing fails or any deletion fails, after logging every decision.
 */
public final class RestorePointsHandler implements RequestStreamHandler {
  public static final String CONFIG_VARIABLE = RestorePointsFunction.CONFIG_VARIABLE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestorePointsConfig config;
  private final Ec2Client ec2;

  /** What Lambda calls, once per execution environment. */
  public RestorePointsHandler() {
    this(System.getenv());
  }

  /** The same with an explicit environment (tests). */
  public RestorePointsHandler(Map<String, String> environment) {
    String json = environment.get(CONFIG_VARIABLE);
    if (json == null || json.isBlank()) {
      throw new IllegalStateException(CONFIG_VARIABLE + " is not set (the stack writes the janitor's configuration there)");
    }
    this.config = RestorePointsConfig.parse(json);
    this.ec2 = FunctionClients.fromEnvironment(environment).ec2();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Consumer<String> log = context == null || context.getLogger() == null
        ? System.out::println : context.getLogger()::log;
    RestorePointsConfig run = dryRunAsked(input.readAllBytes()) ? config.asDryRun() : config;
    RestorePointJanitor.Result result = RestorePointJanitor.prune(ec2, run, log,
        () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
    ObjectNode summary = JSON.createObjectNode();
    summary.put("dry_run", result.dryRun());
    summary.put("listed", result.listed());
    summary.put("instances", result.instances());
    summary.put("kept", result.kept());
    summary.put(result.dryRun() ? "would_delete" : "deleted", result.deleted());
    summary.put("left_alone", result.leftAlone());
    result.failed().forEach(summary.withArray("failed")::add);
    result.deferred().forEach(summary.withArray("deferred")::add);
    if (!result.failed().isEmpty()) {
      throw new IllegalStateException(result.failed().size() + " restore point(s) could not be deleted: "
          + String.join(", ", result.failed()) + " (the log names each error)");
    }
    output.write(JSON.writeValueAsBytes(summary));
  }

  /**
   * A scheduled event (EventBridge: {"source": "aws.events", ...}) asks nothing; a manual invocation with
   * {"dry_run": true} asks for a report only. An event that is not a JSON object, or a dry_run that is not true
   * or false, fails the invocation before anything is listed: a destructive function does not guess.
   */
  static boolean dryRunAsked(byte[] event) {
    JsonNode root;
    try {
      root = JSON.readTree(event);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the event is not a JSON object (expected a scheduled event, or {\"dry_run\": true})");
    }
    JsonNode dryRun = root.get("dry_run");
    if (dryRun != null && !dryRun.isBoolean()) {
      throw new IllegalArgumentException("dry_run is " + dryRun + " (expected true or false)");
    }
    return dryRun != null && dryRun.asBoolean();
  }
}
