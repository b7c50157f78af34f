package io.fleetkit.discovery.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import io.fleetkit.stacks.guardrails.ScpEvaluator;
import io.fleetkit.stacks.guardrails.ScpStatement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deny statements of one SCP as organizations:DescribePolicy returns its content. A statement in the shape
 * fleetkit's evaluator decides (Action and Resource, operators of {@link ScpEvaluator#OPERATORS}) is evaluated
 * locally; any other Deny (NotAction, NotResource, IfExists or set operators...) is kept as its JSON for the IAM
 * policy simulator (iam:SimulateCustomPolicy).
 */
record ScpDocument(String id, String name, List<Deny> denies) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One Deny statement.
   *
   * @param sid the statement's Sid, or {@code #n} (its position) when it has none
   * @param local the statement for {@link ScpEvaluator}, when it can decide it
   * @param json the statement as written, for the simulator
   */
  record Deny(String sid, Optional<ScpStatement> local, String json) {}

  static ScpDocument parse(String id, String name, String content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      throw new MalformedResponseException("organizations:DescribePolicy returned content of " + id + " that is not JSON ("
          + e.getMessage() + ")", e);
    }
    JsonNode statements = root == null ? null : root.get("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements != null && statements.isArray()) statements.forEach(list::add);
    else if (statements != null && statements.isObject()) list.add(statements);
    List<Deny> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      if (!"Deny".equals(s.path("Effect").asText())) continue;
      String sid = s.hasNonNull("Sid") ? s.get("Sid").asText() : "#" + (i + 1);
      out.add(new Deny(sid, local(sid, s), s.toString()));
    }
    return new ScpDocument(id, name, out);
  }

  private static Optional<ScpStatement> local(String sid, JsonNode s) {
    if (!s.has("Action") || s.has("NotAction") || s.has("NotResource") || s.has("Principal") || s.has("NotPrincipal")) {
      return Optional.empty();
    }
    List<String> actions = texts(s.get("Action"));
    List<String> resources = s.has("Resource") ? texts(s.get("Resource")) : List.of("*");
    Map<String, Map<String, Object>> conditions = new LinkedHashMap<>();
    JsonNode c = s.path("Condition");
    for (var op : iterable(c.fields())) {
      Map<String, Object> kv = new LinkedHashMap<>();
      for (var key : iterable(op.getValue().fields())) {
        List<String> values = texts(key.getValue());
        kv.put(key.getKey(), values.size() == 1 ? values.get(0) : values);
      }
      conditions.put(op.getKey(), kv);
    }
    ScpStatement statement = new ScpStatement(sid, actions, resources, conditions);
    return ScpEvaluator.evaluates(statement) ? Optional.of(statement) : Optional.empty();
  }

  /** The policy document the simulator evaluates for one Deny: the statement, and an Allow of everything else. */
  static String simulated(Deny d) {
    try {
      ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
      ArrayNode statements = doc.putArray("Statement");
      statements.add(JSON.readTree(d.json()));
      statements.addObject().put("Effect", "Allow").put("Action", "*").put("Resource", "*");
      return JSON.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (n.isArray()) n.forEach(x -> out.add(x.asText()));
    else out.add(n.asText());
    return out;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
