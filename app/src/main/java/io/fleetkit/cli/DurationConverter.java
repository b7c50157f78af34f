package io.fleetkit.cli;

import java.time.Duration;
import picocli.CommandLine;

/** 90s, 10m, 1h, or a plain number of seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    var m = java.util.regex.Pattern.compile("(\\d+)([smh]?)").matcher(value.trim());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("\"" + value + "\" is not a duration (expected a number with s, m or h, such as 10m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
