package io.fleetkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stacks of a synthesized cloud assembly, read from {@code cdk.out/manifest.json} (cloud-assembly-schema: each
 * artifact of type {@code aws:cloudformation:stack} with its {@code environment} aws://account/region and
 * {@code properties.requiresBootstrapStackVersion}).
 *
 * @param stacks stack name → its artifact
 */
record CloudAssembly(Path dir, Map<String, Artifact> stacks) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @param region the Region of the environment; {@code minBootstrapVersion} 0 when the artifact names none */
  record Artifact(String region, int minBootstrapVersion) {}

  /** The assembly in {@code dir}, empty when there is none; a manifest that cannot be read is an IOException. */
  static Optional<CloudAssembly> read(Path dir) throws IOException {
    Path manifest = dir.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) return Optional.empty();
    JsonNode root = JSON.readTree(manifest.toFile());
    Map<String, Artifact> stacks = new TreeMap<>();
    for (var e : iterable(root.path("artifacts").fields())) {
      JsonNode a = e.getValue();
      if (!"aws:cloudformation:stack".equals(a.path("type").asText())) continue;
      String env = a.path("environment").asText();
      String name = a.path("properties").path("stackName").asText(a.path("displayName").asText(e.getKey()));
      stacks.put(name, new Artifact(env.substring(env.lastIndexOf('/') + 1),
          a.path("properties").path("requiresBootstrapStackVersion").asInt(0)));
    }
    return Optional.of(new CloudAssembly(dir, stacks));
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
