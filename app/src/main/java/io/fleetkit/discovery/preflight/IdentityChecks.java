package io.fleetkit.discovery.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Identity and bootstrap: whose credentials these are (sts:GetCallerIdentity, allowed to everyone), and in every
 * Region a stack deploys to (the Local Zone's parent Region included) the CDK bootstrap stack, its qualifier and its
 * {@code BootstrapVersion} output (cloudformation:DescribeStacks).
 */
public final class IdentityChecks {
  /**
   * The version DefaultStackSynthesizer asks for without cdk.out ({@code requiresBootstrapStackVersion: 6} in every
   * fleetkit stack artifact of cdk.out/manifest.json; aws-cdk-lib DefaultStackSynthesizer MIN_BOOTSTRAP_STACK_VERSION).
   * The CDK CLI 2.1148 itself checks exactly that field (node_modules/aws-cdk/lib/index.js, "This CDK deployment
   * requires bootstrap stack version"); only {@code cdk rollback} asks more (BOOTSTRAP_STACK_VERSION_FOR_ROLLBACK = 23).
   */
  public static final int DEFAULT_MIN_VERSION = 6;

  private IdentityChecks() {}

  /** The caller's account, when STS answered. */
  public static Optional<String> identity(Probe p, Deployment d, String scope) {
    StsClient sts = p.client(StsClient::builder, d.region());
    Optional<String> account = p.call(scope, "identity", "sts", "GetCallerIdentity", () -> sts.getCallerIdentity().account());
    account.ifPresent(a -> {
      Optional<String> configured = d.account();
      if (configured.isEmpty()) {
        p.add(Check.pass(scope, "identity", "credentials of account " + a + " (project.account is not set: the stacks"
            + " deploy to the credentials' account)"));
      } else if (configured.get().equals(a)) {
        p.add(Check.pass(scope, "identity", "credentials of account " + a + " = project.account"));
      } else {
        p.add(Check.fail(scope, "identity", "the credentials are of account " + a + ", project.account is "
            + configured.get(), "use credentials of account " + configured.get() + " (--profile), or correct project.account"));
      }
    });
    return account;
  }

  /** The bootstrap stack of each Region and qualifier the stacks need. */
  public static void bootstrap(Probe p, Deployment d, String account, String toolkitStack) {
    for (String region : d.regions()) {
      List<Deployment.Stack> here = d.stacks().stream().filter(s -> s.region().equals(region)).toList();
      List<String> qualifiers = new ArrayList<>();
      here.forEach(s -> { if (!qualifiers.contains(s.qualifier())) qualifiers.add(s.qualifier()); });
      int need = here.stream().mapToInt(Deployment.Stack::minBootstrapVersion).max().orElse(DEFAULT_MIN_VERSION);
      String scope = "region " + region;
      String name = "bootstrap " + region;
      String fix = "npx cdk bootstrap aws://" + account + "/" + region;
      CloudFormationClient cfn = p.client(CloudFormationClient::builder, region);
      Optional<Optional<Stack>> found = p.call(scope, name, "cloudformation", "DescribeStacks",
          () -> cfn.describeStacks(r -> r.stackName(toolkitStack)).stacks().stream().findFirst(),
          StackChecks::absent);
      if (found.isEmpty()) continue;
      if (found.get().isEmpty()) {
        p.add(Check.fail(scope, name, "no bootstrap stack " + toolkitStack + " in " + region, fix
            + (qualifiers.equals(List.of(io.fleetkit.stacks.guardrails.DeployPath.STACK_QUALIFIER)) ? ""
            : " --qualifier " + qualifiers.get(0))));
        continue;
      }
      Stack stack = found.get().get();
      String qualifier = stack.parameters().stream().filter(x -> x.parameterKey().equals("Qualifier"))
          .map(Parameter::parameterValue).findFirst().orElse(io.fleetkit.stacks.guardrails.DeployPath.STACK_QUALIFIER);
      Optional<Integer> version = stack.outputs().stream().filter(o -> o.outputKey().equals("BootstrapVersion"))
          .map(Output::outputValue).findFirst().flatMap(IdentityChecks::number);
      String status = stack.stackStatusAsString();
      if (!status.endsWith("_COMPLETE") || status.contains("ROLLBACK") || status.startsWith("DELETE")) {
        p.add(Check.fail(scope, name, toolkitStack + " is " + status, fix + " (after the stack settles; "
            + StackChecks.clear(toolkitStack, region, status) + ")"));
      } else if (version.isEmpty()) {
        p.add(Check.fail(scope, name, toolkitStack + " has no BootstrapVersion output: not a CDK bootstrap stack",
            fix + " --toolkit-stack-name <another name>, and pass that name to preflight and cdk deploy"));
      } else if (version.get() < need) {
        p.add(Check.fail(scope, name, toolkitStack + " is version " + version.get() + "; the stacks need at least "
            + need, fix + " (upgrades the bootstrap stack in place)"));
      } else {
        p.add(Check.pass(scope, name, toolkitStack + " version " + version.get() + " (at least " + need + "), qualifier "
            + qualifier));
      }
      for (String q : qualifiers) {
        if (!q.equals(qualifier)) {
          List<String> who = here.stream().filter(s -> s.qualifier().equals(q)).map(Deployment.Stack::name).toList();
          p.add(Check.fail(scope, "bootstrap qualifier " + q, String.join(", ", who) + " deploy through qualifier " + q
              + "; " + toolkitStack + " in " + region + " was bootstrapped with " + qualifier, fix + " --qualifier " + q
              + " --toolkit-stack-name CDKToolkit-" + q));
        }
      }
    }
  }

  private static Optional<Integer> number(String text) {
    try {
      return Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
