package io.fleetkit.discovery.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException;
import io.fleetkit.discovery.Pages;
import io.fleetkit.discovery.ServiceErrors;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * On-demand USD-per-hour prices of EC2 instance types from the AWS Price List Query API
 * ({@code GetProducts}, service code AmazonEC2). Each {@code PriceList} entry is a JSON document
 * sent as a string; its {@code terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD} is the hourly price.
 *
 * <p>The query API is served from a few Regions only (us-east-1, eu-central-1, ap-south-1), whatever
 * Region the prices are for; {@link #DEFAULT_ENDPOINT_REGION} is the default.
 * Source: https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html
 */
public final class Ec2OnDemandPrices {
  public static final Region DEFAULT_ENDPOINT_REGION = Region.US_EAST_1;
  public static final String SERVICE_CODE = "AmazonEC2";
  /** The format the parser reads; the API's only documented value. */
  public static final String FORMAT_VERSION = "aws_v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_PAGES = 100;

  private final PricingClient client;

  public Ec2OnDemandPrices(PricingClient client) {
    this.client = Objects.requireNonNull(client);
  }

  /** A client for the Price List API in {@code endpointRegion} (us-east-1 unless configured). */
  public static Ec2OnDemandPrices of(AwsClients clients, Region endpointRegion) {
    return new Ec2OnDemandPrices(clients.build(PricingClient.builder(), endpointRegion));
  }

  /**
   * What to price. Values are the Price List attribute values, not EC2 API values: see
   * {@link #operatingSystemOf(String)} and {@link #tenancyOf(String)}.
   *
   * @param regionCode the Region the instances run in, such as us-east-1
   * @param operatingSystem Linux, Windows, RHEL or SUSE
   * @param tenancy Shared, Dedicated or Host
   */
  public record Query(String instanceType, String regionCode, String operatingSystem, String tenancy) {
    public Query {
      Objects.requireNonNull(instanceType);
      Objects.requireNonNull(regionCode);
      Objects.requireNonNull(operatingSystem);
      Objects.requireNonNull(tenancy);
    }

    /** Linux, shared tenancy: the common case. */
    public static Query linux(String instanceType, String regionCode) {
      return new Query(instanceType, regionCode, "Linux", "Shared");
    }

    String describe() {
      return instanceType + " (" + operatingSystem + ", " + tenancy + " tenancy) in " + regionCode;
    }
  }

  /** One price: the product's SKU, USD per hour, and the price dimension's description. */
  public record Price(String sku, BigDecimal usdPerHour, String description) {}

  /** A price that could not be found or read; the message says which and why. */
  public static final class PriceLookupException extends RuntimeException {
    public PriceLookupException(String message) {
      super(message);
    }

    public PriceLookupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The on-demand price per hour of one instance, or a {@link PriceLookupException}. */
  public Price hourly(Query q) {
    List<String> items = new ArrayList<>();
    try {
      // Seven exact-match filters leave a handful of products; a hundred pages means the service is looping.
      Pages.each("pricing:GetProducts", MAX_PAGES, token -> client.getProducts(GetProductsRequest.builder()
              .serviceCode(SERVICE_CODE)
              .formatVersion(FORMAT_VERSION)
              .filters(filters(q))
              .nextToken(token)
              .build()),
          GetProductsResponse::nextToken, r -> items.addAll(r.priceList()));
    } catch (DiscoveryException e) {
      throw new PriceLookupException(e.getMessage(), e);
    } catch (PricingException e) {
      String code = ServiceErrors.code(e).orElse("");
      if (e.statusCode() == 403 || "AccessDeniedException".equals(code)) {
        throw new PriceLookupException("access denied to pricing:GetProducts (allow that action for "
            + "the credentials in use): " + message(e), e);
      }
      throw new PriceLookupException("pricing:GetProducts failed for " + q.describe() + ": " + ServiceErrors.describe(e), e);
    } catch (SdkException e) {
      throw new PriceLookupException("cannot reach the Price List API (pricing:GetProducts): " + e.getMessage(), e);
    }
    if (items.isEmpty()) {
      throw new PriceLookupException("no on-demand product for " + q.describe()
          + " (check the instance type exists in that Region and the platform is offered)");
    }
    List<Price> prices = new ArrayList<>();
    for (String item : items) prices.add(parse(item, q));
    var distinct = new TreeSet<BigDecimal>();
    prices.forEach(p -> distinct.add(p.usdPerHour().stripTrailingZeros()));
    if (distinct.size() > 1) {
      throw new PriceLookupException(prices.size() + " products with different prices match " + q.describe()
          + ": " + prices.stream().map(p -> p.sku() + " $" + p.usdPerHour().toPlainString()).toList()
          + " (expected one; narrow the query)");
    }
    return prices.get(0);
  }

  /** The GetProducts filters for a query, in a fixed order. */
  public static List<Filter> filters(Query q) {
    return List.of(
        term("instanceType", q.instanceType()),
        term("regionCode", q.regionCode()),
        term("operatingSystem", q.operatingSystem()),
        term("tenancy", q.tenancy()),
        // No SQL Server or other pre-installed software.
        term("preInstalledSw", "NA"),
        // "Used" is a running instance; "UnusedCapacityReservation" and "AllocatedCapacityReservation"
        // are the other capacity-status rows of the same instance type.
        term("capacitystatus", "Used"),
        // Excludes Windows "Bring your own license" rows; Linux rows carry the same value.
        term("licenseModel", "No License required"));
  }

  private static Filter term(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  /**
   * Reads one {@code PriceList} entry: the single on-demand term's single hourly USD dimension.
   *
   * @throws PriceLookupException if it is not JSON or carries no such price
   */
  public static Price parse(String item, Query q) {
    JsonNode root;
    try {
      root = JSON.readTree(item);
    } catch (IOException e) {
      throw new PriceLookupException("a PriceList entry for " + q.describe() + " is not JSON: " + e.getMessage(), e);
    }
    String sku = root.path("product").path("sku").asText("?");
    JsonNode onDemand = root.path("terms").path("OnDemand");
    List<Price> found = new ArrayList<>();
    for (Iterator<JsonNode> terms = onDemand.elements(); terms.hasNext(); ) {
      for (Iterator<Map.Entry<String, JsonNode>> dims = terms.next().path("priceDimensions").fields(); dims.hasNext(); ) {
        JsonNode d = dims.next().getValue();
        JsonNode usd = d.path("pricePerUnit").path("USD");
        if (!"Hrs".equals(d.path("unit").asText()) || !usd.isTextual()) continue;
        try {
          found.add(new Price(sku, new BigDecimal(usd.asText()), d.path("description").asText("")));
        } catch (NumberFormatException e) {
          throw new PriceLookupException("product " + sku + " for " + q.describe() + " has a USD price \""
              + usd.asText() + "\" that is not a number", e);
        }
      }
    }
    if (found.isEmpty()) {
      throw new PriceLookupException("product " + sku + " for " + q.describe()
          + " has no on-demand USD price per hour (terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD with unit Hrs)");
    }
    if (found.size() > 1) {
      throw new PriceLookupException("product " + sku + " for " + q.describe() + " has " + found.size()
          + " on-demand hourly prices (expected one)");
    }
    return found.get(0);
  }

  /**
   * The Price List operatingSystem value of an EC2 capacity-reservation platform
   * (AWS::EC2::CapacityReservation InstancePlatform).
   */
  public static String operatingSystemOf(String instancePlatform) {
    return switch (instancePlatform) {
      case "Linux/UNIX" -> "Linux";
      case "Windows" -> "Windows";
      case "Red Hat Enterprise Linux" -> "RHEL";
      case "SUSE Linux" -> "SUSE";
      default -> throw new IllegalArgumentException("no Price List operatingSystem for platform " + instancePlatform);
    };
  }

  /** The Price List tenancy value of an EC2 tenancy (default, dedicated). */
  public static String tenancyOf(String ec2Tenancy) {
    return switch (ec2Tenancy) {
      case "default" -> "Shared";
      case "dedicated" -> "Dedicated";
      default -> throw new IllegalArgumentException("no Price List tenancy for EC2 tenancy " + ec2Tenancy);
    };
  }

  /** The service's error message; a response without a body (a bare 403 from a proxy) has none. */
  private static String message(PricingException e) {
    var details = e.awsErrorDetails();
    return details != null && details.errorMessage() != null ? details.errorMessage() : ServiceErrors.describe(e);
  }
}
