package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping rule of {@link GravitonSizes}, case by case. */
class GravitonSizesTest {
  @Test
  void sameClassSameGenerationSameSize() {
    List<List<String>> cases = List.of(
        // x86 type, Graviton candidate (or "-"), rule
        List.of("m5.large", "m6g.large", "generation 5 -> Graviton generation 6"),
        List.of("m4.xlarge", "m6g.xlarge", "generation 4 -> Graviton generation 6"),
        List.of("m6i.2xlarge", "m6g.2xlarge", "generation 6 -> Graviton generation 6"),
        List.of("m7i-flex.large", "m7g.large", "generation 7 -> Graviton generation 7, drops -flex"),
        List.of("m8i.24xlarge", "m8g.24xlarge", "generation 8 -> Graviton generation 8"),
        List.of("m5ad.4xlarge", "m6gd.4xlarge", "generation 5 -> Graviton generation 6, keeps d"),
        List.of("m5zn.large", "m6g.large", "generation 5 -> Graviton generation 6, drops zn"),
        List.of("m6idn.large", "m6gd.large", "generation 6 -> Graviton generation 6, keeps d, drops n"),
        List.of("c5n.xlarge", "c6gn.xlarge", "generation 5 -> Graviton generation 6, keeps n"),
        List.of("c7a.medium", "c7g.medium", "generation 7 -> Graviton generation 7"),
        List.of("r5b.large", "r6g.large", "generation 5 -> Graviton generation 6, drops b"),
        List.of("r7iz.16xlarge", "r7g.16xlarge", "generation 7 -> Graviton generation 7, drops z"),
        List.of("t3.micro", "t4g.micro", "burstable t3 -> t4g"),
        List.of("t3a.nano", "t4g.nano", "burstable t3 -> t4g"),
        List.of("t2.2xlarge", "t4g.2xlarge", "burstable t2 -> t4g"),
        List.of("c5.9xlarge", "-", "generation 5 -> Graviton generation 6: c6g has no 9xlarge size"),
        List.of("m5.metal", "-", "generation 5 -> Graviton generation 6: m6g has no metal size"),
        List.of("m5.24xlarge", "-", "generation 5 -> Graviton generation 6: m6g has no 24xlarge size"),
        List.of("p4d.24xlarge", "-", "class p has no same-class Graviton family in the table"),
        List.of("i3.large", "-", "class i has no same-class Graviton family in the table"),
        List.of("m6g.large", "-", "already a Graviton type"),
        List.of("u-6tb1.metal", "-", "not a family.size type name"));
    for (List<String> c : cases) {
      var m = GravitonSizes.of(c.get(0));
      assertEquals(c.get(1), m.candidate() == null ? "-" : m.candidate(), c.get(0));
      assertEquals(c.get(2), m.rule(), c.get(0));
    }
  }

  @Test
  void everyCandidateFamilyIsInTheTableWithItsSizes() {
    assertEquals(List.of("m6g", "m7g", "m8g", "m6gd", "m7gd", "m8gd", "c6g", "c7g", "c8g", "c6gd", "c7gd", "c8gd", "c6gn", "c7gn",
        "c8gn", "r6g", "r7g", "r8g", "r6gd", "r7gd", "r8gd", "t4g"), List.copyOf(GravitonSizes.FAMILIES.keySet()));
    assertEquals(List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"), GravitonSizes.FAMILIES.get("t4g"));
    assertEquals("48xlarge", GravitonSizes.FAMILIES.get("c8g").get(9));
  }
}
