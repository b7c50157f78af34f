package io.fleetkit.cli;

import io.fleetkit.config.Checks;
import io.fleetkit.config.Ec2IdKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Option values checked by picocli before a command runs: a bad value is a usage error (exit 2) with one line that
 * says what is expected, never a stack trace from the SDK.
 */
final class Arguments {
  private Arguments() {}

  /** An AWS Region that the AWS SDK lists (the same names config is checked against). */
  static final class RegionConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      List<String> problems = new ArrayList<>();
      if (!Checks.region((path, message) -> problems.add(message), "", value)) {
        throw new CommandLine.TypeConversionException(problems.get(0));
      }
      return value;
    }
  }

  /** An EC2 instance type that the AWS SDK lists. */
  static final class InstanceTypeConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      List<String> problems = new ArrayList<>();
      if (!Checks.instanceType((path, message) -> problems.add(message), "", value)) {
        throw new CommandLine.TypeConversionException(problems.get(0));
      }
      return value;
    }
  }

  /** An EC2 resource ID of one kind, checked by {@link Ec2IdKind}, the one EC2 ID shape; picocli needs one class per kind. */
  abstract static class Ec2IdConverter implements CommandLine.ITypeConverter<String> {
    private final Ec2IdKind kind;

    Ec2IdConverter(Ec2IdKind kind) {
      this.kind = kind;
    }

    @Override
    public String convert(String value) {
      if (kind.matches(value)) return value;
      throw new CommandLine.TypeConversionException(kind.problem(value));
    }
  }

  static final class InstanceIdConverter extends Ec2IdConverter {
    InstanceIdConverter() {
      super(Ec2IdKind.INSTANCE);
    }
  }

  static final class ImageIdConverter extends Ec2IdConverter {
    ImageIdConverter() {
      super(Ec2IdKind.IMAGE);
    }
  }

  static final class SubnetIdConverter extends Ec2IdConverter {
    SubnetIdConverter() {
      super(Ec2IdKind.SUBNET);
    }
  }

  static final class CoipPoolIdConverter extends Ec2IdConverter {
    CoipPoolIdConverter() {
      super(Ec2IdKind.COIP_POOL);
    }
  }

  /** The Price List API is served from these Regions only (Price List Query API). */
  static final List<String> PRICING_REGIONS = List.of("us-east-1", "eu-central-1", "ap-south-1");

  static final class PricingRegionConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (PRICING_REGIONS.contains(value)) return value;
      throw new CommandLine.TypeConversionException("\"" + value + "\" has no Price List API endpoint (expected one of: "
          + String.join(", ", PRICING_REGIONS) + ")");
    }
  }

  /**
   * A Region that reached a command from project.region, AWS_REGION or a profile rather than --region (so the
   * converter did not see it), for a command that also calls the Price List API: it is a Region the AWS SDK lists,
   * and it is in the partition of the Price List endpoint, because one set of credentials calls both.
   *
   * @return the problem, or empty
   */
  static Optional<String> pricedRegionProblem(String region, String pricingRegion) {
    List<String> problems = new ArrayList<>();
    if (!Checks.region((path, message) -> problems.add(message), "", region)) return Optional.of(problems.get(0));
    String partition = Checks.partitionOf(region);
    String endpoint = Checks.partitionOf(pricingRegion);
    if (partition.equals(endpoint)) return Optional.empty();
    return Optional.of(region + " is in partition " + partition + ", the Price List endpoint " + pricingRegion + " in "
        + endpoint + " (expected a Region of the endpoint's partition: one set of credentials calls both)");
  }

  /** 90s, 10m, 1h, or a number of seconds: at least 1 second and at most a day. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofDays(1);
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smh]?)");

    @Override
    public Duration convert(String value) {
      var m = FORM.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("\"" + value + "\" is not a duration (expected a number with s, m or h,"
            + " such as 10m)");
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
      if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
        throw new CommandLine.TypeConversionException("\"" + value + "\" is out of range (expected 1s to 24h)");
      }
      return d;
    }
  }
}
