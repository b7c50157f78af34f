package io.fleetkit.support;

import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Builds the real app (config loader, planning, stacks, cdk-nag) from config text, the way
 * FleetkitApp.main does. jsii is slow to start, so build once per test class and share the result.
 */
public final class TestApps {
  private TestApps() {}

  /** Loads a config file from src/test/resources. */
  public static String resource(String name) {
    try {
      return Files.readString(Path.of("app/src/test/resources", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FleetkitConfig config(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml);
  }

  /** The context of cdk.json (feature flags and validation settings), as `cdk synth` passes it. */
  private static final Map<String, Object> CDK_JSON_CONTEXT = cdkJsonContext();


  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext() {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
      return Map.copyOf((Map<String, Object>) json.get("context"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An app with the same feature flags as `cdk synth`, so tests check the templates users deploy. */
  public static App app() {
    return new App(AppProps.builder().context(CDK_JSON_CONTEXT).build());
  }

  /**
   * An app with cdk.json's context and {@code extra} on top, such as a cached lookup as the CLI passes it from
   * cdk.context.json.
   */
  public static App app(Map<String, Object> extra) {
    Map<String, Object> context = new java.util.TreeMap<>(CDK_JSON_CONTEXT);
    context.putAll(extra);
    return new App(AppProps.builder().context(context).build());
  }

  /** Every enabled stack of the config, by stack name. */
  public static Map<String, Stack> stacks(String yaml) {
    App app = app();
    List<Stack> stacks = FleetkitApp.build(app, config(yaml));
    return stacks.stream().collect(java.util.stream.Collectors.toMap(Stack::getStackName, s -> s));
  }

  /** The template of one stack; synthesizing runs cdk-nag over the whole app. */
  public static Template template(String yaml, String stackName) {
    Stack stack = stacks(yaml).get(stackName);
    if (stack == null) throw new AssertionError("no stack " + stackName + " in the app");
    return Template.fromStack(stack);
  }
}
