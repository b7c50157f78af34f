package io.fleetkit.stacks.guardrails;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Deny statement of a service control policy. Conditions keep insertion order so the JSON is
 * stable from run to run.
 *
 * @param conditions operator → (key → value, a String or a List of Strings)
 */
public record ScpStatement(String sid, List<String> actions, List<String> resources,
    Map<String, Map<String, Object>> conditions) {

  public ScpStatement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    conditions.forEach((op, kv) -> copy.put(op, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kv))));
    conditions = java.util.Collections.unmodifiableMap(copy);
  }

  public static ScpStatement deny(String sid, List<String> actions, String resource) {
    return new ScpStatement(sid, actions, List.of(resource), Map.of());
  }

  public ScpStatement withCondition(String operator, String key, Object value) {
    Map<String, Map<String, Object>> c = new LinkedHashMap<>(conditions);
    Map<String, Object> kv = new LinkedHashMap<>(c.getOrDefault(operator, Map.of()));
    kv.put(key, value);
    c.put(operator, kv);
    return new ScpStatement(sid, actions, resources, c);
  }

  public ScpStatement withActions(String newSid, List<String> newActions) {
    return new ScpStatement(newSid, newActions, resources, conditions);
  }

  /**
   * Operators whose value list can be split over several Deny statements without changing what is denied:
   * "key matches one of A or B" is "key matches one of A" or "key matches one of B". Negated operators and
   * the ForAllValues/ForAnyValue set operators are not split.
   */
  static final List<String> SPLITTABLE_OPERATORS = List.of("StringLike", "StringEquals", "ArnLike", "ArnEquals");

  /** The operator and key of the first condition whose value list may be split, if there is one. */
  java.util.Optional<String[]> splittableCondition() {
    for (var op : conditions.entrySet()) {
      if (!SPLITTABLE_OPERATORS.contains(op.getKey())) continue;
      for (var kv : op.getValue().entrySet()) {
        if (kv.getValue() instanceof List<?> l && l.size() > 1) return java.util.Optional.of(new String[] {op.getKey(), kv.getKey()});
      }
    }
    return java.util.Optional.empty();
  }

  /** This statement with another Sid and another value list for one condition. */
  ScpStatement withConditionValues(String newSid, String operator, String key, List<String> values) {
    return new ScpStatement(newSid, actions, resources, conditions).withCondition(operator, key, List.copyOf(values));
  }

  public ScpStatement withExtraAction(String action) {
    var list = new java.util.ArrayList<>(actions);
    list.add(action);
    return new ScpStatement(sid, list, resources, conditions);
  }

  ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode s = f.objectNode();
    s.put("Sid", sid);
    s.put("Effect", "Deny");
    var a = s.putArray("Action");
    actions.forEach(a::add);
    if (resources.size() == 1) {
      s.put("Resource", resources.get(0));
    } else {
      var r = s.putArray("Resource");
      resources.forEach(r::add);
    }
    if (!conditions.isEmpty()) {
      ObjectNode c = s.putObject("Condition");
      conditions.forEach((op, kv) -> {
        ObjectNode o = c.putObject(op);
        kv.forEach((k, v) -> {
          if (v instanceof List<?> list) {
            var arr = o.putArray(k);
            list.forEach(x -> arr.add(String.valueOf(x)));
          } else {
            o.put(k, String.valueOf(v));
          }
        });
      });
    }
    return s;
  }
}
