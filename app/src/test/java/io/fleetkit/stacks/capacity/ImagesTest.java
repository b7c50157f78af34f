package io.fleetkit.stacks.capacity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImagesTest {
  @Test
  void gravitonFamiliesAreArm() {
    for (String t : List.of("m7g.large", "c7gn.xlarge", "r6gd.2xlarge", "t4g.micro", "im4gn.large", "g5g.xlarge",
        "a1.medium", "hpc7g.16xlarge", "x2gd.metal")) {
      assertTrue(Images.isArm(t), t);
    }
    for (String t : List.of("m5.large", "g5.xlarge", "m7i-flex.large", "r7iz.large", "c7i.metal-24xl", "p5.48xlarge",
        "inf2.xlarge", "mac2.metal", "u-6tb1.metal")) {
      assertFalse(Images.isArm(t), t);
    }
  }
}
