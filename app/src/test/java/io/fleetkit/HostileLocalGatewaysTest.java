package io.fleetkit;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.stacks.outpostlgw.OutpostLgwPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Broken or foreign local gateways snapshots, one line each in {@code hostile/local-gateways-cases.txt}, read the way
 * synth reads them (the outpost_routing plan of {@code hostile/outpost-edge.yaml}): each is one config error at
 * {@code outpost_routing.snapshot} that names the file, the JSON pointer or line, and the command that writes it
 * again, or the account, Region or partition it was recorded for.
 */
class HostileLocalGatewaysTest extends SnapshotCorpusTest {
  @Override
  Path cases() {
    return HostileConfigTest.DIR.resolve("local-gateways-cases.txt");
  }

  @Override
  Path base() {
    return Path.of("samples/local-gateways.json");
  }

  @Override
  List<String> errors(Path snapshot) throws IOException {
    String text = Files.readString(HostileConfigTest.DIR.resolve("outpost-edge.yaml"))
        .replace("snapshot: samples/local-gateways.json", "snapshot: " + snapshot);
    try {
      OutpostLgwPlan.of(ConfigLoader.parse("config.yaml", text));
      return List.of();
    } catch (ConfigException e) {
      return e.lines();
    }
  }
}
