package io.fleetkit;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.stacks.guardrails.GuardrailsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Broken or foreign instance types snapshots, one line each in {@code hostile/instance-types-cases.txt}, read the way
 * synth reads them (the guardrails plan of {@code hostile/guardrails.yaml}, whose nitro_only policy reads the
 * snapshot): each is one config error at {@code guardrails.nitro_only.snapshot} that names the file, the JSON pointer
 * or line, and the command that writes it again.
 */
class HostileInstanceTypesTest extends SnapshotCorpusTest {
  @Override
  Path cases() {
    return HostileConfigTest.DIR.resolve("instance-types-cases.txt");
  }

  @Override
  Path base() {
    return Path.of("samples/instance-types.json");
  }

  @Override
  List<String> errors(Path snapshot) throws IOException {
    String text = Files.readString(HostileConfigTest.DIR.resolve("guardrails.yaml"))
        .replace("snapshot: samples/instance-types.json", "snapshot: " + snapshot);
    try {
      GuardrailsPlan.of(ConfigLoader.parse("config.yaml", text));
      return List.of();
    } catch (ConfigException e) {
      return e.lines();
    }
  }
}
