package io.fleetkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.cli.CredentialGuardCheck.Result;
import io.fleetkit.cli.CredentialGuardCheck.Status;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.CredentialGuardProbe;
import io.fleetkit.discovery.CredentialGuardProbe.InstanceFacts;
import io.fleetkit.discovery.DiscoveryException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code bin/fleetkit credential-guard}: commands for the credential_guard area. */
@Command(name = "credential-guard", mixinStandardHelpOptions = true,
    description = "Credential Guard on Windows instances (credential_guard in config.yaml).",
    subcommands = {CommandLine.HelpCommand.class, CredentialGuardCommand.Check.class})
public final class CredentialGuardCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code credential-guard check}: reports every Credential Guard prerequisite of an AMI, an instance type and an
   * instance; with {@code --instance} alone, also of that instance's AMI and type.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Reports every Credential Guard prerequisite: an AMI's boot mode, TPM support and platform; an"
          + " instance type's listing by AWS, hypervisor, bare metal, UEFI and NitroTPM support; an instance's platform,"
          + " current boot mode, NitroTPM, SSM management and OS build. --instance alone also checks its AMI and type.",
          "Exit codes: 0 every prerequisite met, 1 failed (AWS error, denied action, malformed answer), 2 usage error,"
              + " 3 missing or rejected credentials, 5 a prerequisite not met or not known."})
  public static final class Check implements Callable<Integer> {
    static final String COMMAND = "credential-guard check";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--ami", paramLabel = "ID", converter = Arguments.ImageIdConverter.class,
        description = "AMI to check, ami-<hex>")
    Optional<String> ami = Optional.empty();

    @Option(names = "--instance-type", paramLabel = "TYPE", converter = Arguments.InstanceTypeConverter.class,
        description = "Instance type to check, such as m6i.large")
    Optional<String> instanceType = Optional.empty();

    @Option(names = "--instance", paramLabel = "ID", converter = Arguments.InstanceIdConverter.class,
        description = "Instance to check, i-<hex>")
    Optional<String> instance = Optional.empty();

    @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
        description = "AWS Region (default: the SDK's Region chain)")
    Optional<String> region = Optional.empty();

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
    Optional<String> profile = Optional.empty();

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private final Console console = new Console(() -> spec);

    private final Function<Check, AwsClients> clients;

    public Check() {
      this(c -> AwsClients.of(c.region, c.profile));
    }

    /** For tests: clients pointed at WireMock. */
    Check(Function<Check, AwsClients> clients) {
      this.clients = clients;
    }

    @Override
    public Integer call() {
      if (ami.isEmpty() && instanceType.isEmpty() && instance.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "name at least one of --ami, --instance-type, --instance");
      }
      try {
        return run(clients.apply(this));
      } catch (DiscoveryException | SdkException e) {
        return console.fail(e, ExitCodes.FAILED, "no AWS Region (pass --region, or set AWS_REGION or a region in the profile)");
      }
    }

    private int run(AwsClients aws) {
      String regionId = aws.resolvedRegion().id();
      aws.requireCredentials(COMMAND);
      console.err().println("credential-guard check: region " + regionId);
      CredentialGuardProbe probe = new CredentialGuardProbe(aws.build(Ec2Client.builder()), aws.build(SsmClient.builder()),
          new ApiCalls(COMMAND));
      CredentialGuardCheck check = new CredentialGuardCheck();
      Optional<InstanceFacts> facts = instance.map(probe::instance);
      // --instance alone also checks the instance's own AMI and type; an explicit --ami or --instance-type wins.
      Optional<String> imageId = ami.or(() -> facts.map(InstanceFacts::imageId));
      Optional<String> typeName = instanceType.or(() -> facts.map(InstanceFacts::instanceType));
      imageId.ifPresent(id -> check.image(id, probe.image(id)));
      typeName.ifPresent(t -> check.instanceType(probe.instanceType(t)));
      facts.ifPresent(i -> check.instance(i, probe.managed(i.id())));
      List<Result> results = check.results();
      if (json) print(report(regionId, results, check.allMet()));
      else table(results);
      console.out().flush();
      return check.allMet() ? ExitCodes.OK : ExitCodes.NOT_MET;
    }

    private static Map<String, Object> report(String region, List<Result> results, boolean met) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("region", region);
      o.put("all_met", met);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Result r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", r.subject());
        m.put("prerequisite", r.prerequisite());
        m.put("status", r.status().name().toLowerCase(Locale.ROOT));
        m.put("found", r.found());
        list.add(m);
      }
      o.put("prerequisites", list);
      return o;
    }

    private void table(List<Result> results) {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("SUBJECT", "PREREQUISITE", "STATUS", "FOUND"));
      for (Result r : results) {
        rows.add(List.of(r.subject(), r.prerequisite(), r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), r.found()));
      }
      Table.print(console.out(), rows);
      long met = results.stream().filter(r -> r.status() == Status.MET).count();
      long unknown = results.stream().filter(r -> r.status() == Status.UNKNOWN).count();
      long notMet = results.size() - met - unknown;
      console.out().println();
      console.out().println(met == results.size() ? "All " + met + " prerequisites met."
          : met + " of " + results.size() + " prerequisites met; " + notMet + " not met, " + unknown + " not known.");
    }


    private void print(Object value) {
      try {
        console.out().println(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }


  }
}
