package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus of issue 16: broken config files, each one line in
 * {@code app/src/test/resources/hostile/config-cases.txt} (a base file, a change to it, and the exact lines the
 * user sees). A case passes only when loading and planning end in a {@link ConfigException} with exactly those
 * lines: never an accepted file (a template would be written), never another exception (a stack trace).
 * The bases are valid; {@link #everyBaseIsValid} keeps them so.
 */
class HostileConfigTest {
  static final Path DIR = Path.of("app/src/test/resources/hostile");
  static final Path CASES = DIR.resolve("config-cases.txt");
  static final String SEPARATOR = " || ";

  /** One row: apply {@code find} → {@code replace} to the base once, then expect exactly {@code expected}. */
  record Case(int line, String base, String find, String replace, List<String> expected) {
    @Override
    public String toString() {
      return "line " + line + ": " + base + ": " + (find.length() > 40 ? find.substring(0, 40) + "..." : find);
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(CASES, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) continue;
      String[] f = l.split(java.util.regex.Pattern.quote(SEPARATOR), -1);
      if (f.length != 4) throw new IllegalStateException(CASES + ":" + (i + 1) + ": expected 4 fields separated by" + SEPARATOR);
      out.add(new Case(i + 1, f[0].strip(), f[1], f[2], Arrays.asList(f[3].split(" && "))));
    }
    return out;
  }

  static Stream<Arguments> corpus() throws IOException {
    return cases().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenFileIsOneLineForEachProblemAndNoTemplate(Case c) throws IOException {
    byte[] base = Files.readAllBytes(DIR.resolve(c.base() + ".yaml"));
    byte[] broken = replaceOnce(base, bytes(c.find()), bytes(c.replace()), c);
    assertEquals(c.expected(), errors(broken), c.toString());
  }

  @Test
  void theCorpusCoversEverySectionWithAtLeastAHundredCases() throws IOException {
    List<Case> all = cases();
    assertTrue(all.size() >= 100, all.size() + " cases");
    Set<String> bases = new LinkedHashSet<>();
    all.forEach(c -> bases.add(c.base()));
    try (var files = Files.list(DIR)) {
      List<String> every = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
      assertEquals(every, bases.stream().sorted().toList(), "every base file has cases");
    }
    Set<String> keys = new LinkedHashSet<>();
    all.forEach(c -> c.expected().forEach(e -> keys.add(e.split(": ")[1].split("[.\\[]")[0])));
    assertTrue(keys.containsAll(List.of("project", "guardrails", "dashboard", "gpu_monitoring", "image_pipelines",
        "capacity_reservation", "spot_fleet", "local_zone", "spot_placement_scores", "queue_workers", "root_volume_restore",
        "instance_connect", "outpost_routing", "(root)")),
        keys.toString());
  }

  @Test
  void everyBaseIsValid() throws IOException {
    try (var files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        assertEquals(List.of(), errors(Files.readAllBytes(f)), f.toString());
      }
    }
  }

  /** The lines of the ConfigException that loading and planning throw; empty when the file is accepted. */
  static List<String> errors(byte[] file) {
    FleetkitConfig config;
    try {
      config = ConfigLoader.parse("config.yaml", file);
    } catch (ConfigException e) {
      return e.lines();
    } catch (RuntimeException e) {
      return fail("a stack trace instead of a config error", e);
    }
    List<String> out = new ArrayList<>();
    for (Area<?> area : FleetkitApp.AREAS) {
      if (!area.enabled().test(config)) continue;
      try {
        area.planner().apply(config);
      } catch (ConfigException e) {
        out.addAll(e.lines());
      } catch (RuntimeException e) {
        return fail("a stack trace instead of a config error in the " + area.name() + " plan", e);
      }
    }
    return out;
  }

  /** The text of a field with \n, \t, \\ and \xNN (one raw byte, for files that are not UTF-8) read as escapes. */
  static byte[] bytes(String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char n = field.charAt(++i);
        switch (n) {
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case '\\' -> out.write('\\');
          case 'x' -> {
            out.write(Integer.parseInt(field.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> throw new IllegalArgumentException("unknown escape \\" + n + " in " + field);
        }
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static byte[] replaceOnce(byte[] text, byte[] find, byte[] replace, Case c) {
    int at = indexOf(text, find, 0);
    if (at < 0) fail(c + ": the base has no \"" + new String(find, StandardCharsets.UTF_8) + "\"");
    if (indexOf(text, find, at + 1) >= 0) fail(c + ": the base has \"" + new String(find, StandardCharsets.UTF_8) + "\" twice");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(text, 0, at);
    out.writeBytes(replace);
    out.write(text, at + find.length, text.length - at - find.length);
    return out.toByteArray();
  }

  private static int indexOf(byte[] text, byte[] find, int from) {
    outer:
    for (int i = from; i + find.length <= text.length; i++) {
      for (int j = 0; j < find.length; j++) if (text[i + j] != find[j]) continue outer;
      return i;
    }
    return -1;
  }
}
