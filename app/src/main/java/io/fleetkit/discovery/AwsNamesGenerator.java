package io.fleetkit.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * Writes the AWS names that config checks against ({@code io.fleetkit.config.AwsNames}) from the AWS SDK's own
 * models: every EC2 instance type of the {@code InstanceType} enum, and every Region with its partition from the
 * SDK's Region metadata. Config depends on neither the SDK nor CDK, so the SDK's knowledge reaches it as this
 * file; {@code AwsNamesGeneratorTest} fails when the committed file differs from what the SDK says.
 *
 * <p>{@code bin/java-main io.fleetkit.discovery.AwsNamesGenerator app/src/main/resources/io/fleetkit/config/aws-names.txt}
 */
public final class AwsNamesGenerator {
  public static final Path FILE = Path.of("app/src/main/resources/io/fleetkit/config/aws-names.txt");

  private AwsNamesGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : FILE;
    Files.writeString(out, render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** The file's text: a header, then partitions, Regions and instance types, each sorted, one a line. */
  public static String render() {
    Map<String, String> regions = new TreeMap<>();
    for (Region r : Region.regions()) {
      RegionMetadata m = r.metadata();
      // aws-global and the like are signing Regions of global services, never a place to deploy.
      if (r.isGlobalRegion() || m == null) continue;
      regions.put(r.id(), m.partition().id());
    }
    TreeSet<String> types = new TreeSet<>();
    for (InstanceType t : InstanceType.knownValues()) types.add(t.toString());
    StringBuilder b = new StringBuilder();
    b.append("# AWS names that config is checked against, from the AWS SDK for Java ").append(VersionInfo.SDK_VERSION)
        .append(": partitions and Regions (Region metadata), EC2 instance types (ec2 model, InstanceType).\n");
    b.append("# Generated; do not edit. Regenerate: bin/java-main io.fleetkit.discovery.AwsNamesGenerator ").append(FILE)
        .append('\n');
    new TreeSet<>(regions.values()).forEach(p -> b.append("partition ").append(p).append('\n'));
    regions.forEach((r, p) -> b.append("region ").append(r).append(' ').append(p).append('\n'));
    types.forEach(t -> b.append("instance-type ").append(t).append('\n'));
    return b.toString();
  }
}
