package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/config-reference.md is what the generator writes from the key declarations. */
class ConfigReferenceTest {
  private static final Path REFERENCE = Path.of("docs/config-reference.md");

  @Test
  void theCommittedReferenceIsWhatTheGeneratorWrites() throws Exception {
    assertTrue(Files.exists(REFERENCE), REFERENCE + " is missing; generate it with: " + ConfigReference.COMMAND);
    assertEquals(ConfigReference.render(), Files.readString(REFERENCE, StandardCharsets.UTF_8),
        REFERENCE + " differs from the key declarations; regenerate it with: " + ConfigReference.COMMAND);
  }

  @Test
  void theMainWritesTheRenderedReference(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reference.md");
    ConfigReference.main(new String[] {out.toString()});
    assertEquals(ConfigReference.render(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void nestedMappingsAndListsOfMappingsHaveTheirOwnRows() {
    String text = ConfigReference.render();
    for (String row : List.of(
        "| `gold.components[].managed` | text | no | none |  |",
        "| `workloads[].components[].yaml` | text | in a custom component | — |  |",
        "| `instance_types[].type` | text | yes | — |  |",
        "| `instance_requirements[].vcpu.min` | int | yes | — | `1` to `2048` |",
        "| `outposts.targets.organizational_units` | list of text | no | none |  |",
        "| `limits.scp_max_chars` | int | no | `5120` | `1000` to `10240` |")) {
      assertTrue(text.contains(row), "no row " + row);
    }
    // The gate is declared once and shown in both sections that hold it.
    String gate = "| `health_check_gate.heartbeat_timeout_seconds` | int | no | `300` | `30` to `7200` |";
    assertEquals(2, text.split(java.util.regex.Pattern.quote(gate), -1).length - 1);
  }

  @Test
  void sharedBlocksShowTheDefaultsOfEachParent() {
    String text = ConfigReference.render();
    assertTrue(text.contains("| `network.cidr` | text | no | `10.40.0.0/16` | /16 to /20 |"));
    assertTrue(text.contains("| `network.cidr` | text | no | `10.41.0.0/16` | /16 to /20 |"));
  }

  @Test
  void aPipeInACellIsEscaped() {
    assertTrue(ConfigReference.render().contains("`rate(<n> minutes\\|hours\\|days)`"));
  }
}
