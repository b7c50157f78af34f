package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.support.EveryConfig;
import io.fleetkit.support.PowerShell;
import io.fleetkit.support.ShellScripts;
import io.fleetkit.support.ShellScripts.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell script fleetkit generates, found in the synthesized templates of the default config and of
 * every example (not in the Java that writes them, so a new script or a moved construct is covered without
 * a change here), is written to app/target/scripts/&lt;config&gt;/ (default for config.yaml) &lt;stack&gt;-&lt;logical id&gt;.sh and must
 * pass {@code bash -n}. .ci/run then runs shellcheck at error severity on the same files. PowerShell scripts
 * (Windows) are written beside them as .ps1, never given to bash or shellcheck, and must parse with the PowerShell
 * grammar ({@link PowerShell}).
 */
class GeneratedScriptsTest {
  static final Path OUT = Path.of("app/target/scripts");
  /** Config name → every script of its stacks; and every #! string no rule reads. */
  static final Map<String, List<Script>> scripts = new LinkedHashMap<>();
  static final List<String> unchecked = new ArrayList<>();

  @BeforeAll
  static void synthesizeEveryConfig() throws IOException {
    if (Files.exists(OUT)) {
      try (Stream<Path> old = Files.walk(OUT)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    // One synthesis of every config per JVM, shared with the other tests that read every template.
    for (Path config : EveryConfig.configs()) {
      scripts.put(EveryConfig.name(config), new ArrayList<>());
      Files.createDirectories(OUT.resolve(EveryConfig.name(config)));
    }
    for (EveryConfig.Synthesized stack : EveryConfig.stacks()) {
      List<Script> found = ShellScripts.of(stack.stack(), stack.template());
      unchecked.addAll(ShellScripts.unchecked(stack.stack(), stack.template()));
      for (Script s : found) Files.writeString(OUT.resolve(stack.config()).resolve(s.name() + s.extension()), s.file());
      scripts.get(stack.config()).addAll(found);
    }
  }

  @Test
  void everyScriptParsesWithBash() throws Exception {
    List<String> failures = new ArrayList<>();
    for (var e : scripts.entrySet()) {
      for (Script s : e.getValue()) {
        if (s.powerShell()) continue;
        Path file = OUT.resolve(e.getKey()).resolve(s.name() + s.extension());
        String said = ShellScripts.bashSyntax(file);
        if (!said.isEmpty()) failures.add(file + ": " + said);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void everyPowerShellScriptParses() throws Exception {
    List<Path> files = new ArrayList<>();
    scripts.forEach((config, list) -> list.stream().filter(Script::powerShell)
        .forEach(s -> files.add(OUT.resolve(config).resolve(s.name() + s.extension()))));
    assertTrue(!files.isEmpty(), "no PowerShell script found (the Credential Guard document has one)");
    Map<Path, List<PowerShell.SyntaxError>> errors = new LinkedHashMap<>(PowerShell.syntaxErrors(files));
    errors.values().removeIf(List::isEmpty);
    assertEquals(Map.of(), errors);
  }

  @Test
  void theKnownScriptsAreAmongThem() {
    // What each script does, not its logical id: the check must not depend on where a construct lives.
    Map<String, String> known = new LinkedHashMap<>();
    known.put("health-check gate", "# fleetkit health-check gate: wait for the tag");
    known.put("user data that installs the gate", "systemd-run --unit fleetkit-health-check-gate");
    known.put("WordPress web tier", "sha256sum --check --status");
    known.put("WordPress database", "mkfs.xfs -L wordpress-data");
    known.put("CloudWatch agent document", "-a fetch-config -m ec2 -c ssm:");
    known.put("NAT instance", "iptables -t nat -A POSTROUTING");
    known.put("demo page", "systemctl enable --now fleetkit-demo-page.service");
    known.put("demo queue worker", "systemctl enable --now fleetkit-demo-worker.service");
    known.put("Image Builder component", "python3.11 --version");
    known.put("refresh build", "bin/fleetkit discover");
    known.put("Credential Guard document", "Win32_DeviceGuard");
    List<Script> all = scripts.values().stream().flatMap(List::stream).toList();
    Map<String, Boolean> found = new LinkedHashMap<>();
    known.forEach((what, marker) -> found.put(what, all.stream().anyMatch(s -> s.text().contains(marker))));
    assertEquals(known.keySet().stream().collect(LinkedHashMap::new, (m, k) -> m.put(k, true), Map::putAll), found);
    // The gate and the demo worker are checked as scripts of their own, not only as here-document text in user data.
    assertTrue(all.stream().anyMatch(s -> s.name().endsWith(".gate") && s.text().startsWith("#!/bin/bash\n")),
        all.stream().map(Script::name).toList().toString());
    assertTrue(all.stream().anyMatch(s -> s.name().endsWith(".worker") && s.text().startsWith("#!/bin/bash\n# fleetkit"
        + " demo worker")), all.stream().map(Script::name).toList().toString());
  }

  @Test
  void noScriptHidesWhereNoRuleLooks() {
    assertEquals(List.of(), unchecked);
  }
}
