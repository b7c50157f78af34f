package io.fleetkit.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The AMI choice as plain data: which image, which CPU, which root device. */
class AmiChoiceTest {
  @Test
  void gravitonFamiliesAreArm() {
    for (String t : List.of("m7g.large", "c7gn.xlarge", "r6gd.2xlarge", "t4g.micro", "im4gn.large", "g5g.xlarge",
        "a1.medium", "hpc7g.16xlarge", "x2gd.metal")) {
      assertEquals(AmiChoice.Cpu.ARM_64, AmiChoice.Cpu.of(t), t);
    }
    for (String t : List.of("m5.large", "g5.xlarge", "m7i-flex.large", "r7iz.large", "c7i.metal-24xl", "p5.48xlarge",
        "inf2.xlarge", "mac2.metal", "u-6tb1.metal")) {
      assertEquals(AmiChoice.Cpu.X86_64, AmiChoice.Cpu.of(t), t);
    }
  }

  @Test
  void aConfiguredParameterKeepsItsRootDeviceAndOtherwiseAmazonLinuxForTheCpu() {
    assertEquals(new AmiChoice(new AmiChoice.SsmParameter("/own/ami"), "/dev/sda1"),
        AmiChoice.of(Optional.of("/own/ami"), "/dev/sda1", AmiChoice.Cpu.ARM_64));
    assertEquals(new AmiChoice(new AmiChoice.LatestAmazonLinux2023(AmiChoice.Cpu.ARM_64), "/dev/xvda"),
        AmiChoice.of(Optional.empty(), "/dev/xvda", AmiChoice.Cpu.ARM_64));
    assertEquals("/dev/xvda", AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64).rootDevice());
  }

  @Test
  void aChoiceNeedsASourceAndARootDevice() {
    assertThrows(IllegalArgumentException.class, () -> new AmiChoice(null, "/dev/xvda"));
    assertThrows(IllegalArgumentException.class,
        () -> new AmiChoice(new AmiChoice.SsmParameter("/own/ami"), " "));
  }

  @Test
  void pinnedChoicesAreAnIdOrTheCachedLatestAndOnlyTheyAreFixedAtSynth() {
    var id = AmiChoice.pinnedAmazonLinux2023(Optional.of("ami-0123456789abcdef0"), "us-east-1", AmiChoice.Cpu.X86_64);
    assertEquals(new AmiChoice(new AmiChoice.AmiId("us-east-1", "ami-0123456789abcdef0"), "/dev/xvda"), id);
    var cached = AmiChoice.pinnedAmazonLinux2023(Optional.empty(), "us-east-1", AmiChoice.Cpu.ARM_64);
    assertEquals(new AmiChoice(new AmiChoice.CachedLatestAmazonLinux2023(AmiChoice.Cpu.ARM_64), "/dev/xvda"), cached);
    assertEquals(List.of(true, true, false, false), List.of(id.pinnedAtSynth(), cached.pinnedAtSynth(),
        AmiChoice.latestAmazonLinux2023(AmiChoice.Cpu.X86_64).pinnedAtSynth(),
        new AmiChoice(new AmiChoice.SsmParameter("/own/ami"), "/dev/sda1").pinnedAtSynth()));
  }
}
