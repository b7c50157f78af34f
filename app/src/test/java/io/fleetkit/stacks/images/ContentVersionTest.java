package io.fleetkit.stacks.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentVersionTest {
  static final String YAML = "name: a\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps: []\n";

  @Test
  void sameContentGivesTheSameVersion() {
    assertEquals(ContentVersion.of("fleetkit-gold-a", YAML), ContentVersion.of("fleetkit-gold-a", YAML));
  }

  @Test
  void changedContentGivesANewVersion() {
    assertNotEquals(ContentVersion.of("fleetkit-gold-a", YAML), ContentVersion.of("fleetkit-gold-a", YAML + "# edit\n"));
    assertNotEquals(ContentVersion.of("fleetkit-gold-a", YAML), ContentVersion.of("fleetkit-gold-b", YAML));
  }

  @Test
  void partsAreDelimitedSoShiftedBoundariesDiffer() {
    assertNotEquals(ContentVersion.of(List.of("ab", "c")), ContentVersion.of(List.of("a", "bc")));
  }

  @Test
  void versionIsAValidImageBuilderVersion() {
    // Pinned: SHA-256 of "15:fleetkit-gold-a" + length-prefixed YAML, first 30 bits.
    String v = ContentVersion.of("fleetkit-gold-a", YAML);
    assertTrue(v.matches("1\\.0\\.\\d{1,10}"), v);
    long patch = Long.parseLong(v.substring(4));
    assertTrue(patch >= 0 && patch <= ContentVersion.MAX_NODE, v);
  }

  static String component(String description, String yaml) {
    return ContentVersion.component("fleetkit-gold-a", "Linux", description, yaml, List.of(), Optional.empty());
  }

  @Test
  void componentVersionCoversEveryReplacingProperty() {
    String v = component("hardening", YAML);
    assertEquals(v, component("hardening", YAML));
    assertNotEquals(v, component("hardening v2", YAML), "description only");
    assertNotEquals(v, component("hardening", YAML + "# edit\n"), "data only");
    assertNotEquals(v, ContentVersion.component("fleetkit-gold-b", "Linux", "hardening", YAML, List.of(), Optional.empty()));
    assertNotEquals(v, ContentVersion.component("fleetkit-gold-a", "Windows", "hardening", YAML, List.of(), Optional.empty()));
    assertNotEquals(v, ContentVersion.component("fleetkit-gold-a", "Linux", "hardening", YAML,
        List.of("Amazon Linux 2023"), Optional.empty()));
    assertNotEquals(v, ContentVersion.component("fleetkit-gold-a", "Linux", "hardening", YAML, List.of(),
        Optional.of("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")));
  }
}
