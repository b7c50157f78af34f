package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs app/src/test/node/check-control-tower.mjs, the AWS Control Tower proactive-control Guard rules of the
 * npm dev dependency @cdklabs/cdk-validator-cfnguard (its cfn-guard binary), over CloudFormation templates.
 */
public final class ControlTowerCheck {
  public static final Path SCRIPT = Path.of("app/src/test/node/check-control-tower.mjs");
  public static final Path PACKAGE = Path.of("node_modules", "@cdklabs", "cdk-validator-cfnguard");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlTowerCheck() {}

  /** What the script printed and its exit code: 0 every finding has an exception, 1 some do not, 2 bad input. */
  public record Result(int exitCode, JsonNode json, String stderr) {}

  public static Result run(List<Path> templates) throws IOException, InterruptedException {
    assertTrue(Files.isDirectory(PACKAGE), PACKAGE + " is missing: run `npm ci` first (README, set-up)");
    List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("JSII_NODE", "node"), SCRIPT.toString()));
    templates.forEach(t -> command.add(t.toString()));
    Path err = Files.createTempFile("control-tower", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the Control Tower check did not finish in 5 minutes");
      String stderr = Files.readString(err);
      return new Result(p.exitValue(), out.isBlank() ? null : JSON.readTree(out), stderr);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
