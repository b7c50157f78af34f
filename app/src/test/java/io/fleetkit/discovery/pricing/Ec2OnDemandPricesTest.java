package io.fleetkit.discovery.pricing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.PriceLookupException;
import io.fleetkit.discovery.pricing.Ec2OnDemandPrices.Query;
import io.fleetkit.support.AwsMock;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

class Ec2OnDemandPricesTest {
  @RegisterExtension static final AwsMock aws = new AwsMock("pricing");
  static Ec2OnDemandPrices prices;

  @BeforeAll
  static void start() {
    prices = Ec2OnDemandPrices.of(aws.clients("eu-west-1"), Ec2OnDemandPrices.DEFAULT_ENDPOINT_REGION);
  }

  @Test
  void readsTheOnDemandHourlyPriceFromThePriceListJsonString() {
    var price = prices.hourly(Query.linux("m5.large", "us-east-1"));
    assertEquals("8VCNEHQMSCQS4P39", price.sku());
    assertEquals(new BigDecimal("0.0960000000"), price.usdPerHour());
    assertEquals("$0.0960000000 per On Demand Linux m5.large Instance Hour", price.description());
  }

  @Test
  void sendsJson11GetProductsWithEveryFilter() {
    prices.hourly(new Query("m5.large", "us-east-1", "Linux", "Shared"));
    aws.verify(1, postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AWSPriceListService.GetProducts"))
        .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
        .withRequestBody(equalToJson("""
            {"ServiceCode":"AmazonEC2","FormatVersion":"aws_v1","Filters":[
              {"Type":"TERM_MATCH","Field":"instanceType","Value":"m5.large"},
              {"Type":"TERM_MATCH","Field":"regionCode","Value":"us-east-1"},
              {"Type":"TERM_MATCH","Field":"operatingSystem","Value":"Linux"},
              {"Type":"TERM_MATCH","Field":"tenancy","Value":"Shared"},
              {"Type":"TERM_MATCH","Field":"preInstalledSw","Value":"NA"},
              {"Type":"TERM_MATCH","Field":"capacitystatus","Value":"Used"},
              {"Type":"TERM_MATCH","Field":"licenseModel","Value":"No License required"}]}""")));
    // The Price List API is signed for us-east-1 whatever Region the clients default to.
    aws.verify(postRequestedFor(urlEqualTo("/"))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/us-east-1/pricing/aws4_request")));
  }

  @Test
  void followsNextToken() {
    var price = prices.hourly(Query.linux("c5.xlarge", "us-east-1"));
    assertEquals(new BigDecimal("0.1700000000"), price.usdPerHour());
    aws.verify(2, postRequestedFor(urlEqualTo("/")));
    aws.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.NextToken", equalTo("page-2-token"))));
  }

  @Test
  void productWithoutAnOnDemandPriceIsAClearError() {
    var e = assertThrows(PriceLookupException.class, () -> prices.hourly(Query.linux("m7i.large", "us-east-1")));
    assertEquals("product R9Q7M2XDEEDAS7ZB for m7i.large (Linux, Shared tenancy) in us-east-1 has no on-demand"
        + " USD price per hour (terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD with unit Hrs)", e.getMessage());
  }

  @Test
  void noProductIsAClearError() {
    var e = assertThrows(PriceLookupException.class, () -> prices.hourly(Query.linux("t3.nano", "us-east-1")));
    assertEquals("no on-demand product for t3.nano (Linux, Shared tenancy) in us-east-1 (check the instance type"
        + " exists in that Region and the platform is offered)", e.getMessage());
  }

  @Test
  void accessDeniedNamesTheAction() {
    var e = assertThrows(PriceLookupException.class, () -> prices.hourly(Query.linux("r5.large", "us-east-1")));
    assertEquals("access denied to pricing:GetProducts (allow that action for the credentials in use): User:"
        + " arn:aws:iam::111122223333:user/planner is not authorized to perform: pricing:GetProducts", e.getMessage());
  }

  @Test
  void accessDeniedWithoutErrorDetailsStillNamesTheAction() {
    // A bare 403 with an empty body: no error code or message to read.
    var e = assertThrows(PriceLookupException.class, () -> prices.hourly(Query.linux("r6i.large", "us-east-1")));
    assertEquals("access denied to pricing:GetProducts (allow that action for the credentials in use): HTTP 403 with an"
        + " empty body, not an AWS error (a proxy or the service's front end failed; retry later)", e.getMessage());
  }

  @Test
  void parseRejectsNonNumericPrice() {
    String item = "{\"product\":{\"sku\":\"ABC\"},\"terms\":{\"OnDemand\":{\"ABC.T\":{\"priceDimensions\":"
        + "{\"ABC.T.D\":{\"unit\":\"Hrs\",\"pricePerUnit\":{\"USD\":\"n/a\"}}}}}}}";
    var e = assertThrows(PriceLookupException.class, () -> Ec2OnDemandPrices.parse(item, Query.linux("m5.large", "us-east-1")));
    assertEquals("product ABC for m5.large (Linux, Shared tenancy) in us-east-1 has a USD price \"n/a\" that is not a number",
        e.getMessage());
  }

  @Test
  void mapsEc2ValuesToPriceListValues() {
    assertEquals("Linux", Ec2OnDemandPrices.operatingSystemOf("Linux/UNIX"));
    assertEquals("RHEL", Ec2OnDemandPrices.operatingSystemOf("Red Hat Enterprise Linux"));
    assertEquals("SUSE", Ec2OnDemandPrices.operatingSystemOf("SUSE Linux"));
    assertEquals("Windows", Ec2OnDemandPrices.operatingSystemOf("Windows"));
    assertEquals("Shared", Ec2OnDemandPrices.tenancyOf("default"));
    assertEquals("Dedicated", Ec2OnDemandPrices.tenancyOf("dedicated"));
    assertEquals(Region.US_EAST_1, Ec2OnDemandPrices.DEFAULT_ENDPOINT_REGION);
  }
}
