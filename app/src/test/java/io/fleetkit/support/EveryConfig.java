package io.fleetkit.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The templates of every stack of the default config and of every example, synthesized once per JVM as
 * {@code cdk synth} would (cdk.json's context) and shared by the tests that read all of them: a new example or a
 * new stack is covered without a change in those tests.
 */
public final class EveryConfig {
  /** One synthesized stack: the config it came from ("default" for config.yaml), its name and its template. */
  public record Synthesized(String config, String stack, Map<String, Object> template) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<Synthesized> all;

  private EveryConfig() {}

  /** config.yaml, then examples/*.yaml in name order. */
  public static List<Path> configs() {
    List<Path> configs = new ArrayList<>(List.of(Path.of(FleetkitApp.DEFAULT_CONFIG)));
    try (Stream<Path> examples = Files.list(Path.of("examples"))) {
      configs.addAll(examples.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return configs;
  }

  /** "default" for config.yaml, else the example's file name without .yaml. */
  public static String name(Path config) {
    return config.getParent() == null ? "default" : config.getFileName().toString().replaceFirst("\\.yaml$", "");
  }

  /** Every stack of every config, in config order, then synthesis order. */
  @SuppressWarnings("unchecked")
  public static synchronized List<Synthesized> stacks() {
    if (all != null) return all;
    List<Synthesized> out = new ArrayList<>();
    for (Path config : configs()) {
      App app = TestApps.app();
      FleetkitApp.build(app, ConfigLoader.load(config));
      for (CloudFormationStackArtifact stack : app.synth().getStacks()) {
        try {
          Map<String, Object> template = JSON.readValue(Path.of(stack.getTemplateFullPath()).toFile(), LinkedHashMap.class);
          out.add(new Synthesized(name(config), stack.getStackName(), template));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    all = Collections.unmodifiableList(out);
    return all;
  }
}
