package io.fleetkit.stacks.guardrails;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Minifies SCPs and splits any that exceed the size limit into several, never truncating: whole
 * statements move to the next policy, and a statement too large on its own is split by its actions
 * (Deny statements with the same resource and condition are equivalent to their union), then, for one
 * action, by the values of a condition whose list means "any of these" (such as the Nitro-only types).
 */
public final class ScpPacker {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A policy document that fits, as its minified text. */
  public record PackedPolicy(String name, String description, String content) {}

  /** A statement that cannot fit even with a single action. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge(String message) {
      super(message);
    }
  }

  private ScpPacker() {}

  public static String minify(List<ScpStatement> statements) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("Version", "2012-10-17");
    var arr = doc.putArray("Statement");
    statements.forEach(s -> arr.add(s.toJson()));
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One policy when it fits; otherwise name-1, name-2, … each within {@code maxChars}. */
  public static List<PackedPolicy> pack(String name, String description, List<ScpStatement> statements,
      int maxChars) {
    List<List<ScpStatement>> docs = new ArrayList<>();
    List<ScpStatement> current = new ArrayList<>();
    for (ScpStatement statement : statements) {
      for (ScpStatement piece : fit(statement, maxChars)) {
        current.add(piece);
        if (minify(current).length() > maxChars) {
          current.remove(current.size() - 1);
          docs.add(current);
          current = new ArrayList<>(List.of(piece));
        }
      }
    }
    docs.add(current);
    if (docs.size() == 1) return List.of(new PackedPolicy(name, description, minify(docs.get(0))));
    List<PackedPolicy> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      out.add(new PackedPolicy(name + "-part" + (i + 1),
          description + " (part " + (i + 1) + " of " + docs.size() + ")", minify(docs.get(i))));
    }
    return out;
  }

  /**
   * The statement itself, or pieces of it each fitting in an empty policy: split by action, and an action
   * that is too large on its own split by the values of a condition that allows it (see
   * {@link ScpStatement#SPLITTABLE_OPERATORS}). Pieces are named Sid1, Sid2, ... in order.
   */
  static List<ScpStatement> fit(ScpStatement statement, int maxChars) {
    if (minify(List.of(statement)).length() <= maxChars) return List.of(statement);
    List<ScpStatement> pieces = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    for (String action : statement.actions()) {
      chunk.add(action);
      if (chunk.size() > 1 && size(statement, pieces.size() + 1, chunk) > maxChars) {
        chunk.remove(chunk.size() - 1);
        pieces.add(statement.withActions(statement.sid() + (pieces.size() + 1), chunk));
        chunk = new ArrayList<>(List.of(action));
      }
      if (size(statement, pieces.size() + 1, chunk) > maxChars) {
        pieces.addAll(byValues(statement, action, pieces.size(), maxChars));
        chunk = new ArrayList<>();
      }
    }
    if (!chunk.isEmpty()) pieces.add(statement.withActions(statement.sid() + (pieces.size() + 1), chunk));
    return pieces;
  }

  /** One action's pieces, split by the values of its splittable condition; numbered after {@code before}. */
  private static List<ScpStatement> byValues(ScpStatement statement, String action, int before, int maxChars) {
    ScpStatement one = statement.withActions(statement.sid(), List.of(action));
    var condition = one.splittableCondition();
    if (condition.isEmpty()) {
      throw new TooLarge("statement " + statement.sid() + " is " + size(statement, before + 1, List.of(action))
          + " characters with the single action " + action + ", over the SCP limit of " + maxChars);
    }
    String op = condition.get()[0];
    String key = condition.get()[1];
    List<ScpStatement> pieces = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Object v : (List<?>) one.conditions().get(op).get(key)) {
      String value = String.valueOf(v);
      values.add(value);
      if (values.size() > 1 && length(one, before + pieces.size() + 1, op, key, values) > maxChars) {
        values.remove(values.size() - 1);
        pieces.add(one.withConditionValues(statement.sid() + (before + pieces.size() + 1), op, key, values));
        values = new ArrayList<>(List.of(value));
      }
      int alone = length(one, before + pieces.size() + 1, op, key, values);
      if (alone > maxChars) {
        throw new TooLarge("statement " + statement.sid() + " is " + alone + " characters with the single action " + action
            + " and the single " + key + " value " + value + ", over the SCP limit of " + maxChars);
      }
    }
    pieces.add(one.withConditionValues(statement.sid() + (before + pieces.size() + 1), op, key, values));
    return pieces;
  }

  private static int length(ScpStatement one, int part, String op, String key, List<String> values) {
    return minify(List.of(one.withConditionValues(one.sid() + part, op, key, values))).length();
  }

  private static int size(ScpStatement s, int part, List<String> actions) {
    return minify(List.of(s.withActions(s.sid() + part, actions))).length();
  }
}
