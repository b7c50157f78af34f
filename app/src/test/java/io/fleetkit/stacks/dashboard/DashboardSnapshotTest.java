package io.fleetkit.stacks.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.InventoryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot gate: the dashboard plan reads only the snapshot config names, and refuses one discovered for
 * another tag, Region, account or partition, or one that is missing or unreadable, with one config error line
 * at the key that decides it.
 */
class DashboardSnapshotTest {
  static final Path SAMPLE = Path.of("samples/outposts-inventory.json");
  static final Function<String, String> NO_ENV = k -> null;

  @TempDir Path dir;

  /** project at lines 1-3, dashboard at 4-8: tag_name on line 6, tag_values on 7, snapshot on 8. */
  static FleetkitConfig config(String region, String tagName, String values, String snapshot, String extraProject) {
    return ConfigLoader.parse("test.yaml", "project:\n  prefix: acme\n  region: " + region + "\n" + extraProject
        + "dashboard:\n  enabled: true\n  tag_name: " + tagName + "\n  tag_values: " + values + "\n  snapshot: " + snapshot
        + "\n");
  }

  static FleetkitConfig sample(String region, String tagName, String values) {
    return config(region, tagName, values, SAMPLE.toString(), "");
  }

  static List<String> errors(FleetkitConfig config, Function<String, String> env) {
    return assertThrows(ConfigException.class, () -> DashboardPlan.of(config, env)).lines();
  }

  @Test
  void theSampleIsUsedWhenConfigNamesIt() {
    DashboardPlan plan = DashboardPlan.of(sample("us-east-1", "Dashboard", "[outposts-prod, edge]"), NO_ENV);
    assertEquals(SAMPLE.toString(), plan.snapshotPath());
    assertEquals(InventoryFile.read(SAMPLE), plan.inventory());
  }

  @Test
  void anotherTagKeyIsAnErrorAtTagNameNamingTheSnapshotsTag() {
    assertEquals(List.of("test.yaml:6:13: dashboard.tag_name: \"Env\" is not the tag key the snapshot"
        + " samples/outposts-inventory.json was discovered for (\"Dashboard\", on 2026-11-20T09:30:00Z) (expected a snapshot"
        + " of tag key \"Env\": run `bin/fleetkit discover` to record it, or set dashboard.snapshot to a snapshot discovered"
        + " for it)"), errors(sample("us-east-1", "Env", "[edge, outposts-prod]"), NO_ENV));
  }

  @Test
  void otherTagValuesAreAnErrorAtTagValues() {
    assertEquals(List.of("test.yaml:7:15: dashboard.tag_values: [edge] are not the tag values the snapshot"
        + " samples/outposts-inventory.json was discovered for ([edge, outposts-prod]) (expected a snapshot of tag values"
        + " [edge]: run `bin/fleetkit discover` to record it, or set dashboard.snapshot to a snapshot discovered for it)"),
        errors(sample("us-east-1", "Dashboard", "[edge]"), NO_ENV));
  }

  @Test
  void anotherRegionIsAnErrorAtProjectRegion() {
    assertEquals(List.of("test.yaml:3:11: project.region: the stacks deploy to us-west-2, but the snapshot"
        + " samples/outposts-inventory.json was discovered in us-east-1 (expected a snapshot of us-west-2: run"
        + " `bin/fleetkit discover` to record it, or set dashboard.snapshot to a snapshot discovered for it)"),
        errors(sample("us-west-2", "Dashboard", "[edge, outposts-prod]"), NO_ENV));
  }

  @Test
  void anotherAccountInConfigOrFromTheCliIsAnError() {
    FleetkitConfig pinned = config("us-east-1", "Dashboard", "[edge, outposts-prod]", SAMPLE.toString(),
        "  account: \"444455556666\"\n");
    assertEquals(List.of("test.yaml:4:12: project.account: the stacks deploy to account 444455556666, but the snapshot"
        + " samples/outposts-inventory.json was discovered in account 111122223333 (expected a snapshot of account"
        + " 444455556666: run `bin/fleetkit discover` to record it, or set dashboard.snapshot to a snapshot discovered for"
        + " it)"), errors(pinned, NO_ENV));
    // Without project.account the stacks deploy to the CLI's account, which cdk synth and cdk deploy pass on.
    Map<String, String> cli = Map.of("CDK_DEFAULT_ACCOUNT", "444455556666");
    assertEquals(List.of("test.yaml:1:1: project.account: the stacks deploy to account 444455556666 (CDK_DEFAULT_ACCOUNT,"
        + " the CDK CLI's; project.account is not set), but the snapshot samples/outposts-inventory.json was discovered in"
        + " account 111122223333 (expected a snapshot of account 444455556666: run `bin/fleetkit discover` to record it, or"
        + " set dashboard.snapshot to a snapshot discovered for it)"),
        errors(sample("us-east-1", "Dashboard", "[edge, outposts-prod]"), cli::get));
    DashboardPlan.of(sample("us-east-1", "Dashboard", "[edge, outposts-prod]"), Map.of("CDK_DEFAULT_ACCOUNT",
        "111122223333")::get);
  }

  @Test
  void anotherPartitionIsAnError() throws Exception {
    Inventory s = InventoryFile.read(SAMPLE);
    var p = s.provenance();
    Path gov = dir.resolve("gov.json");
    InventoryFile.write(gov, new Inventory(2, new Inventory.Provenance(p.fleetkitVersion(), "aws-us-gov", p.region(),
        p.account(), p.tagKey(), p.tagValues(), p.discoveredAt(), p.s3Namespaces()), s.outposts(), s.instances(),
        s.loadBalancers(), s.buckets(), s.autoScalingGroups(), s.dbInstances(), s.gaps()));
    assertEquals(List.of("test.yaml:3:11: project.region: us-east-1 is in partition aws, but the snapshot " + gov
        + " was discovered in partition aws-us-gov (expected a snapshot of partition aws: run `bin/fleetkit discover` to"
        + " record it, or set dashboard.snapshot to a snapshot discovered for it)"),
        errors(config("us-east-1", "Dashboard", "[edge, outposts-prod]", gov.toString(), ""), NO_ENV));
  }

  @Test
  void everyMismatchIsReportedAtOnce() {
    assertEquals(3, errors(sample("eu-west-1", "Env", "[prod]"), NO_ENV).size());
  }

  @Test
  void aMissingSnapshotIsAConfigErrorAtTheSnapshotKeyWithoutAFallback() {
    Path none = dir.resolve("none.json");
    assertEquals(List.of("test.yaml:8:13: dashboard.snapshot: no snapshot at " + none + " (expected the file"
        + " `bin/fleetkit discover` writes: run it, or point dashboard.snapshot at a committed snapshot such as"
        + " samples/outposts-inventory.json)"),
        errors(config("us-east-1", "Dashboard", "[edge, outposts-prod]", none.toString(), ""), NO_ENV));
  }

  @Test
  void anUnreadableSnapshotIsOneLineAtTheSnapshotKey() throws Exception {
    String whole = Files.readString(SAMPLE);
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("truncated.json", whole.substring(0, 400));
    bad.put("not-json.json", "<html>not a snapshot</html>");
    bad.put("newer.json", whole.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"));
    List<String> lines = new ArrayList<>();
    for (var e : bad.entrySet()) {
      Path file = Files.writeString(dir.resolve(e.getKey()), e.getValue());
      List<String> errors = errors(config("us-east-1", "Dashboard", "[edge, outposts-prod]", file.toString(), ""), NO_ENV);
      assertEquals(1, errors.size(), errors.toString());
      lines.add(errors.get(0).replace(dir + "/", ""));
    }
    assertEquals(List.of(
        "test.yaml:8:13: dashboard.snapshot: truncated.json: the JSON ends early, at line 20 (truncated? run `bin/fleetkit"
            + " discover` again)",
        "test.yaml:8:13: dashboard.snapshot: not-json.json: not valid JSON at line 1, column 1 (expected a snapshot written"
            + " by `bin/fleetkit discover`)",
        "test.yaml:8:13: dashboard.snapshot: newer.json: schemaVersion 3 is newer than this fleetkit reads (expected 2;"
            + " use the fleetkit that wrote it, or run `bin/fleetkit discover` with this one)"), lines);
  }

  /**
   * The acceptance case, through the real entry point as `cdk synth` runs it: the default config with only
   * dashboard.tag_name changed fails at that line, names the snapshot's tag, and writes no template.
   */
  @Test
  void changingOnlyTheTagNameOfTheDefaultConfigStopsSynthAtThatLine() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("config.yaml"));
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  tag_name: Dashboard")) at = i;
    }
    assertTrue(at >= 0, "config.yaml has no dashboard.tag_name: Dashboard");
    lines.set(at, lines.get(at).replace("tag_name: Dashboard", "tag_name: Env"));
    Path config = Files.write(dir.resolve("config.yaml"), lines);
    Path out = Files.createDirectories(dir.resolve("cdk.out"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FleetkitApp.class.getName());
    pb.environment().put("CDK_OUTDIR", out.toString());
    pb.environment().put("CDK_CONTEXT_JSON", "{\"" + FleetkitApp.CONFIG_CONTEXT + "\":\"" + config + "\"}");
    pb.environment().remove("CDK_DEFAULT_ACCOUNT");
    Process p = pb.redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains(config + ":" + (at + 1) + ":13: dashboard.tag_name: \"Env\" is not the tag key the snapshot"
        + " samples/outposts-inventory.json was discovered for (\"Dashboard\", on 2026-11-20T09:30:00Z)"), output);
    assertTrue(output.contains("1 error(s) in " + config + "; nothing was synthesized."), output);
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".template.json")).toList());
    }
  }
}
