package io.fleetkit.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schedule expressions: the 6-field cron of EC2 Image Builder and State Manager
 * ({@code cron(minutes hours day-of-month month day-of-week year)}, the EventBridge field rules) and
 * State Manager's rate(). Sources: Image Builder "Use cron expressions in Image Builder"; Systems
 * Manager "Reference: Cron and rate expressions for Systems Manager".
 */
public final class Schedules {
  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
  private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
  private static final List<String> FIELDS = List.of("minutes", "hours", "day-of-month", "month", "day-of-week", "year");
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}};
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
      "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  /** State Manager runs an association at most every 30 minutes (rate expressions for associations). */
  public static final int MIN_ASSOCIATION_MINUTES = 30;
  private static final String EXAMPLE = "such as cron(0 4 ? * MON *)";

  private Schedules() {}

  /** An Image Builder pipeline schedule: cron(...) with 6 fields. */
  public static boolean cron(Problems p, String path, String expr) {
    Matcher m = CRON.matcher(expr.strip());
    if (!m.matches()) {
      p.error(path, "\"" + expr + "\" is not a cron expression (expected cron(<6 fields>), " + EXAMPLE + ")");
      return false;
    }
    String[] f = m.group(1).strip().split("\\s+");
    if (f.length != 6) {
      p.error(path, "\"" + expr + "\" has " + f.length + " field" + (f.length == 1 ? "" : "s")
          + " (expected 6: minutes hours day-of-month month day-of-week year, " + EXAMPLE + ")");
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!field(i, f[i])) {
        p.error(path, "\"" + expr + "\": the " + FIELDS.get(i) + " field \"" + f[i] + "\" is not valid (expected "
            + expected(i) + ")");
        return false;
      }
    }
    boolean domAny = f[2].equals("?");
    boolean dowAny = f[4].equals("?");
    if (domAny == dowAny) {
      p.error(path, "\"" + expr + "\": day-of-month \"" + f[2] + "\" and day-of-week \"" + f[4]
          + "\" (expected exactly one of them to be ?, " + EXAMPLE + ")");
      return false;
    }
    return true;
  }

  /** A State Manager association schedule: rate(N minutes|hours|days), at least 30 minutes, or a cron. */
  public static boolean association(Problems p, String path, String expr) {
    if (expr.strip().startsWith("cron(")) return cron(p, path, expr);
    Matcher r = RATE.matcher(expr.strip());
    if (!r.matches()) {
      p.error(path, "\"" + expr + "\" is not a schedule (expected rate(<n> minutes|hours|days) or a 6-field cron(...))");
      return false;
    }
    long n = Long.parseLong(r.group(1));
    String unit = r.group(2);
    boolean singular = n == 1;
    if (singular != !unit.endsWith("s")) {
      p.error(path, "\"" + expr + "\" is not a schedule (expected rate(1 " + unit.replaceAll("s$", "") + ") or rate("
          + n + " " + (unit.endsWith("s") ? unit : unit + "s") + "))");
      return false;
    }
    long minutes = unit.startsWith("minute") ? n : unit.startsWith("hour") ? n * 60 : n * 1440;
    if (minutes < MIN_ASSOCIATION_MINUTES) {
      p.error(path, "\"" + expr + "\" is more often than State Manager allows (expected at least rate(30 minutes))");
      return false;
    }
    return true;
  }

  private static String expected(int i) {
    int[] r = RANGES[i];
    String names = i == 3 ? " or JAN-DEC" : i == 4 ? " or SUN-SAT" : "";
    String special = i == 2 ? ", ?, L or W" : i == 4 ? ", ?, L or #" : "";
    return r[0] + "-" + r[1] + names + ", *" + special + ", ranges a-b, lists a,b or steps a/n";
  }

  private static boolean field(int i, String f) {
    if ((i == 2 || i == 4) && f.equals("?")) return true;
    if (i == 2 && (f.equals("L") || f.equals("LW") || f.matches("\\d{1,2}W") && inRange(i, f.substring(0, f.length() - 1)))) {
      return true;
    }
    if (i == 4 && (f.equals("L") || f.matches("[1-7A-Z]{1,3}L") && value(i, f.substring(0, f.length() - 1)) >= 0)) {
      return true;
    }
    if (i == 4 && f.matches("[^#]+#[1-5]")) return value(i, f.substring(0, f.indexOf('#'))) >= 0;
    for (String part : f.split(",", -1)) {
      if (!part(i, part)) return false;
    }
    return true;
  }

  private static boolean part(int i, String part) {
    String base = part;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      String step = part.substring(slash + 1);
      if (!step.matches("\\d{1,4}") || Integer.parseInt(step) == 0) return false;
      base = part.substring(0, slash);
    }
    if (base.equals("*")) return true;
    int dash = base.indexOf('-');
    if (dash > 0) {
      int a = value(i, base.substring(0, dash));
      int b = value(i, base.substring(dash + 1));
      return a >= 0 && b >= 0;
    }
    return value(i, base) >= 0;
  }

  private static boolean inRange(int i, String s) {
    return value(i, s) >= 0;
  }

  /** The numeric value of one field token, or -1. */
  private static int value(int i, String s) {
    if (i == 3 && MONTHS.contains(s)) return MONTHS.indexOf(s) + 1;
    if (i == 4 && DAYS.contains(s)) return DAYS.indexOf(s) + 1;
    if (!s.matches("\\d{1,4}")) return -1;
    int v = Integer.parseInt(s);
    return v >= RANGES[i][0] && v <= RANGES[i][1] ? v : -1;
  }
}
