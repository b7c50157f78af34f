package io.fleetkit.support;

import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Synthesizes config files the way {@code cdk synth} does, in this JVM: {@code SynthAll OUTDIR CONFIG...}
 * writes each config's cloud assembly to {@code OUTDIR/<config file name>}. DeterministicSynthTest runs it
 * in two JVMs and compares what they wrote.
 */
public final class SynthAll {
  private SynthAll() {}

  public static void main(String[] args) {
    Path out = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      Path config = Path.of(args[i]);
      Map<String, Object> context = new LinkedHashMap<>(TestApps.cdkJsonContext());
      context.put(FleetkitApp.CONFIG_CONTEXT, config.toString());
      App app = new App(AppProps.builder().context(context)
          .outdir(out.resolve(config.getFileName().toString()).toString()).build());
      FleetkitApp.build(app, ConfigLoader.load(config));
      app.synth();
    }
  }
}
