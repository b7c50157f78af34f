package io.fleetkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** image_root_device of capacity_reservation and spot_fleet: the name the encrypted root volume is mapped to. */
class ImageRootDeviceTest {
  static final String PROJECT = """
      project:
        prefix: fk
        region: us-east-1
      """;
  static final String CAPACITY = """
      capacity_reservation:
        enabled: true
        instance_type: m5.large
        instances_needed: 2
        availability_zones: [us-east-1a, us-east-1b]
      """;
  static final String SPOT = """
      spot_fleet:
        enabled: true
        availability_zones: [us-east-1a, us-east-1b]
        instance_types: [{type: m5.large}, {type: m5a.large}]
      """;

  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("test.yaml", PROJECT + yaml)).lines();
  }

  @Test
  void defaultsToTheAmazonLinuxRootDevice() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + CAPACITY + SPOT);
    assertEquals("/dev/xvda", c.capacityReservation().imageRootDevice());
    assertEquals("/dev/xvda", c.spotFleet().imageRootDevice());
  }

  @Test
  void anOwnImageMayUseSda1() {
    var c = ConfigLoader.parse("test.yaml", PROJECT + CAPACITY + """
          image_ssm_parameter: /fleetkit/ubuntu-ami
          image_root_device: /dev/sda1
        """ + SPOT + """
          image_ssm_parameter: /fleetkit/ubuntu-ami
          image_root_device: /dev/sda1
        """);
    assertEquals("/dev/sda1", c.capacityReservation().imageRootDevice());
    assertEquals("/dev/sda1", c.spotFleet().imageRootDevice());
  }

  @Test
  void unknownNamesAndAMismatchWithTheDefaultImageAreErrors() {
    assertEquals(List.of(
        "test.yaml:10:22: capacity_reservation.image_root_device: \"/dev/sdf\" is not allowed (did you mean"
            + " \"/dev/sda1\"? expected one of:"
            + " /dev/xvda, /dev/sda1)",
        "test.yaml:15:22: spot_fleet.image_root_device: \"/dev/sda1\" is not the root device of the default image,"
            + " Amazon Linux 2023 (expected /dev/xvda, or image_ssm_parameter naming an image whose root device is"
            + " /dev/sda1)"),
        errors(CAPACITY + """
              image_ssm_parameter: /fleetkit/own-ami
              image_root_device: /dev/sdf
            """ + SPOT + """
              image_root_device: /dev/sda1
            """));
  }
}
