package io.fleetkit.cli;

import io.fleetkit.discovery.GravitonScanner;
import io.fleetkit.discovery.GravitonScanner.Group;
import io.fleetkit.discovery.GravitonScanner.ImageFacts;
import io.fleetkit.discovery.GravitonScanner.Running;
import io.fleetkit.inventory.GravitonSizes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rows of {@code graviton-candidates}: x86 fleets grouped by application, type and image, and what each could move to. */
final class GravitonCandidates {
  /** Architecture words in image names: Amazon Linux and RHEL say x86_64, Debian and Ubuntu amd64. */
  private static final Pattern ARCH = Pattern.compile("x86_64|amd64");
  /** Dates and build serials (8 digits or more) differ between the x86 and arm64 builds of one release. */
  private static final Pattern SERIAL = Pattern.compile("\\d{8,}");

  private GravitonCandidates() {}

  /**
   * One group of instances (or an Auto Scaling group's listed type with none running).
   *
   * @param platform the instances' PlatformDetails, or null for a type only an Auto Scaling group lists
   * @param tenancy default, dedicated or host; null as for platform
   * @param repository the repository tag's value, or null
   */
  record Row(String application, String repository, int count, String instanceType, String platform, String tenancy,
      List<String> zones, String imageId, GravitonSizes.Mapping mapping) {}

  /**
   * What is known of an arm64 build of the row's image.
   *
   * @param verdict yes, no, none-found or unknown
   */
  record ImageVerdict(String verdict, String detail, String arm64ImageId) {
    String shortText() {
      return switch (verdict) {
        case "yes" -> "yes " + arm64ImageId;
        case "no" -> "no (Windows)";
        default -> verdict;
      };
    }
  }

  /** The application of an instance: the application tag, else its Auto Scaling group, else the instance itself. */
  static String application(Map<String, String> tags, String appTag, String fallback) {
    if (tags.containsKey(appTag)) return tags.get(appTag);
    String group = tags.get("aws:autoscaling:groupName");
    return group != null ? "asg/" + group : fallback;
  }

  /** Rows of x86_64 types, sorted by application, type and image; arm64 types are counted, not listed. */
  static List<Row> rows(List<Running> running, List<Group> groups, Map<String, List<String>> archs, String appTag,
      String repoTag) {
    Map<String, Row> rows = new TreeMap<>();
    for (Running r : running) {
      if (!isX86(archs, r.instanceType())) continue;
      String app = application(r.tags(), appTag, "instance/" + r.id());
      String key = app + "\u0000" + r.instanceType() + "\u0000" + r.imageId() + "\u0000" + r.platformDetails() + "\u0000" + r.tenancy();
      Row before = rows.get(key);
      TreeSet<String> zones = new TreeSet<>(before == null ? List.of() : before.zones());
      zones.add(r.zone());
      String repo = before != null && before.repository() != null ? before.repository() : r.tags().get(repoTag);
      rows.put(key, new Row(app, repo, (before == null ? 0 : before.count()) + 1, r.instanceType(), r.platformDetails(),
          r.tenancy(), List.copyOf(zones), r.imageId(), mapping(r.instanceType(), r.platformDetails())));
    }
    for (Group g : groups) {
      String app = application(g.tags(), appTag, "asg/" + g.name());
      for (String type : g.overrideTypes()) {
        boolean seen = rows.values().stream().anyMatch(r -> r.application().equals(app) && r.instanceType().equals(type));
        if (seen || !isX86(archs, type)) continue;
        rows.put(app + "\u0000" + type + "\u0000-", new Row(app, g.tags().get(repoTag), 0, type, null, null, g.zones(), null,
            GravitonSizes.of(type)));
      }
    }
    return List.copyOf(rows.values());
  }

  /**
   * The rule of {@link GravitonSizes}, except for Windows: Windows AMIs are x86_64 only, so a Windows instance has no
   * Graviton candidate whatever its type (AWS Graviton Technical Guide: Graviton instances run Linux).
   */
  static GravitonSizes.Mapping mapping(String type, String platformDetails) {
    if (platformDetails != null && platformDetails.startsWith("Windows")) {
      return new GravitonSizes.Mapping(type, null, "Windows has no arm64 build on EC2");
    }
    return GravitonSizes.of(type);
  }

  static boolean isX86(Map<String, List<String>> archs, String type) {
    List<String> a = archs.get(type);
    return a != null && a.contains("x86_64") && !a.contains("arm64");
  }

  /** The Price List operatingSystem of a PlatformDetails value, or empty when fleetkit does not price it. */
  static Optional<String> operatingSystem(String platformDetails) {
    if (platformDetails == null) return Optional.empty();
    return switch (platformDetails) {
      case "Linux/UNIX" -> Optional.of("Linux");
      case "Red Hat Enterprise Linux" -> Optional.of("RHEL");
      case "SUSE Linux" -> Optional.of("SUSE");
      default -> Optional.empty();
    };
  }

  /** The Price List tenancy of an instance tenancy, or empty for Dedicated Hosts (billed per host). */
  static Optional<String> tenancy(String tenancy) {
    if ("default".equals(tenancy)) return Optional.of("Shared");
    if ("dedicated".equals(tenancy)) return Optional.of("Dedicated");
    return Optional.empty();
  }

  /**
   * Whether an arm64 build of the image exists, as far as EC2 can tell: the owner's arm64 image named like this one with
   * the architecture word swapped (x86_64 or amd64 to arm64, then x86_64 to aarch64) and build serials as wildcards.
   * A name without an architecture word gives no sibling to look for: unknown, never a guess.
   */
  static ImageVerdict verdict(String imageId, ImageFacts image, GravitonScanner scanner) {
    if (image == null) {
      return new ImageVerdict("unknown", imageId + " is not visible (deregistered, or not shared with this account)", null);
    }
    if (image.platformDetails() != null && image.platformDetails().startsWith("Windows")) {
      return new ImageVerdict("no", "Windows does not run on Graviton (arm64 instances run Linux)", null);
    }
    if (image.name() == null || image.ownerId() == null) {
      return new ImageVerdict("unknown", imageId + " has no name or owner to look up an arm64 build by", null);
    }
    Matcher m = ARCH.matcher(image.name());
    if (!m.find()) {
      return new ImageVerdict("unknown", "the name \"" + image.name() + "\" names no architecture, so no arm64 build can be"
          + " looked up by name; ask the image's owner", null);
    }
    List<String> words = m.group().equals("x86_64") ? List.of("arm64", "aarch64") : List.of("arm64");
    List<String> tried = new ArrayList<>();
    for (String word : words) {
      String pattern = SERIAL.matcher(image.name().substring(0, m.start()) + word + image.name().substring(m.end())).replaceAll("*");
      tried.add(pattern);
      var found = scanner.newestArm64(image.ownerId(), pattern);
      if (found.isPresent()) {
        return new ImageVerdict("yes", found.get().id() + " (" + found.get().name() + ")", found.get().id());
      }
    }
    return new ImageVerdict("none-found", "owner " + image.ownerId() + " has no arm64 image named " + String.join(" or ", tried),
        null);
  }

  /** The change from {@code now} to {@code then} in percent, signed, one decimal. */
  static String change(BigDecimal now, BigDecimal then) {
    BigDecimal pct = then.subtract(now).multiply(BigDecimal.valueOf(100)).divide(now, 1, RoundingMode.HALF_UP);
    return (pct.signum() > 0 ? "+" : "") + pct.toPlainString() + "%";
  }

  /**
   * The Porting Advisor command for one application (aws/porting-advisor-for-graviton README: {@code python3
   * src/porting-advisor.py <path> --output report.html}, run in a clone of that repository). It scans a local source
   * tree, so a repository URL is cloned first; tag values are shell-quoted.
   */
  static String portingAdvisor(String application, String repository) {
    String slug = application.replaceAll("[^A-Za-z0-9._-]", "-");
    String report = slug + "-graviton-report.html";
    if (repository == null) {
      return "python3 src/porting-advisor.py <source tree of " + application + "> --output " + report;
    }
    if (repository.contains("://") || repository.contains("@")) {
      return "git clone --depth 1 " + quote(repository) + " " + slug + "-src && python3 src/porting-advisor.py " + slug
          + "-src --output " + report;
    }
    return "python3 src/porting-advisor.py " + quote(repository) + " --output " + report;
  }

  static String quote(String value) {
    return value.matches("[A-Za-z0-9@%+=:,./_-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
