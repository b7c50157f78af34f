package io.fleetkit.constructs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small maps that keep the order they are written in. Values handed to CDK are rendered into the
 * template in iteration order, and {@code Map.of} with more than one entry iterates in an order that
 * changes with every JVM start, so two syntheses of one commit would differ (ArchitectureTest forbids it).
 */
public final class Ordered {
  private Ordered() {}

  public static <V> Map<String, V> map(String k1, V v1, String k2, V v2) {
    Map<String, V> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return Collections.unmodifiableMap(m);
  }

  public static <V> Map<String, V> map(String k1, V v1, String k2, V v2, String k3, V v3) {
    Map<String, V> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    m.put(k3, v3);
    return Collections.unmodifiableMap(m);
  }
}
