package io.fleetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments, one row each: picocli refuses them before any command runs (usage error, exit 2) with one line
 * that says what is expected; a --config that names no file is a config error (exit 4, discover and capacity-plan
 * alike). None of them reaches AWS or writes anything.
 */
class CliArgumentsTest {
  /** The arguments are split at spaces, except that an --option=value keeps its value whole, spaces and all. */
  record Row(String args, int exit, String firstLine) {
    String[] argv() {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (String part : args.split(" (?=--)")) {
        if (part.startsWith("--") && part.contains("=")) out.add(part);
        else out.addAll(java.util.List.of(part.split(" ")));
      }
      return out.toArray(String[]::new);
    }

    @Override
    public String toString() {
      return args;
    }
  }

  static final String REGION = "\" is not an AWS Region (expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)";

  static Stream<Row> rows() {
    return Stream.of(
        new Row("discover --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("discover --region=us east", 2, "Invalid value for option '--region': \"us east" + REGION),
        new Row("discover --region=us-east1", 2, "Invalid value for option '--region': \"us-east1\" is not an AWS Region (did"
            + " you mean \"us-east-1\"? expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)"),
        new Row("discover --deadline=0", 2, "Invalid value for option '--deadline': \"0\" is out of range (expected 1s to 24h)"),
        new Row("discover --deadline=2d", 2, "Invalid value for option '--deadline': \"2d\" is not a duration (expected a number"
            + " with s, m or h, such as 10m)"),
        new Row("discover --deadline=99999999999999999999", 2, "Invalid value for option '--deadline': \"99999999999999999999\""
            + " is not a duration (expected a number with s, m or h, such as 10m)"),
        new Row("discover --config=missing.yaml", 4, "error: config file missing.yaml does not exist (expected a readable config"
            + " file; paths are relative to " + Path.of("").toAbsolutePath() + "); nothing was discovered"),
        new Row("discover --unknown", 2, "Unknown option: '--unknown'"),
        new Row("zones opt-in us-east-1-atl-1 --interval=0", 2, "Invalid value for option '--interval': \"0\" is out of range"
            + " (expected 1s to 24h)"),
        new Row("zones opt-in us-east-1-atl-1 --interval=0s", 2, "Invalid value for option '--interval': \"0s\" is out of range"
            + " (expected 1s to 24h)"),
        new Row("zones opt-in us-east-1-atl-1 --timeout=25h", 2, "Invalid value for option '--timeout': \"25h\" is out of range"
            + " (expected 1s to 24h)"),
        new Row("zones list --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("zones offerings us-east-1-atl-1a --region=eu-west-9", 2, "Invalid value for option '--region': \"eu-west-9\""
            + " is not an AWS Region (did you mean \"eu-west-1\"? expected a Region that AWS SDK for Java 2.40.2 lists, such as"
            + " us-east-1)"),
        new Row("zones prices us-east-1-atl-1a --instance-type=m5.superlarge", 2, "Invalid value for option '--instance-type' (TYPE):"
            + " \"m5.superlarge\" is not an EC2 instance type (expected a size of m5: m5.12xlarge, m5.16xlarge, m5.24xlarge,"
            + " m5.2xlarge, m5.4xlarge, m5.8xlarge, m5.large, m5.metal, m5.xlarge)"),
        new Row("zones prices us-east-1-atl-1a --pricing-region=us-west-2", 2, "Invalid value for option '--pricing-region':"
            + " \"us-west-2\" has no Price List API endpoint (expected one of: us-east-1, eu-central-1, ap-south-1)"),
        new Row("capacity-plan --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("nitro-audit --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("nitro-audit --region=us east", 2, "Invalid value for option '--region': \"us east" + REGION),
        new Row("spot-scores --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("spot-scores --region=eu-west-9", 2, "Invalid value for option '--region': \"eu-west-9\" is not an AWS"
            + " Region (did you mean \"eu-west-1\"? expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)"),
        new Row("restore i-12345 --to launch", 2, "Invalid value for positional parameter at index 0 (INSTANCE):"
            + " \"i-12345\" is not an instance ID (expected i- and 8 or 17 lowercase hex digits, such as i-0a1b2c3d4e5f60001)"),
        new Row("restore i-0a1b2c3d4e5f60001 --to launch --timeout=2d", 2, "Invalid value for option '--timeout': \"2d\" is"
            + " not a duration (expected a number with s, m or h, such as 10m)"),
        new Row("restore i-0a1b2c3d4e5f60001 --to launch --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("restore-points prune --region=eu-west-9", 2, "Invalid value for option '--region': \"eu-west-9\" is not an"
            + " AWS Region (did you mean \"eu-west-1\"? expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)"),
        new Row("capacity-plan --pricing-region=mars", 2, "Invalid value for option '--pricing-region': \"mars\" has no Price"
            + " List API endpoint (expected one of: us-east-1, eu-central-1, ap-south-1)"),
        new Row("graviton-candidates --region=", 2, "Invalid value for option '--region': \"" + REGION),
        new Row("graviton-candidates --region=eu-west-9", 2, "Invalid value for option '--region': \"eu-west-9\" is not an"
            + " AWS Region (did you mean \"eu-west-1\"? expected a Region that AWS SDK for Java 2.40.2 lists, such as us-east-1)"),
        new Row("graviton-candidates --pricing-region=mars", 2, "Invalid value for option '--pricing-region': \"mars\" has no"
            + " Price List API endpoint (expected one of: us-east-1, eu-central-1, ap-south-1)"),
        new Row("capacity-plan --config=missing.yaml", 4, "missing.yaml:1:1: (root): cannot read the file: missing.yaml (expected"
            + " a readable YAML file)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aBadArgumentIsOneLineAndTheDocumentedExitCode(Row row) {
    PrintStream before = System.err;
    ByteArrayOutputStream commandErr = new ByteArrayOutputStream();
    CliRun.Run r;
    // discover writes to System.err itself; picocli's usage errors go to the command line's writer.
    System.setErr(new PrintStream(commandErr, true, StandardCharsets.UTF_8));
    try {
      r = CliRun.execute(FleetkitCli.commandLine(), row.argv());
    } finally {
      System.setErr(before);
    }
    String err = r.err() + commandErr.toString(StandardCharsets.UTF_8);
    assertEquals(row.exit(), r.exit(), err);
    assertEquals(row.firstLine(), err.lines().findFirst().orElse(""));
    assertTrue(!err.contains("\tat ") && !err.contains("Exception"), "no stack trace: " + err);
  }
}
