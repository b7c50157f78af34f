package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.inventory.InventoryFile.SnapshotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instance types snapshot: what it records, how it reads back, and the one line each bad file gets. */
class InstanceTypesTest {
  private static final InstanceTypes TWO_REGIONS = new InstanceTypes("aws", Map.of(
      "us-east-1", new InstanceTypes.RegionTypes("2026-11-24T09:30:00Z", Map.of(
          "m4.large", new InstanceTypes.TypeInfo("xen", false),
          "c5.xlarge", new InstanceTypes.TypeInfo("nitro", true),
          "m5.large", new InstanceTypes.TypeInfo("nitro", false))),
      "eu-west-1", new InstanceTypes.RegionTypes("2026-11-24T09:31:00Z", Map.of(
          "c5.xlarge", new InstanceTypes.TypeInfo("nitro", false),
          "t2.micro", new InstanceTypes.TypeInfo("xen", false)))));

  @Test
  void readsBackWhatItWrites() throws Exception {
    Path file = Files.createTempDirectory("types").resolve("types.json");
    TWO_REGIONS.write(file);
    assertEquals(TWO_REGIONS, InstanceTypes.read(file));
    assertEquals(TWO_REGIONS.toJson(), Files.readString(file));
  }

  @Test
  void xenTypesAreTheUnionOfEveryRegion() {
    assertEquals(List.of("m4.large", "t2.micro"), TWO_REGIONS.xenTypes());
  }

  @Test
  void enclaveSupportMustHoldInEveryRegionThatRecordsTheType() {
    assertEquals(Optional.of(false), TWO_REGIONS.nitroEnclaves("c5.xlarge"));
    assertEquals(Optional.empty(), TWO_REGIONS.nitroEnclaves("m7i.large"));
    assertEquals(List.of(
        "c5.xlarge does not support Nitro Enclaves (instance types snapshot types.json: NitroEnclavesSupport is unsupported in"
            + " eu-west-1, us-east-1)",
        "m7i.large is not in the instance types snapshot types.json (expected a type recorded by bin/fleetkit nitro-audit"
            + " --region <region> --snapshot types.json)"),
        TWO_REGIONS.enclaveProblems(List.of("c5.xlarge", "m7i.large"), "types.json"));
    InstanceTypes sample = InstanceTypes.read(Path.of("samples/instance-types.json"));
    assertEquals(List.of(), sample.enclaveProblems(List.of("c5.xlarge", "m5.xlarge"), "s"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "{|: not valid JSON at line 1",
      "[]|: not a fleetkit-instance-types version 1 snapshot",
      "{\"format\":\"fleetkit-zones\",\"version\":1}|: not a fleetkit-instance-types version 1 snapshot",
      "{\"format\":\"fleetkit-instance-types\",\"version\":2}|: not a fleetkit-instance-types version 1 snapshot",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws-eu\",\"regions\":{}}| at /partition: \"aws-eu\" is not a partition",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":[]}| at /regions: no Region",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"instance_types\":{}}}}| at /regions/us-east-1/recorded_at: missing or not text",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"t\",\"instance_types\":{}}}}| at /regions/us-east-1/instance_types: no instance type",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"t\",\"instance_types\":{\"m4.large\":{\"hypervisor\":\"kvm\",\"nitro_enclaves\":false}}}}}| at /regions/us-east-1/instance_types/m4.large/hypervisor: \"kvm\" is not one of [nitro, xen, none]",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"t\",\"instance_types\":{\"m4.large\":{\"hypervisor\":\"xen\",\"nitro_enclaves\":\"no\"}}}}}| at /regions/us-east-1/instance_types/m4.large/nitro_enclaves: missing or not true/false"})
  void aBadSnapshotIsOneLineNamingTheFileThePointerAndTheCommand(String text, String problem) {
    var e = assertThrows(SnapshotException.class, () -> InstanceTypes.parse(text, "types.json"));
    assertEquals("types.json" + problem + " (expected a snapshot that bin/fleetkit nitro-audit --region <region> --snapshot"
        + " types.json writes)", e.getMessage());
  }
}
