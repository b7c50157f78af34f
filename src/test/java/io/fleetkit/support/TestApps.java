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
      return Files.readString(Path.of("src/test/resources", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FleetkitConfig config(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml);
  }

  /** Every enabled stack of the config, by stack name. */
  public static Map<String, Stack> stacks(String yaml) {
    App app = new App(AppProps.builder()
        .context(Map.of("@aws-cdk/core:validateAgainstDefaultRules", true))
        .build());
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
