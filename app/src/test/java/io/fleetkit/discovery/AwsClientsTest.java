package io.fleetkit.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * The Region chain of {@link AwsClients} with a temporary AWS config file. SDK 2.40.2 reads the config
 * file from the aws.configFile system property before AWS_CONFIG_FILE (ProfileFileSystemSetting), and
 * re-reads it for each chain built.
 */
class AwsClientsTest {
  @TempDir Path dir;

  @BeforeEach
  void configFile() throws Exception {
    // The system property and AWS_REGION come before any profile in the chain.
    assumeTrue(System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null,
        "AWS_REGION or aws.region is set");
    Path config = Files.writeString(dir.resolve("config"), """
        [default]
        region = us-east-1

        [profile edge]
        region = eu-north-1
        """);
    System.setProperty("aws.configFile", config.toString());
    System.setProperty("aws.sharedCredentialsFile", Files.writeString(dir.resolve("credentials"), "").toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.configFile");
    System.clearProperty("aws.sharedCredentialsFile");
  }

  @Test
  void profileOptionTakesTheRegionOfThatProfile() {
    assertEquals(Region.EU_NORTH_1, AwsClients.of(Optional.empty(), Optional.of("edge")).resolvedRegion());
  }

  @Test
  void withoutProfileTheDefaultProfileRegionIsUsed() {
    assumeTrue(System.getenv("AWS_PROFILE") == null, "AWS_PROFILE is set");
    assertEquals(Region.US_EAST_1, AwsClients.of(Optional.empty(), Optional.empty()).resolvedRegion());
  }

  @Test
  void regionOptionWinsOverTheProfile() {
    assertEquals(Region.AP_SOUTHEAST_2, AwsClients.of(Optional.of("ap-southeast-2"), Optional.of("edge")).resolvedRegion());
  }
}
