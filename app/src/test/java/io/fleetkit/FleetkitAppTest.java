package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app as the CDK CLI runs it: a separate JVM, config chosen with -c config=..., cdk.out. */
class FleetkitAppTest {

  @Test
  void badConfigExitsNonZeroWithEveryErrorAndWritesNoTemplate(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        project:
          prefix: fleetkit
          acount: "111122223333"
        guardrails:
          enabled: true
          outposts:
            targets: {organizational_units: [ou-nope]}
            subnet_arns: [arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f60001]
        """);
    Path out = dir.resolve("cdk.out");
    Process p = app(config, out);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), stderr);
    assertEquals(List.of(
            config + ":3:3: project.acount: unknown key \"acount\" (did you mean \"account\"?)",
            config + ":7:38: guardrails.outposts.targets.organizational_units[0]: \"ou-nope\" is not an organizational unit ID (expected ou-<4-32 chars>-<8-32 chars>, such as ou-ab12-cd34ef56)",
            "2 error(s) in " + config + "; nothing was synthesized."),
        stderr.lines().filter(l -> !l.isBlank()).toList());
    assertFalse(Files.exists(out) && Files.list(out).anyMatch(f -> f.toString().endsWith(".template.json")),
        "a template was written");
  }

  @Test
  void goodConfigWritesTheGuardrailsTemplate(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cdk.out");
    Process p = app(Path.of("app/src/test/resources/config/guardrails/base.yaml"), out);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), stderr);
    assertTrue(Files.exists(out.resolve("fleetkit-guardrails.template.json")));
    assertFalse(stderr.contains("end-of-life"), "the jsii Node banner leaked: " + stderr);
  }

  private static Process app(Path config, Path out) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, FleetkitApp.class.getName());
    pb.environment().put("CDK_OUTDIR", out.toString());
    pb.environment().put("CDK_CONTEXT_JSON", "{\"config\":\"" + config.toString().replace(File.separator, "/") + "\"}");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }
}
