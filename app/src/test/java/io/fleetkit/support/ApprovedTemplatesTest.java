package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-approval names each stack; the bulk form is refused. */
class ApprovedTemplatesTest {
  @TempDir Path dir;

  @Test
  void namedStacksAreReapprovedAndOthersStillCompared() throws Exception {
    Files.writeString(dir.resolve("a.json"), "{ }\n");
    Files.writeString(dir.resolve("b.json"), "{ }\n");

    ApprovedTemplates.check(dir, "a", Map.of("k", 1), "a, c");
    var e = assertThrows(AssertionError.class, () -> ApprovedTemplates.check(dir, "b", Map.of("k", 1), "a, c"));

    assertEquals("{\n  \"k\" : 1\n}\n", Files.readString(dir.resolve("a.json")));
    assertEquals("{ }\n", Files.readString(dir.resolve("b.json")));
    assertEquals("template of b differs from " + dir.resolve("b.json") + "; review the diff, then re-approve this stack"
        + " alone with -Dsnapshots.update=b ==> expected: <{ }\n> but was: <{\n  \"k\" : 1\n}\n>", e.getMessage());
  }

  @Test
  void bulkReapprovalIsRefusedWithThePerStackForm() throws Exception {
    Files.writeString(dir.resolve("a.json"), "{ }\n");

    var e = assertThrows(AssertionError.class, () -> ApprovedTemplates.check(dir, "a", Map.of("k", 1), "true"));

    assertEquals("-Dsnapshots.update=true no longer re-approves every stack; name the stacks to re-approve, such as"
        + " -Dsnapshots.update=fleetkit-local-zone (a comma list names several)", e.getMessage());
    assertEquals("{ }\n", Files.readString(dir.resolve("a.json")));
  }

  @Test
  void aMissingApprovalNamesTheCommand() {
    var e = assertThrows(AssertionError.class, () -> ApprovedTemplates.check(dir, "new-stack", Map.of(), null));
    assertEquals("no approved template " + dir.resolve("new-stack.json") + "; review the template and run with"
        + " -Dsnapshots.update=new-stack", e.getMessage());
  }

  @Test
  void unsetBlankOrFalseReapprovesNothing() {
    assertEquals(Set.of(), ApprovedTemplates.toReapprove(null));
    assertEquals(Set.of(), ApprovedTemplates.toReapprove(""));
    assertEquals(Set.of(), ApprovedTemplates.toReapprove("false"));
    assertEquals(Set.of("x", "y"), ApprovedTemplates.toReapprove("y,,x"));
  }
}
