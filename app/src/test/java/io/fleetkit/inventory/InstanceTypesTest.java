package io.fleetkit.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.AwsNames;
import io.fleetkit.config.Checks;
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

  /** Messages in SnapshotJson's form; hostile/instance-types-cases.txt holds the rest, read as synth reads them. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', ignoreLeadingAndTrailingWhitespace = false, value = {
      "{|line 1, column 2: not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (expected a snapshot written by fleetkit",
      "[]|/: is an array (expected a JSON object",
      "{\"format\":\"fleetkit-zones\",\"version\":1}|/format: \"fleetkit-zones\" is not the instance types snapshot's format (expected \"fleetkit-instance-types\"",
      "{\"format\":\"fleetkit-instance-types\",\"version\":2}|/version: version 2 is not one this fleetkit reads (expected 1",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws-eu\",\"regions\":{}}|/partition: \"aws-eu\" is not a partition of the AWS SDK (expected one of aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{}}|/regions: is empty (expected at least one Region",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"instance_types\":{}}}}|/regions/us-east-1/recorded_at: missing (expected a value there",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"2026-11-24T09:30:00Z\",\"instance_types\":{}}}}|/regions/us-east-1/instance_types: is empty (expected at least one instance type",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"2026-11-24T09:30:00Z\",\"instance_types\":{\"m4.large\":{\"hypervisor\":\"kvm\",\"nitro_enclaves\":false}}}}}|/regions/us-east-1/instance_types/m4.large/hypervisor: \"kvm\" is not valid here (expected one of nitro, xen, none",
      "{\"format\":\"fleetkit-instance-types\",\"version\":1,\"partition\":\"aws\",\"regions\":{\"us-east-1\":{\"recorded_at\":\"2026-11-24T09:30:00Z\",\"instance_types\":{\"m4.large\":{\"hypervisor\":\"xen\",\"nitro_enclaves\":\"no\"}}}}}|/regions/us-east-1/instance_types/m4.large/nitro_enclaves: is text \"no\" (expected true or false"})
  void aBadSnapshotIsOneLineNamingTheFileThePointerAndTheCommand(String text, String problem) {
    var e = assertThrows(SnapshotException.class, () -> InstanceTypes.parse(text, "types.json"));
    assertEquals("types.json: " + problem + "; regenerate it with: bin/fleetkit nitro-audit --region <region> --snapshot"
        + " types.json for each Region, after deleting types.json)", e.getMessage());
  }

  /** Every partition of the AWS SDK's Region metadata, with one of its Regions, reads back; not only aws, cn, us-gov. */
  @Test
  void everyPartitionTheSdkKnowsIsAccepted() {
    assertTrue(Checks.PARTITIONS.size() > 3, Checks.PARTITIONS.toString());
    for (String partition : Checks.PARTITIONS) {
      String region = AwsNames.get().regions().entrySet().stream().filter(e -> e.getValue().equals(partition))
          .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no Region in " + partition));
      InstanceTypes one = new InstanceTypes(partition, Map.of(region, new InstanceTypes.RegionTypes("2026-11-24T09:30:00Z",
          Map.of("m5.large", new InstanceTypes.TypeInfo("nitro", false)))));
      assertEquals(one, InstanceTypes.parse(one.toJson(), "types.json"), partition);
    }
  }

  @Test
  void aSnapshotLargerThanTheCapIsRefusedBeforeItIsRead() throws Exception {
    Path big = Files.createTempDirectory("types").resolve("big.json");
    try (var w = Files.newBufferedWriter(big)) {
      w.write("{\"format\":\"fleetkit-instance-types\",\"version\":1,\"pad\":\"");
      for (int i = 0; i < (17 << 20) / 64; i++) w.write("0123456789012345678901234567890123456789012345678901234567890123");
      w.write("\"}");
    }
    var e = assertThrows(SnapshotException.class, () -> InstanceTypes.read(big));
    assertEquals(big + ": the file is " + Files.size(big) + " bytes (expected at most 16777216; regenerate it with:"
        + " bin/fleetkit nitro-audit --region <region> --snapshot " + big + " for each Region, after deleting " + big + ")",
        e.getMessage());
  }
}
