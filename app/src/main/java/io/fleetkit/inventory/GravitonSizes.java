package io.fleetkit.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same-class Graviton size of an x86 instance type, by a rule over public AWS naming.
 *
 * <p>Rule. A type is {@code <class><generation><processor and capabilities>.<size>} ("Amazon EC2 instance type naming
 * conventions", https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html: i Intel, a AMD, g
 * Graviton; d local NVMe, n network, z frequency, e extra memory, flex). Graviton2, 3 and 4 power the 6th, 7th and 8th
 * generations ("AWS Graviton Technical Guide", aws/aws-graviton-getting-started). So an x86 type of class m, c or r maps
 * to the Graviton family of the same class and generation, generation 6 for older ones (there is no Graviton m5) and 8
 * for newer ones; local NVMe (d) is kept, and so is the network variant of class c (c6gn, c7gn, c8gn); other capability
 * letters have no Graviton twin and are dropped. Burstable t2, t3 and t3a map to t4g. The size name stays: Graviton
 * sizes of the same name have the same vCPUs and memory in these classes (EC2 instance type specifications, General
 * purpose, Compute optimized, Memory optimized). A size the Graviton family does not have (m5.24xlarge, any metal) has
 * no candidate. Other classes (storage, accelerated, high-memory) are not in the table: their Graviton types differ in
 * ratio or accelerator.
 */
public final class GravitonSizes {
  private static final Pattern TYPE = Pattern.compile("([a-z]+?)(\\d+)([a-z]*(?:-flex)?)\\.([a-z0-9-]+)");
  private static final List<String> SIZES_6_7 = List.of("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
      "16xlarge");
  private static final List<String> SIZES_8 = List.of("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
      "16xlarge", "24xlarge", "48xlarge");
  private static final List<String> SIZES_T4G = List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge");

  /** Graviton families and their sizes (EC2 instance type specifications). */
  public static final Map<String, List<String>> FAMILIES = families();

  private GravitonSizes() {}

  /**
   * The result of the rule.
   *
   * @param candidate the Graviton type, or null when there is none
   * @param rule why: the family chosen and what was kept or dropped, or why there is no candidate
   */
  public record Mapping(String instanceType, String candidate, String rule) {}

  public static Mapping of(String x86Type) {
    Matcher m = TYPE.matcher(x86Type);
    if (!m.matches()) return new Mapping(x86Type, null, "not a family.size type name");
    String cls = m.group(1);
    int generation = Integer.parseInt(m.group(2));
    String caps = m.group(3);
    String size = m.group(4);
    if (caps.contains("g")) return new Mapping(x86Type, null, "already a Graviton type");
    String family;
    String rule;
    if (cls.equals("t") && generation <= 3) {
      family = "t4g";
      rule = "burstable t" + generation + " -> t4g";
    } else if (List.of("m", "c", "r").contains(cls)) {
      int target = Math.max(6, Math.min(8, generation));
      String variant = caps.startsWith("-") ? "" : caps.replaceFirst("^[ia]", "").replace("-flex", "");
      String kept = (variant.contains("d") ? "d" : "") + (cls.equals("c") && variant.contains("n") ? "n" : "");
      family = cls + target + "g" + kept;
      String dropped = variant.replace("d", "").replace(cls.equals("c") ? "n" : "", "") + (caps.endsWith("-flex") ? "-flex" : "");
      rule = "generation " + generation + " -> Graviton generation " + target + (kept.isEmpty() ? "" : ", keeps " + kept)
          + (dropped.isEmpty() ? "" : ", drops " + dropped);
    } else {
      return new Mapping(x86Type, null, "class " + cls + " has no same-class Graviton family in the table");
    }
    List<String> sizes = FAMILIES.get(family);
    if (sizes == null) return new Mapping(x86Type, null, rule + ": no " + family + " family");
    if (!sizes.contains(size)) return new Mapping(x86Type, null, rule + ": " + family + " has no " + size + " size");
    return new Mapping(x86Type, family + "." + size, rule);
  }

  private static Map<String, List<String>> families() {
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (String cls : List.of("m", "c", "r")) {
      for (String v : cls.equals("c") ? List.of("", "d", "n") : List.of("", "d")) {
        f.put(cls + "6g" + v, SIZES_6_7);
        f.put(cls + "7g" + v, SIZES_6_7);
        f.put(cls + "8g" + v, SIZES_8);
      }
    }
    f.put("t4g", SIZES_T4G);
    return java.util.Collections.unmodifiableMap(f);
  }
}
