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
 * (Deny statements with the same resource and condition are equivalent to their union).
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

  /** The statement itself, or pieces of it split by action, each fitting in an empty policy. */
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
        throw new TooLarge("statement " + statement.sid() + " is "
            + size(statement, pieces.size() + 1, List.of(action)) + " characters with the single action "
            + action + ", over the SCP limit of " + maxChars);
      }
    }
    pieces.add(statement.withActions(statement.sid() + (pieces.size() + 1), chunk));
    return pieces;
  }

  private static int size(ScpStatement s, int part, List<String> actions) {
    return minify(List.of(s.withActions(s.sid() + part, actions))).length();
  }
}
