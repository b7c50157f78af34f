package io.fleetkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetkit.FleetkitApp;
import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.Suggest;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.DiscoveryException.CredentialsException;
import io.fleetkit.discovery.preflight.Check;
import io.fleetkit.discovery.preflight.Deployment;
import io.fleetkit.discovery.preflight.Preflight;
import io.fleetkit.discovery.preflight.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code bin/fleetkit preflight}: asks the target account, read-only, what would make the first {@code cdk deploy} of
 * the config's stacks fail, and prints one line per check with what to do.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = {"Checks the target account, read-only, for what would make the deploy of the config's stacks fail: "
        + "identity and CDK bootstrap, SCPs, zones and instance type offerings, vCPU quotas, prerequisites and stacks "
        + "in a state that blocks a deploy. Run it before npx cdk deploy.",
        "Exit codes: 0 nothing fails (warnings may remain), 1 a check failed, 2 usage error, 3 missing or rejected "
            + "credentials, 4 config error (also: a --config file that does not exist)."})
public final class PreflightCommand implements Callable<Integer> {
  static final String TOOLKIT_STACK = "CDKToolkit";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: config.yaml)")
  Path config;

  @Option(names = "--stack", paramLabel = "NAME", description = "Check only this stack; repeat for more (default: every"
      + " stack the config enables)")
  List<String> stacks = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
      description = "Region of the stacks (default: project.region, then the SDK's Region chain); the Local Zone stack"
          + " always deploys to its zone's parent Region")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @Option(names = "--toolkit-stack-name", paramLabel = "NAME", description = "The CDK bootstrap stack (default: "
      + TOOLKIT_STACK + ")")
  String toolkitStack = TOOLKIT_STACK;

  @Option(names = "--cdk-out", paramLabel = "DIR", description = "The synthesized cloud assembly, read when present"
      + " (default: cdk.out)")
  Path cdkOut = Path.of("cdk.out");

  @Option(names = "--json", description = "Print JSON instead of lines")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Console console = new Console(() -> spec);

  private final Function<PreflightCommand, AwsClients> clients;

  public PreflightCommand() {
    this(c -> AwsClients.of(c.region, c.profile));
  }

  /** For tests: clients pointed at WireMock. */
  PreflightCommand(Function<PreflightCommand, AwsClients> clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() {
    Path file = config != null ? config : DiscoverCommand.DEFAULT_CONFIG;
    if (!Files.isRegularFile(file)) {
      return console.fail(ExitCodes.CONFIG, "config file " + file + " does not exist (expected a readable config file; paths are"
          + " relative to " + Path.of("").toAbsolutePath() + ")");
    }
    FleetkitConfig cfg;
    Map<String, Object> plans;
    try {
      cfg = ConfigLoader.load(file);
      plans = FleetkitApp.plans(cfg);
    } catch (ConfigException e) {
      console.err().println(e.getMessage());
      return console.fail(ExitCodes.CONFIG, e.errors().size() + " error(s) in " + file + "; nothing was checked");
    }
    AwsClients aws = clients.apply(this);
    try (Probe probe = new Probe(aws)) {
      String main = region.or(() -> cfg.project().region()).orElseGet(() -> aws.resolvedRegion().id());
      Optional<CloudAssembly> assembly = readAssembly();
      List<Deployment.Stack> all = PreflightStacks.of(cfg, plans, main, assembly);
      List<Deployment.Stack> selected = select(all, file);
      if (selected == null) return ExitCodes.USAGE;
      Deployment d = new Deployment(cfg, plans, main, selected);
      console.err().println("preflight: " + selected.size() + " stack(s) of " + file + " in " + String.join(", ", d.regions()));
      List<Check> results = new ArrayList<>();
      assembly.ifPresent(a -> {
        List<String> drift = PreflightStacks.drift(all, a);
        if (!drift.isEmpty()) {
          results.add(Check.warn("cdk.out", "cloud assembly", a.dir() + " was synthesized from another config: "
              + String.join("; ", drift), "npx cdk synth" + (config == null ? "" : " -c config=" + file)
              + " before npx cdk deploy"));
        }
      });
      results.addAll(new Preflight(probe, line -> console.err().println(line)).run(d, toolkitStack));
      console.err().flush();
      print(results);
      return results.stream().anyMatch(c -> c.status() == Check.Status.FAIL) ? ExitCodes.FAILED : 0;
    } catch (CredentialsException e) {
      return console.fail(ExitCodes.CREDENTIALS, e.getMessage());
    } catch (SdkException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Unable to load region") || m.contains("not an AWS Region name")) {
        return console.fail(ExitCodes.USAGE, m.contains("Unable") ? "no AWS Region (pass --region, or set project.region or"
            + " AWS_REGION)" : m);
      }
      if (m.contains("Unable to load credentials")) return console.fail(ExitCodes.CREDENTIALS, "no AWS credentials (" + m + ")");
      return console.fail(ExitCodes.FAILED, m);
    } catch (UncheckedIOException e) {
      return console.fail(ExitCodes.FAILED, e.getMessage());
    }
  }

  private Optional<CloudAssembly> readAssembly() {
    try {
      return CloudAssembly.read(cdkOut);
    } catch (IOException e) {
      throw new UncheckedIOException(cdkOut.resolve("manifest.json") + " cannot be read (" + e.getMessage()
          + "); run npx cdk synth again or pass another --cdk-out", e);
    }
  }

  /** The stacks --stack names, or all; null after printing the usage error of an unknown name. */
  private List<Deployment.Stack> select(List<Deployment.Stack> all, Path file) {
    if (stacks.isEmpty()) return all;
    List<String> names = all.stream().map(Deployment.Stack::name).toList();
    List<Deployment.Stack> out = new ArrayList<>();
    for (String want : stacks) {
      Optional<Deployment.Stack> s = all.stream().filter(x -> x.name().equals(want)).findFirst();
      if (s.isEmpty()) {
        String hint = Suggest.closest(want, names).map(n -> "did you mean " + n + "? ").orElse("");
        console.fail(ExitCodes.USAGE, "--stack " + want + " is not a stack of " + file + " (" + hint + "expected one of: "
            + String.join(", ", names) + ")");
        return null;
      }
      if (!out.contains(s.get())) out.add(s.get());
    }
    return out;
  }

  private void print(List<Check> results) {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      List<Map<String, Object>> list = new ArrayList<>();
      for (Check c : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", c.status().name());
        m.put("scope", c.scope());
        m.put("check", c.name());
        m.put("what", c.what());
        if (!c.fix().isEmpty()) m.put("fix", c.fix());
        list.add(m);
      }
      o.put("checks", list);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Check.Status s : Check.Status.values()) counts.put(s.name().toLowerCase(), results.stream().filter(c -> c.status() == s).count());
      o.put("summary", counts);
      try {
        console.out().println(JSON.writeValueAsString(o));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      for (Check c : results) {
        console.out().println(c.status() + "  " + c.scope() + "  " + c.name() + ": " + c.what());
        if (c.status() != Check.Status.PASS) console.out().println("      fix: " + c.fix());
      }
      console.out().println("preflight: " + Preflight.summary(results) + (results.stream().anyMatch(c -> c.status()
          == Check.Status.FAIL) ? "; fix the FAIL lines before npx cdk deploy" : "; ready for npx cdk deploy"));
    }
    console.out().flush();
  }
}
