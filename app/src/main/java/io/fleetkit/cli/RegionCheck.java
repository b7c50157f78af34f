package io.fleetkit.cli;

import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Usage checks of a Region argument against the AWS SDK's own Region list: the Region exists, and it is in the
 * partition of the Price List endpoint the same credentials call. The shared Region checks of the CLI replace this
 * once they land (they read the same SDK data).
 */
final class RegionCheck {
  private RegionCheck() {}

  /** The problem with {@code region}, or empty when it is a Region of {@code pricingRegion}'s partition. */
  static Optional<String> problem(String region, String pricingRegion) {
    RegionMetadata r = RegionMetadata.of(Region.of(region));
    if (r == null || !Region.regions().contains(Region.of(region))) {
      return Optional.of("\"" + region + "\" is not a Region that the AWS SDK knows (expected a Region name such as us-east-1)");
    }
    RegionMetadata p = RegionMetadata.of(Region.of(pricingRegion));
    if (p == null) {
      return Optional.of("\"" + pricingRegion + "\" is not a Region that the AWS SDK knows (expected the Price List endpoint"
          + " us-east-1, eu-central-1 or ap-south-1)");
    }
    if (!r.partition().id().equals(p.partition().id())) {
      return Optional.of(region + " is in partition " + r.partition().id() + ", the Price List endpoint " + pricingRegion
          + " in " + p.partition().id() + " (expected a Region of the endpoint's partition: one set of credentials calls both)");
    }
    return Optional.empty();
  }
}
