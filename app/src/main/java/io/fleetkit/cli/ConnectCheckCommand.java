package io.fleetkit.cli;

import io.fleetkit.config.Cidr;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.ConnectChecker;
import io.fleetkit.discovery.ConnectChecker.Endpoint;
import io.fleetkit.discovery.ConnectChecker.Target;
import io.fleetkit.discovery.DiscoveryException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code bin/fleetkit connect-check INSTANCE}: before an EC2 Instance Connect Endpoint connection, checks that the
 * instance's VPC has an endpoint in state create-complete, that the endpoint's security group may send to the instance
 * on the port and the instance's groups admit it, and that an IAM policy simulation of OpenTunnel with the context keys
 * the endpoint sends allows the principal; then prints the {@code aws ec2-instance-connect ssh} command to run.
 */
@Command(name = "connect-check", mixinStandardHelpOptions = true,
    description = {"Checks an EC2 Instance Connect Endpoint path to an instance (endpoint state, security groups, IAM"
        + " simulation of OpenTunnel) and prints the aws ec2-instance-connect ssh command.",
        "Exit codes: 0 ready, 1 failed (AWS error, denied call, malformed answer), 2 usage error, 3 missing or rejected"
            + " credentials, 5 not ready (a check failed; each is printed)."})
public final class ConnectCheckCommand implements Callable<Integer> {
  @Parameters(paramLabel = "INSTANCE", description = "Instance ID, such as i-0a1b2c3d4e5f60001",
      converter = Arguments.InstanceIdConverter.class)
  String instanceId;

  @Option(names = "--role", paramLabel = "ROLE", description = "IAM role name to simulate (default: the caller's role)")
  Optional<String> role = Optional.empty();

  @Option(names = "--port", defaultValue = "22", paramLabel = "PORT", description = "TCP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--os-user", defaultValue = "ec2-user", paramLabel = "USER", description = "OS user (default: ${DEFAULT-VALUE})")
  String osUser;

  @Option(names = "--max-tunnel-seconds", defaultValue = "3600", paramLabel = "SECONDS",
      description = "Tunnel duration to ask for and simulate, 1 to 3600 (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--region", paramLabel = "REGION", converter = Arguments.RegionConverter.class,
      description = "AWS Region (default: the SDK's Region chain)")
  Optional<String> region = Optional.empty();

  @Option(names = "--profile", paramLabel = "NAME", description = "Named profile from ~/.aws/config")
  Optional<String> profile = Optional.empty();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;
  private final Console console = new Console(() -> spec);

  private final Function<ConnectCheckCommand, AwsClients> clients;
  private boolean ready = true;

  public ConnectCheckCommand() {
    this(c -> AwsClients.of(c.region, c.profile));
  }

  /** For tests: clients pointed at WireMock. */
  ConnectCheckCommand(Function<ConnectCheckCommand, AwsClients> clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() {
    if (port < 1 || port > 65_535 || seconds < 1 || seconds > 3_600) {
      return console.fail(ExitCodes.USAGE, "expected --port 1 to 65535 and --max-tunnel-seconds 1 to 3600");
    }
    try {
      run(clients.apply(this));
      return ready ? ExitCodes.OK : ExitCodes.NOT_MET;
    } catch (DiscoveryException | SdkException e) {
      return console.fail(e, ExitCodes.FAILED, "no AWS Region (pass --region, or set AWS_REGION)");
    }
  }

  private void run(AwsClients aws) {
    String regionId = aws.resolvedRegion().id();
    aws.requireCredentials("connect-check");
    ApiCalls calls = new ApiCalls("connect-check");
    ConnectChecker checker = new ConnectChecker(aws.build(Ec2Client.builder()), aws.build(IamClient.builder()),
        aws.build(StsClient.builder()), calls);
    console.err().println("connect-check: " + instanceId + " in " + regionId + ", port " + port);
    Target t = checker.instance(instanceId);
    line(t.state().equals("running") ? "ok" : "FAIL", "instance " + t.id() + " is " + t.state() + " in " + t.vpcId() + " at "
        + t.privateIp() + " (security groups " + String.join(", ", t.groups()) + ")");
    List<Endpoint> endpoints = checker.endpoints(t.vpcId());
    Optional<Endpoint> endpoint = endpoints.stream().filter(e -> e.state().equals(ConnectChecker.CREATE_COMPLETE)).findFirst()
        .or(() -> endpoints.stream().findFirst());
    if (endpoint.isEmpty()) {
      line("FAIL", "no EC2 Instance Connect Endpoint in " + t.vpcId() + " (deploy one: instance_connect.endpoints with vpc: "
          + t.vpcId() + ")");
      console.out().flush();
      return;
    }
    Endpoint e = endpoint.get();
    line(e.state().equals(ConnectChecker.CREATE_COMPLETE) ? "ok" : "FAIL", "endpoint " + e.id() + " is " + e.state() + " in "
        + t.vpcId() + (e.state().equals(ConnectChecker.CREATE_COMPLETE) ? "" : " (expected create-complete; wait, or look at"
        + " its state message in the EC2 console)") + "; client IP preserved: " + (e.preserveClientIp() ? "yes" : "no"));
    Set<String> ids = new LinkedHashSet<>(e.groups());
    ids.addAll(t.groups());
    var groups = checker.groups(ids);
    network(t, e, groups.values().stream().filter(g -> e.groups().contains(g.groupId())).toList(),
        groups.values().stream().filter(g -> t.groups().contains(g.groupId())).toList());
    String principal = checker.principal(role);
    EvaluationResult result = checker.simulate(principal, e.arn(), port, t.privateIp(), seconds);
    String what = principal + " may OpenTunnel through " + e.id() + " to " + t.privateIp() + ":" + port + " for " + seconds + " s";
    if ("allowed".equals(result.evalDecisionAsString())) {
      line("ok", "IAM: " + what + " (" + statements(result) + ")");
    } else {
      line("FAIL", "IAM: " + what + " is " + result.evalDecisionAsString() + " (" + statements(result)
          + (result.missingContextValues().isEmpty() ? "" : "; missing context: " + String.join(", ", result.missingContextValues()))
          + "; attach the instance_connect access policy to this role, with this port, address and duration)");
    }
    console.out().println();
    if (!ready) {
      console.out().println("not ready: fix the FAIL lines above, then run connect-check again");
    } else {
      console.out().println("aws ec2-instance-connect ssh --region " + regionId + profile.map(p -> " --profile " + p).orElse("")
          + " --instance-id " + t.id() + " --connection-type eice --os-user " + osUser
          + (port == 22 ? "" : " --ssh-port " + port) + " --eice-options endpointId=" + e.id() + ",maxTunnelDuration=" + seconds);
    }
    console.out().flush();
  }

  /** Endpoint egress to the instance, and the instance's ingress from the endpoint (or, preserving, from clients). */
  private void network(Target t, Endpoint e, List<SecurityGroup> endpointGroups, List<SecurityGroup> instanceGroups) {
    Cidr address = Cidr.parse(t.privateIp() + "/32").orElseThrow();
    List<String> out = new ArrayList<>();
    for (IpPermission p : ConnectChecker.onPort(endpointGroups, true, port)) {
      p.userIdGroupPairs().stream().map(pair -> pair.groupId()).filter(t.groups()::contains).forEach(g -> out.add("group " + g));
      ConnectChecker.blocks(p).stream().filter(b -> Cidr.parse(b).filter(c -> c.contains(address)).isPresent())
          .forEach(b -> out.add(b));
    }
    line(out.isEmpty() ? "FAIL" : "ok", "port " + port + ": the endpoint's groups " + String.join(", ", e.groups())
        + (out.isEmpty() ? " send nothing to the instance on this port (expected an outbound rule to one of its groups)"
            : " may send to the instance (" + String.join(", ", out) + ")"));
    List<String> in = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (IpPermission p : ConnectChecker.onPort(instanceGroups, false, port)) {
      if (ConnectChecker.references(p, e.groups())) in.add("the endpoint's group");
      (e.preserveClientIp() ? in : others).addAll(ConnectChecker.blocks(p));
    }
    if (!in.isEmpty()) {
      line("ok", "port " + port + ": the instance's groups admit " + String.join(", ", in));
    } else if (!others.isEmpty()) {
      line("warn", "port " + port + ": the instance's groups admit " + String.join(", ", others) + " but not the endpoint's"
          + " group; the endpoint connects from its own address, which this check does not look up");
    } else {
      line("FAIL", "port " + port + ": the instance's groups " + String.join(", ", t.groups()) + " admit nothing from the"
          + " endpoint on this port (expected an inbound rule from " + String.join(", ", e.groups())
          + (e.preserveClientIp() ? ", or from the client blocks, since the endpoint preserves client IPs)" : ")"));
    }
  }

  private static String statements(EvaluationResult r) {
    List<String> ids = r.matchedStatements().stream().map(s -> s.sourcePolicyId()).distinct().toList();
    return ids.isEmpty() ? "no statement matched" : "matched " + String.join(", ", ids);
  }

  private void line(String verdict, String text) {
    if (verdict.equals("FAIL")) ready = false;
    console.out().println(String.format("%-5s", verdict) + text);
  }
}
