package io.fleetkit.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.AwsNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/** The names config checks against are the AWS SDK's own (BOM 2.40.2), as ConfigReferenceTest does for the keys. */
class AwsNamesGeneratorTest {

  @Test
  void theCommittedFileIsWhatTheSdkSays() throws IOException {
    assertEquals(AwsNamesGenerator.render(), Files.readString(AwsNamesGenerator.FILE, StandardCharsets.UTF_8),
        AwsNamesGenerator.FILE + " differs from the AWS SDK on the classpath; regenerate it with: bin/java-main "
            + "io.fleetkit.discovery.AwsNamesGenerator " + AwsNamesGenerator.FILE);
  }

  @Test
  void configSeesEveryInstanceTypeAndRegionOfTheSdk() {
    AwsNames names = AwsNames.get();
    assertEquals("AWS SDK for Java 2.40.2", names.source());
    assertEquals(InstanceType.knownValues().size(), names.instanceTypes().size());
    assertTrue(names.isInstanceType("m5.large") && names.isInstanceType("u7in-32tb.224xlarge"));
    assertTrue(!names.isInstanceType("m5.superlarge"));
    assertEquals("aws-us-gov", names.partitionOf(Region.US_GOV_WEST_1.id()).orElseThrow());
    assertEquals("aws-cn", names.partitionOf("cn-northwest-1").orElseThrow());
    assertEquals("aws-iso-b", names.partitionOf("us-isob-east-1").orElseThrow());
    // Global signing Regions are not places to deploy.
    assertTrue(!names.isRegion(Region.AWS_GLOBAL.id()));
  }
}
