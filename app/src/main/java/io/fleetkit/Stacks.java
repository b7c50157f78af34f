package io.fleetkit;

import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.constructs.Naming;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CliCredentialsStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Creates the stacks of planned areas with fleetkit's names ({@code <prefix>-<area>}), descriptions and
 * environments (the project's account and Region, else the CLI's).
 */
final class Stacks {
  /** Makes one stack from the scope, its id (the stack name) and its props. */
  @FunctionalInterface
  interface Body {
    Stack create(Construct scope, String id, StackProps props);
  }

  private final App app;
  private final FleetkitConfig config;
  private final Naming naming;

  Stacks(App app, FleetkitConfig config, Naming naming) {
    this.app = app;
    this.config = config;
    this.naming = naming;
  }

  FleetkitConfig config() {
    return config;
  }

  Naming naming() {
    return naming;
  }

  /** {@code <prefix>-<area>} in the project's Region. */
  Stack add(String area, String description, Body body) {
    return add(area, description, config.project().region().orElse(System.getenv("CDK_DEFAULT_REGION")), body);
  }

  /** {@code <prefix>-<area>} in {@code region}, such as a Local Zone's parent Region. */
  Stack add(String area, String description, String region, Body body) {
    return body.create(app, naming.stackName(area), props(area, description, region).build());
  }

  /**
   * {@code <prefix>-<area>} in the project's Region, deployed after the stacks of {@code after} that this app creates
   * (their outputs are imported by name, which CDK cannot see, so the order is declared).
   */
  Stack addAfter(String area, String description, java.util.List<String> after, Body body) {
    Stack stack = add(area, description, body);
    for (String other : after) {
      if (app.getNode().tryFindChild(naming.stackName(other)) instanceof Stack s) {
        stack.addStackDependency(s, "imports the VPC, subnet and security group that " + s.getStackName() + " exports");
      }
    }
    return stack;
  }

  /**
   * {@code <prefix>-<area>} deployed with the deployer's own credentials (CliCredentialsStackSynthesizer:
   * "all stack operations will be performed using the CLI's current credentials", aws-cdk-lib API
   * reference) instead of the bootstrap deploy role, whose CloudFormation execution role is
   * AdministratorAccess by default. The assets bucket and version parameter come from the bootstrap with
   * {@code qualifier}.
   */
  Stack addWithCliCredentials(String area, String description, String qualifier, Body body) {
    StackProps props = props(area, description, config.project().region().orElse(System.getenv("CDK_DEFAULT_REGION")))
        .synthesizer(CliCredentialsStackSynthesizer.Builder.create().qualifier(qualifier).build())
        .build();
    return body.create(app, naming.stackName(area), props);
  }

  private StackProps.Builder props(String area, String description, String region) {
    String account = config.project().account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT"));
    return StackProps.builder()
        .stackName(naming.stackName(area))
        .description(description)
        .env(Environment.builder().account(account).region(region).build());
  }
}
