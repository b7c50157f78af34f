package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The broken-snapshot corpora under {@code hostile/}: one case a line, {@code find || replace || expected line}
 * (escapes as in config-cases.txt), applied to a valid base snapshot where {@code find} occurs exactly once;
 * {@code {file}} in the expected line stands for the broken file's path.
 */
final class SnapshotCases {
  private SnapshotCases() {}

  record Case(int line, String find, String replace, String expected) {
    @Override
    public String toString() {
      return "line " + line + ": " + (replace.length() > 50 ? replace.substring(0, 50) + "..." : replace);
    }

    /** The expected line with {@code {file}} replaced by {@code snapshot}. */
    String expectedFor(Path snapshot) {
      return expected.replace("{file}", snapshot.toString());
    }
  }

  /** Every case of {@code cases}, skipping blank lines and comments. */
  static Stream<Arguments> read(Path cases) throws IOException {
    List<Arguments> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(cases, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank() || lines.get(i).startsWith("#")) continue;
      String[] f = lines.get(i).split(Pattern.quote(HostileConfigTest.SEPARATOR), -1);
      if (f.length != 3) throw new IllegalStateException(cases + ":" + (i + 1) + ": expected 3 fields");
      out.add(Arguments.of(new Case(i + 1, f[0], f[1], f[2])));
    }
    return out.stream();
  }

  /** Writes {@code base} with the case's one replacement, byte for byte, to {@code snapshot}; returns it. */
  static Path write(Path base, Case c, Path snapshot) throws IOException {
    byte[] all = Files.readAllBytes(base);
    String text = new String(all, StandardCharsets.UTF_8);
    byte[] find = HostileConfigTest.bytes(c.find());
    String findText = new String(find, StandardCharsets.UTF_8);
    assertTrue(text.indexOf(findText) >= 0 && text.indexOf(findText) == text.lastIndexOf(findText),
        c + ": not once in the base");
    int at = text.substring(0, text.indexOf(findText)).getBytes(StandardCharsets.UTF_8).length;
    var out = new ByteArrayOutputStream();
    out.write(all, 0, at);
    out.writeBytes(HostileConfigTest.bytes(c.replace()));
    out.write(all, at + find.length, all.length - at - find.length);
    return Files.write(snapshot, out.toByteArray());
  }
}
