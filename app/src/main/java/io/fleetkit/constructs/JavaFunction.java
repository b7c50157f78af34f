package io.fleetkit.constructs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A Java Lambda function the fleetkit way: java25 on arm64, code from the functions module's staged
 * directory, its own role (log writes to its own log group only; the caller adds the rest), and an
 * explicit log group with retention, encrypted with a {@link LogsKey} that this construct creates for it.
 *
 * <p>No SnapStart. fleetkit's functions run on schedules of minutes, where a cold start does not
 * matter, and SnapStart would cost more than it saves: it works on published versions only, so the
 * schedule would have to target a version or alias, and CDK warns at synth
 * ({@code @aws-cdk/aws-lambda:snapStartRequirePublish}) unless one is published; a version not invoked
 * for 14 days goes inactive and the next invocation fails until it is restored; and state made during
 * init (random seeds, unique IDs, connections) is copied into every restored environment
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
 */
public class JavaFunction extends Construct {
  /**
   * The staged deployment package, relative to the repository root where synth and the tests run. The
   * functions module builds it at process-classes: the classes at its root and the dependencies in
   * lib/, the two places Lambda's Java runtime loads classes from (Lambda developer guide, "Deploy Java
   * Lambda functions with .zip or JAR file archives", java-package.html, and "Deploy Java Lambda
   * functions with container images", java-image.html: classes in the task root, jars in lib/).
   */
  public static final Path ASSET_DIRECTORY = Path.of("functions", "target", "lambda");

  /**
   * C1 only, for a fast start (Lambda developer guide, "Customize Java runtime startup behavior",
   * java-customization.html). The java25 runtime already stops at level 1 unless SnapStart or
   * provisioned concurrency is on; stating it keeps the setting visible in the template.
   */
  static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  /** Lambda: "The total size of all environment variables doesn't exceed 4 KB" (Lambda quotas). */
  public static final int MAX_ENVIRONMENT_BYTES = 4096;

  // Lambda's environment variable keys ([a-zA-Z]([a-zA-Z0-9_])+, Lambda API Environment) minus the
  // reserved runtime variables (Lambda developer guide, "Defined runtime environment variables"), the
  // SDK's endpoint overrides and the functions' test-only endpoint, which no stack may set.
  private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
  private static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
      "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "JAVA_TOOL_OPTIONS");
  /** Same as io.fleetkit.functions.FunctionClients.TEST_ENDPOINT_VARIABLE (JavaFunctionTest checks it). */
  static final String TEST_ENDPOINT_VARIABLE = "FLEETKIT_TEST_ENDPOINT";
  private static final Pattern HANDLER = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*(::[A-Za-z_$][\\w$]*)?");

  private final Function function;
  private final Role role;
  private final LogGroup logGroup;
  private final Key logKey;

  public JavaFunction(Construct scope, String id, Props props) {
    super(scope, id);
    Map<String, String> environment = environment(props.environment());
    Path asset = staged(ASSET_DIRECTORY);
    logKey = new LogsKey(this, "LogKey", "Encrypts the logs of " + getNode().getPath());
    // A generated name, so a retained group from an earlier stack never blocks a new one.
    logGroup = LogGroup.Builder.create(this, "Logs")
        .retention(props.logRetention())
        .encryptionKey(logKey)
        .build();
    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("fleetkit function " + getNode().getPath() + ": its log group, plus what its stack adds")
        .build();
    // The log group's Arn attribute ends in ":*", which covers its streams (CreateLogStream, PutLogEvents).
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("WriteOwnLogs")
        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of(logGroup.getLogGroupArn()))
        .build());
    var builder = Function.Builder.create(this, "Function")
        .runtime(Runtime.JAVA_25)
        .architecture(Architecture.ARM_64)
        .handler(props.handler())
        .code(Code.fromAsset(asset.toString()))
        .description(props.description())
        .memorySize(props.memoryMiB())
        .timeout(props.timeout())
        .environment(environment)
        .role(role)
        .logGroup(logGroup)
        // A scheduled function's next run is its retry; Lambda's two asynchronous retries would only
        // repeat the work (and publish the same datapoints twice).
        .retryAttempts(0);
    if (props.reservedConcurrency() != null) builder.reservedConcurrentExecutions(props.reservedConcurrency());
    function = builder.build();
  }

  /** The staged directory as an absolute path, or a message that says how to build it. */
  static Path staged(Path directory) {
    if (!Files.isDirectory(directory.resolve("lib"))) {
      throw new IllegalStateException("the Java function asset " + directory + " is missing: build it with"
          + " `mvn -q process-classes` at the repository root (bin/java-main does so before a synth)");
    }
    return directory.toAbsolutePath();
  }

  static Map<String, String> environment(Map<String, String> given) {
    Map<String, String> env = new TreeMap<>(given);
    for (String key : env.keySet()) {
      if (!KEY.matcher(key).matches() || RESERVED.contains(key) || key.startsWith("AWS_ENDPOINT_URL")
          || key.equals(TEST_ENDPOINT_VARIABLE)) {
        throw new IllegalArgumentException("environment variable " + key + " cannot be set on a fleetkit function"
            + " (expected [a-zA-Z][a-zA-Z0-9_]+, not a Lambda runtime variable, JAVA_TOOL_OPTIONS, an SDK endpoint"
            + " override or " + TEST_ENDPOINT_VARIABLE + ")");
      }
    }
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    int bytes = environmentBytes(given);
    if (bytes > MAX_ENVIRONMENT_BYTES) {
      throw new IllegalArgumentException("the environment of a fleetkit function takes " + bytes + " bytes (expected at"
          + " most " + MAX_ENVIRONMENT_BYTES + ", Lambda's limit for all variables together)");
    }
    return env;
  }

  /**
   * How many bytes of Lambda's 4 KB the variables take once JAVA_TOOL_OPTIONS is added, so that a plan can
   * report a configuration that does not fit before any construct exists. Counted as JSON ({"K":"V",...}),
   * more than the keys and values alone; a token counts as its placeholder, which can be shorter than the
   * deployed value.
   */
  public static int environmentBytes(Map<String, String> variables) {
    Map<String, String> env = new TreeMap<>(variables);
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    int bytes = 2;
    for (var e : env.entrySet()) {
      bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length + 6;
    }
    return bytes;
  }

  public Function function() {
    return function;
  }

  /** The execution role; add the function's own rights with {@link #addToRolePolicy}. */
  public IRole role() {
    return role;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public Key logKey() {
    return logKey;
  }

  /** Adds a statement to the execution role's policy. */
  public void addToRolePolicy(PolicyStatement statement) {
    role.addToPrincipalPolicy(statement);
  }

  /**
   * @param handler such as {@code io.fleetkit.functions.spotscores.SpotScoresHandler::handleRequest}
   * @param timeout 1 second to 15 minutes; for a scheduled function, below its interval
   * @param reservedConcurrency null for none. Reserving needs an account concurrency quota above 100:
   *     Lambda keeps 100 unreserved ("Configuring reserved concurrency for a function"), and new accounts
   *     may start with a quota of 10, where any reservation fails the deploy
   * @param environment variables for the handler; JAVA_TOOL_OPTIONS is the construct's
   * @param memoryMiB 128 to 10240; CPU grows with it, and with it a Java function's start-up speed
   * @param logRetention how long the log group keeps events
   */
  public record Props(String handler, String description, Duration timeout, Integer reservedConcurrency,
      Map<String, String> environment, int memoryMiB, RetentionDays logRetention) {
    public Props {
      if (handler == null || !HANDLER.matcher(handler).matches()) {
        throw new IllegalArgumentException("not a Java handler (expected package.Class or package.Class::method): " + handler);
      }
      environment = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(environment));
      double seconds = timeout.toSeconds().doubleValue();
      if (seconds < 1 || seconds > 900) {
        throw new IllegalArgumentException("timeout " + seconds + " s (expected 1 to 900 seconds, Lambda's range)");
      }
      if (reservedConcurrency != null && reservedConcurrency < 1) {
        throw new IllegalArgumentException("reserved concurrency " + reservedConcurrency + " (expected at least 1, or none)");
      }
      if (memoryMiB < 128 || memoryMiB > 10240) {
        throw new IllegalArgumentException("memory " + memoryMiB + " MiB (expected 128 to 10240, Lambda's range)");
      }
    }

    /**
     * Defaults: no reserved concurrency, no variables, 1024 MiB, logs kept a year (the default minimum
     * of the AWS Config rule cw-loggroup-retention-period-check, which governed accounts often run).
     */
    public static Props of(String handler, String description, Duration timeout) {
      return new Props(handler, description, timeout, null, Map.of(), 1024, RetentionDays.ONE_YEAR);
    }

    public Props withReservedConcurrency(int n) {
      return new Props(handler, description, timeout, n, environment, memoryMiB, logRetention);
    }

    public Props withEnvironment(Map<String, String> env) {
      return new Props(handler, description, timeout, reservedConcurrency, env, memoryMiB, logRetention);
    }

    public Props withMemoryMiB(int mib) {
      return new Props(handler, description, timeout, reservedConcurrency, environment, mib, logRetention);
    }

    public Props withLogRetention(RetentionDays days) {
      return new Props(handler, description, timeout, reservedConcurrency, environment, memoryMiB, days);
    }
  }
}
