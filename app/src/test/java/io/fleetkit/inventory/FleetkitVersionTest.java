package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FleetkitVersionTest {
  @Test
  void snapshotsRecordTheVersionOfTheRootPom() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    // The project's own <version>, the first one after its <artifactId>.
    Matcher m = Pattern.compile("<artifactId>fleetkit-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertEquals(true, m.find(), "no project version in pom.xml");
    assertEquals(m.group(1), FleetkitVersion.VERSION);
  }
}
