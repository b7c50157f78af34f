package io.fleetkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves benchmark responses from a table keyed by what identifies a page (operation, first tag
 * value or ID of the batch, page token), so WireMock answers in constant time however many pages
 * there are. An unknown key is a 400 that names it, which fails the run.
 */
final class LookupResponder implements ResponseDefinitionTransformerV2 {
  static final String NAME = "fleetkit-lookup";
  private static final ObjectMapper JSON = new ObjectMapper();
  final Map<String, ResponseDefinition> responses = new HashMap<>();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    String key = key(event.getRequest());
    ResponseDefinition r = responses.get(key);
    if (r != null) return r;
    return new ResponseDefinition(400, "{\"__type\":\"ValidationException\",\"Message\":\"no benchmark response for " + key + "\"}");
  }

  static String key(Request r) {
    String target = r.getHeader("X-Amz-Target");
    if (target != null) {
      try {
        JsonNode body = JSON.readTree(r.getBodyAsString());
        JsonNode token = body.get("PaginationToken");
        return "tag|" + body.path("TagFilters").path(0).path("Values").path(0).asText() + "|"
            + (token == null ? "" : token.asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (r.getMethod().getName().equals("GET")) {
      String token = r.queryParameter("NextToken").isPresent() ? r.queryParameter("NextToken").firstValue() : "";
      return "rest|" + r.getUrl().replaceAll("\\?.*", "") + "|" + token;
    }
    Map<String, String> form = form(r.getBodyAsString());
    String action = form.get("Action");
    return action + "|" + switch (action) {
      case "DescribeInstances" -> form.get("Filter.1.Value.1");
      case "DescribeLoadBalancers" -> form.get("LoadBalancerArns.member.1");
      case "DescribeTargetGroups" -> form.getOrDefault("Marker", "");
      case "DescribeAutoScalingGroups" -> form.get("Filters.member.1.Values.member.1") + "|" + form.getOrDefault("NextToken", "");
      case "ListMetrics" -> form.get("Namespace") + "|" + form.get("Dimensions.member.1.Value");
      default -> "";
    };
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
