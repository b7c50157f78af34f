package io.fleetkit.functions.restorepoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the restore point janitor keeps: the JSON the stack writes at synth into
 * {@value RestorePointsFunction#CONFIG_VARIABLE}, and what {@code bin/fleetkit restore-points prune} builds from
 * config.yaml. Example:
 *
 * <pre>{@code
 * {"tag_key": "fleetkit:restore-point", "keep": 3, "dry_run": false, "pinned": ["snap-0a1b2c3d4e5f60001"]}
 * }</pre>
 *
 * @param tagKey the restore-point tag: only snapshots carrying it, valued with an instance ID, are restore points
 * @param keep how many completed restore points of each instance to keep, newest first
 * @param dryRun report what would be deleted and delete nothing
 * @param pinned snapshot IDs never deleted; they do not count toward {@code keep}
 */
public record RestorePointsConfig(String tagKey, int keep, boolean dryRun, List<String> pinned) {
  /** The janitor's bounds on {@code keep} (config.yaml declares the same). */
  public static final int MIN_KEEP = 1;
  public static final int MAX_KEEP = 100;
  static final Pattern SNAPSHOT_ID = Pattern.compile("snap-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  private static final ObjectMapper JSON = new ObjectMapper();

  public RestorePointsConfig {
    pinned = List.copyOf(pinned);
    List<String> problems = new ArrayList<>();
    // EC2 tag keys are 1-128 characters; aws: is reserved (EC2 User Guide, "Tag restrictions").
    if (tagKey == null || tagKey.isEmpty() || tagKey.length() > 128 || tagKey.startsWith("aws:")) {
      problems.add("tag_key: " + (tagKey == null ? "missing" : "\"" + tagKey + "\" is not a usable tag key")
          + " (expected 1-128 characters, not starting with aws:)");
    }
    if (keep < MIN_KEEP || keep > MAX_KEEP) {
      problems.add("keep: " + keep + " is out of range (expected " + MIN_KEEP + " to " + MAX_KEEP + ")");
    }
    for (int i = 0; i < pinned.size(); i++) {
      if (!SNAPSHOT_ID.matcher(pinned.get(i)).matches()) {
        problems.add("pinned[" + i + "]: \"" + pinned.get(i) + "\" is not a snapshot ID (expected snap- and 8 or 17"
            + " lowercase hex digits)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid restore point janitor configuration:\n  " + String.join("\n  ", problems));
    }
  }

  /** This configuration, but reporting only. */
  public RestorePointsConfig asDryRun() {
    return new RestorePointsConfig(tagKey, keep, true, pinned);
  }

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("tag_key", tagKey);
    o.put("keep", keep);
    o.put("dry_run", dryRun);
    ArrayNode p = o.putArray("pinned");
    pinned.forEach(p::add);
    return o.toString();
  }

  /** Reads {@link #toJson()}'s form; every problem is in the one exception's message. */
  public static RestorePointsConfig parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid restore point janitor configuration: not JSON ("
          + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("invalid restore point janitor configuration: expected a JSON object");
    }
    List<String> problems = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("tag_key", "keep", "dry_run", "pinned").contains(name)) problems.add(name + ": unknown key");
    }
    JsonNode tag = root.get("tag_key");
    if (tag == null || !tag.isTextual()) problems.add("tag_key: missing or not text");
    JsonNode keep = root.get("keep");
    if (keep == null || !keep.canConvertToInt() || !keep.isIntegralNumber()) problems.add("keep: missing or not a whole number");
    JsonNode dryRun = root.get("dry_run");
    if (dryRun != null && !dryRun.isBoolean()) problems.add("dry_run: not true or false");
    JsonNode pinnedNode = root.get("pinned");
    List<String> pinned = new ArrayList<>();
    if (pinnedNode != null) {
      if (!pinnedNode.isArray()) {
        problems.add("pinned: not a list");
      } else {
        for (int i = 0; i < pinnedNode.size(); i++) {
          if (pinnedNode.get(i).isTextual()) pinned.add(pinnedNode.get(i).asText());
          else problems.add("pinned[" + i + "]: not text");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid restore point janitor configuration:\n  " + String.join("\n  ", problems));
    }
    return new RestorePointsConfig(tag.asText(), keep.asInt(), dryRun != null && dryRun.asBoolean(), pinned);
  }
}
