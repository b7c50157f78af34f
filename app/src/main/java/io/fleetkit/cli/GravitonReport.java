package io.fleetkit.cli;

import io.fleetkit.cli.GravitonCandidates.ImageVerdict;
import io.fleetkit.cli.GravitonCandidates.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON and text of {@code graviton-candidates}; the text is built from the JSON so both say the same. */
final class GravitonReport {
  static final String PORTING_ADVISOR = "Porting Advisor for Graviton (github.com/aws/porting-advisor-for-graviton; Python 3.10"
      + " or later: in a clone of it, pip install -r requirements.txt, then), one command per application:";

  private GravitonReport() {}

  /** One row without its image verdict (added by {@link #report}). */
  static Map<String, Object> row(Row r, List<String> candidateZones, BigDecimal now, BigDecimal then) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("application", r.application());
    m.put("instances", r.count());
    m.put("instance_type", r.instanceType());
    m.put("platform", r.platform());
    m.put("zones", r.zones());
    m.put("graviton", r.mapping().candidate());
    m.put("rule", r.mapping().rule());
    String zonesCheck = null;
    if (r.mapping().candidate() != null) {
      List<String> missing = r.zones().stream().filter(z -> !candidateZones.contains(z)).toList();
      zonesCheck = candidateZones.isEmpty() ? "not offered in the Region"
          : missing.isEmpty() ? "offered in every zone in use (" + r.zones().size() + ")" : "not offered in " + String.join(", ", missing);
    }
    m.put("graviton_zones", zonesCheck);
    m.put("on_demand_per_hour", now == null ? null : now.stripTrailingZeros().toPlainString());
    m.put("graviton_on_demand_per_hour", then == null ? null : then.stripTrailingZeros().toPlainString());
    m.put("change", now == null || then == null ? null : GravitonCandidates.change(now, then));
    m.put("price_note", now != null ? null : r.mapping().candidate() == null ? "no candidate"
        : "not offered in the Region".equals(zonesCheck) ? "not offered in the Region"
        : r.platform() == null ? "no running instance, so no platform to price" : "not priced: platform " + r.platform()
            + ", tenancy " + r.tenancy());
    m.put("image_id", r.imageId());
    m.put("repository", r.repository());
    return m;
  }

  static Map<String, Object> report(String region, int running, int arm64, List<Row> rows, List<Map<String, Object>> out,
      Map<String, ImageVerdict> verdicts, List<String> groupsWithoutTypes) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("region", region);
    o.put("running_instances", running);
    o.put("running_on_arm64", arm64);
    for (Map<String, Object> m : out) {
      ImageVerdict v = m.get("image_id") == null ? null : verdicts.get((String) m.get("image_id"));
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("arm64_build", v == null ? "unknown" : v.verdict());
      image.put("detail", v == null ? "no running instance: the launch template's image is not read" : v.detail());
      image.put("arm64_image_id", v == null ? null : v.arm64ImageId());
      m.put("image", image);
    }
    o.put("candidates", out);
    Map<String, String> repos = new TreeMap<>();
    for (Row r : rows) {
      if (r.mapping().candidate() == null) continue;
      repos.merge(r.application(), r.repository() == null ? "" : r.repository(), (a, b) -> a.isEmpty() ? b : a);
    }
    List<Map<String, Object>> advisor = new ArrayList<>();
    repos.forEach((app, repo) -> {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("application", app);
      a.put("repository", repo.isEmpty() ? null : repo);
      a.put("command", GravitonCandidates.portingAdvisor(app, repo.isEmpty() ? null : repo));
      advisor.add(a);
    });
    o.put("porting_advisor", advisor);
    o.put("groups_without_known_types", groupsWithoutTypes);
    return o;
  }

  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> report) {
    StringBuilder b = new StringBuilder();
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("candidates");
    if (rows.isEmpty()) {
      line(b, "No x86_64 instance or Auto Scaling group type found (" + report.get("running_on_arm64") + " running on arm64).");
      return b.toString();
    }
    List<List<String>> t = new ArrayList<>();
    t.add(List.of("APPLICATION", "INSTANCES", "TYPE", "GRAVITON", "ZONES", "NOW $/H", "GRAVITON $/H", "CHANGE", "ARM64 IMAGE"));
    for (Map<String, Object> r : rows) {
      Map<String, Object> image = (Map<String, Object>) r.get("image");
      String verdict = (String) image.get("arm64_build");
      t.add(List.of(s(r.get("application")), s(r.get("instances")), s(r.get("instance_type")), s(r.get("graviton")),
          r.get("graviton_zones") == null ? "-" : ((String) r.get("graviton_zones")).startsWith("offered") ? "ok" : "no",
          money(r.get("on_demand_per_hour")), money(r.get("graviton_on_demand_per_hour")), s(r.get("change")),
          verdict.equals("yes") ? "yes " + image.get("arm64_image_id") : verdict.equals("no") ? "no" : verdict));
    }
    b.append(Table.render(t));
    line(b, "");
    line(b, "Why:");
    for (Map<String, Object> r : rows) {
      Map<String, Object> image = (Map<String, Object>) r.get("image");
      String head = "  " + r.get("application") + " " + r.get("instance_type") + ": ";
      line(b, head + (r.get("graviton") == null ? "no candidate (" + r.get("rule") + ")" : r.get("graviton") + " by "
          + r.get("rule") + "; " + r.get("graviton_zones") + (r.get("price_note") == null ? "" : "; " + r.get("price_note"))));
      line(b, " ".repeat(head.length()) + "image " + s(r.get("image_id")) + ": " + image.get("detail"));
    }
    List<String> empty = (List<String>) report.get("groups_without_known_types");
    if (!empty.isEmpty()) {
      line(b, "Auto Scaling groups with no instance and no instance type override (their launch template's type is not read): "
          + String.join(", ", empty));
    }
    List<Map<String, Object>> advisor = (List<Map<String, Object>>) report.get("porting_advisor");
    if (!advisor.isEmpty()) {
      line(b, "");
      line(b, PORTING_ADVISOR);
      advisor.forEach(a -> line(b, "  " + a.get("command")));
    }
    return b.toString();
  }

  private static String s(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }

  private static String money(Object o) {
    return o == null ? "-" : new BigDecimal((String) o).setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  private static void line(StringBuilder b, String s) {
    b.append(s).append('\n');
  }
}
