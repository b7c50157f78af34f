package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One approved template per stack under app/src/test/resources/approved. A change in a template fails
 * the test; after reviewing the diff, re-approve that stack alone with
 * {@code mvn test -Dsnapshots.update=<stack>} (a comma list names several). There is no bulk form: a
 * re-approval of everything could hide an unrelated change.
 */
public final class ApprovedTemplates {
  public static final String PROPERTY = "snapshots.update";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ApprovedTemplates() {}

  public static void assertMatches(String name, Map<String, Object> template) throws IOException {
    check(Path.of("app/src/test/resources/approved"), name, template, System.getProperty(PROPERTY));
  }

  static void check(Path dir, String name, Map<String, Object> template, String property) throws IOException {
    Path file = dir.resolve(name + ".json");
    String actual = JSON.writeValueAsString(template) + "\n";
    if (toReapprove(property).contains(name)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      System.err.println("re-approved " + file);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("no approved template " + file + "; review the template and run with -D" + PROPERTY
          + "=" + name);
    }
    assertEquals(Files.readString(file), actual, "template of " + name + " differs from " + file
        + "; review the diff, then re-approve this stack alone with -D" + PROPERTY + "=" + name);
  }

  /** The stacks named by -Dsnapshots.update (a comma list); "true" is refused so nothing is re-approved in bulk. */
  static Set<String> toReapprove(String property) {
    if (property == null || property.isBlank() || property.equals("false")) return Set.of();
    if (property.equals("true")) {
      throw new AssertionError("-D" + PROPERTY + "=true no longer re-approves every stack; name the stacks to"
          + " re-approve, such as -D" + PROPERTY + "=fleetkit-local-zone (a comma list names several)");
    }
    return Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
