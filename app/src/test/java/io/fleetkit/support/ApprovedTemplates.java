package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.opentest4j.TestAbortedException;

/**
 * One approved template per stack under app/src/test/resources/approved. A change in a template fails
 * the test; after reviewing the diff, re-approve with {@code mvn test -Dsnapshots.update=true}.
 */
public final class ApprovedTemplates {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ApprovedTemplates() {}

  public static void assertMatches(String name, Map<String, Object> template) throws IOException {
    Path file = Path.of("app/src/test/resources/approved", name + ".json");
    String actual = JSON.writeValueAsString(template) + "\n";
    if (Boolean.getBoolean("snapshots.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("no approved snapshot " + file + "; review the template and run with -Dsnapshots.update=true");
    }
    assertEquals(Files.readString(file), actual, "template of " + name + " differs from " + file);
  }

  /** For tests that need a file in ../shared: say why and skip, never pass silently. */
  public static Path shared(String relative) {
    Path p = Path.of("..", "shared", relative);
    if (!Files.exists(p)) throw new TestAbortedException("needs " + p.toAbsolutePath() + " (see shared/schemas/README.md)");
    return p;
  }
}
