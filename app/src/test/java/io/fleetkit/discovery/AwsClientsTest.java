package io.fleetkit.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Region chain of {@link AwsClients} as the commands run it, in a child JVM whose environment the
 * test sets from scratch: the caller's AWS_REGION or AWS_PROFILE (CodeBuild always sets AWS_REGION) and
 * ~/.aws cannot change the answer, and the cases where such variables are set are tested too.
 * AWS_EC2_METADATA_DISABLED keeps the chain's last step (instance metadata) from sending anything.
 */
class AwsClientsTest {
  @TempDir Path dir;
  Map<String, String> env;

  @BeforeEach
  void awsConfigFiles() throws Exception {
    Path config = Files.writeString(dir.resolve("config"), """
        [default]
        region = us-east-1

        [profile edge]
        region = eu-north-1
        """);
    Path credentials = Files.writeString(dir.resolve("credentials"), "");
    env = new LinkedHashMap<>();
    env.put("HOME", dir.toString());
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
  }

  @Test
  void profileOptionTakesTheRegionOfThatProfile() throws Exception {
    assertEquals("eu-north-1", resolvedRegion(null, "edge"));
  }

  @Test
  void withoutProfileTheDefaultProfileRegionIsUsed() throws Exception {
    assertEquals("us-east-1", resolvedRegion(null, null));
  }

  @Test
  void regionOptionWinsOverTheProfile() throws Exception {
    assertEquals("ap-southeast-2", resolvedRegion("ap-southeast-2", "edge"));
  }

  @Test
  void awsRegionInTheEnvironmentComesBeforeAnyProfileAndAfterTheOption() throws Exception {
    env.put("AWS_REGION", "ca-central-1");
    assertEquals("ca-central-1", resolvedRegion(null, "edge"));
    assertEquals("ca-central-1", resolvedRegion(null, null));
    assertEquals("ap-southeast-2", resolvedRegion("ap-southeast-2", "edge"));
  }

  @Test
  void awsProfileInTheEnvironmentChoosesTheProfileWithoutTheOption() throws Exception {
    env.put("AWS_PROFILE", "edge");
    assertEquals("eu-north-1", resolvedRegion(null, null));
  }

  /** A Region from the environment or a profile is not checked by picocli: a malformed one is one line, not a stack trace. */
  @Test
  void aMalformedRegionFromTheEnvironmentIsOneLine() throws Exception {
    env.put("AWS_REGION", "us east");
    assertEquals("error: \"us east\" is not an AWS Region name (expected a name such as us-east-1; check --region,"
        + " AWS_REGION and the profile's region)", resolvedRegion(null, null));
  }

  /** Runs {@link Probe} in a JVM with exactly {@link #env} as its environment. */
  private String resolvedRegion(String region, String profile) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, Probe.class.getName(), region == null ? "-" : region, profile == null ? "-" : profile));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Prints the Region {@code AwsClients.of(region, profile)} resolves; "-" for an absent option. */
  public static final class Probe {
    public static void main(String[] args) {
      try {
        System.out.println(AwsClients.of(option(args[0]), option(args[1])).resolvedRegion().id());
      } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
        System.out.println("error: " + e.getMessage());
      }
    }

    private static Optional<String> option(String value) {
      return value.equals("-") ? Optional.empty() : Optional.of(value);
    }
  }
}
