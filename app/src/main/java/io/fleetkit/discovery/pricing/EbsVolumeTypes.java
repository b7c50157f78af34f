package io.fleetkit.discovery.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.Pages;
import io.fleetkit.discovery.ServiceErrors;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.PricingException;

/**
 * The EBS volume types of a Local Zone as the AWS Price List reports them. No EC2 API lists the volume
 * types a zone offers (DescribeInstanceTypeOfferings covers instance types only, DescribeAvailabilityZones
 * neither); the Price List has one {@code Storage} product per volume type priced in a Local Zone, with
 * {@code locationType} "AWS Local Zone", the zone group as {@code regionCode} (as for its instance products)
 * and the EC2 API name of the type in {@code volumeApiName} (usage type {@code <REGION>-<ZONE>-EBS:VolumeUsage.<type>}).
 * A type that is priced there is what can be known without creating a volume; that is what is recorded.
 */
public final class EbsVolumeTypes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCAL_ZONE = "AWS Local Zone";

  private final PricingClient client;

  public EbsVolumeTypes(PricingClient client) {
    this.client = Objects.requireNonNull(client);
  }

  /** A client for the Price List API in {@code endpointRegion} (us-east-1, eu-central-1 or ap-south-1). */
  public static EbsVolumeTypes of(AwsClients clients, Region endpointRegion) {
    return new EbsVolumeTypes(clients.build(PricingClient.builder(), endpointRegion));
  }

  /** Where the volume types of {@code group} come from, as the snapshot records it. */
  public static String source(String group) {
    return "pricing:GetProducts " + Ec2OnDemandPrices.SERVICE_CODE + " productFamily=Storage regionCode=" + group;
  }

  /**
   * The sorted volume API names (gp2, gp3, io1, ...) of the Storage products of a zone group, every page.
   *
   * @throws PriceLookupException when access is denied, the API fails or answers with nothing usable
   */
  public List<String> of(String group) {
    List<String> items = new ArrayList<>();
    try {
      // One Storage product per volume type priced in the zone: a handful; the shared page bound ends a looping service.
      Pages.each("pricing:GetProducts", Ec2OnDemandPrices.MAX_PAGES, token -> client.getProducts(GetProductsRequest.builder()
              .serviceCode(Ec2OnDemandPrices.SERVICE_CODE)
              .formatVersion(Ec2OnDemandPrices.FORMAT_VERSION)
              .filters(term("productFamily", "Storage"), term("regionCode", group))
              .nextToken(token)
              .build()),
          GetProductsResponse::nextToken, r -> items.addAll(r.priceList()));
    } catch (DiscoveryException e) {
      throw new PriceLookupException(e.getMessage(), e);
    } catch (PricingException e) {
      String code = ServiceErrors.code(e).orElse("");
      if (e.statusCode() == 403 || "AccessDeniedException".equals(code)) {
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage() : ServiceErrors.describe(e);
        throw new PriceLookupException("access denied to pricing:GetProducts (allow that action for the credentials in"
            + " use; the snapshot records the zone's EBS volume types from the Price List): " + message, e);
      }
      throw new PriceLookupException("pricing:GetProducts failed for the EBS volume types of " + group + ": "
          + ServiceErrors.describe(e), e);
    } catch (SdkException e) {
      throw new PriceLookupException("cannot reach the Price List API (pricing:GetProducts): " + e.getMessage(), e);
    }
    TreeSet<String> types = new TreeSet<>();
    for (String item : items) {
      JsonNode attributes;
      try {
        attributes = JSON.readTree(item).path("product").path("attributes");
      } catch (IOException e) {
        throw new PriceLookupException("a PriceList entry for the EBS volumes of " + group + " is not JSON: "
            + e.getMessage().lines().findFirst().orElse(""), e);
      }
      String type = attributes.path("volumeApiName").asText("");
      // Only the zone's own products: a Region's Storage products say "AWS Region".
      if (LOCAL_ZONE.equals(attributes.path("locationType").asText()) && type.matches("[a-z0-9]{2,16}")) types.add(type);
    }
    if (types.isEmpty()) {
      throw new PriceLookupException("the Price List lists no EBS volume types for " + group + " (" + source(group)
          + " returned " + items.size() + " products, none with locationType \"" + LOCAL_ZONE + "\" and a volumeApiName;"
          + " the snapshot was not written: check the volume types on the Local Zones features page and set"
          + " local_zone.zones_snapshot: none)");
    }
    return List.copyOf(types);
  }

  private static Filter term(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }
}
