package io.fleetkit.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The AWS names the AWS SDK knows: partitions, Regions with their partition, and EC2 instance types. Read from
 * {@code aws-names.txt}, which {@code io.fleetkit.discovery.AwsNamesGenerator} writes from the SDK (config
 * depends on neither the SDK nor CDK, so the SDK's data arrives as a file). The shared checks in {@link Checks}
 * use it; so can anything else that needs to know whether a name exists.
 */
public final class AwsNames {
  static final String RESOURCE = "aws-names.txt";
  private static final AwsNames INSTANCE = load();

  private final String source;
  private final SortedSet<String> partitions;
  private final Map<String, String> regions;
  private final SortedSet<String> instanceTypes;

  private AwsNames(String source, SortedSet<String> partitions, Map<String, String> regions, SortedSet<String> instanceTypes) {
    this.source = source;
    this.partitions = Collections.unmodifiableSortedSet(partitions);
    this.regions = Collections.unmodifiableMap(regions);
    this.instanceTypes = Collections.unmodifiableSortedSet(instanceTypes);
  }

  public static AwsNames get() {
    return INSTANCE;
  }

  /** Where the names come from, such as "AWS SDK for Java 2.40.2", for messages. */
  public String source() {
    return source;
  }

  public SortedSet<String> partitions() {
    return partitions;
  }

  /** Region name to partition, sorted by name; global signing Regions such as aws-global are not Regions here. */
  public Map<String, String> regions() {
    return regions;
  }

  public SortedSet<String> instanceTypes() {
    return instanceTypes;
  }

  public boolean isRegion(String name) {
    return regions.containsKey(name);
  }

  public boolean isInstanceType(String name) {
    return instanceTypes.contains(name);
  }

  public Optional<String> partitionOf(String region) {
    return Optional.ofNullable(regions.get(region));
  }

  private static AwsNames load() {
    try (InputStream in = AwsNames.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  static AwsNames parse(String text) {
    String source = "the AWS SDK";
    SortedSet<String> partitions = new TreeSet<>();
    Map<String, String> regions = new TreeMap<>();
    SortedSet<String> types = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# AWS names")) {
        int at = line.indexOf("AWS SDK for Java ");
        if (at >= 0) source = line.substring(at, line.indexOf(':', at));
      }
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split(" ");
      switch (f[0]) {
        case "partition" -> partitions.add(f[1]);
        case "region" -> regions.put(f[1], f[2]);
        case "instance-type" -> types.add(f[1]);
        default -> throw new IllegalStateException(RESOURCE + ": unknown line \"" + line + "\"");
      }
    }
    return new AwsNames(source, partitions, new LinkedHashMap<>(regions), types);
  }
}
