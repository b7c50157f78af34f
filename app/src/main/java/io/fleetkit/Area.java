package io.fleetkit;

import io.fleetkit.config.FleetkitConfig;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * One row of the app's table: a config area that deploys as one or more stacks. The app runs the planner
 * of every enabled area first (config errors of all areas come out together), then the stack factories.
 *
 * @param name the area, such as {@code spot-fleet}; its first stack is {@code <prefix>-<name>}
 * @param description what the area deploys; the stack's description unless the factory says more
 * @param enabled whether config turns the area on
 * @param planner config and recorded snapshots to the plan: pure Java, no construct; throws
 *     {@link io.fleetkit.config.ConfigException} with every violation it finds (file:line:col)
 * @param stacks the plan to the area's stacks, in the order they are created
 * @param <P> the plan
 */
record Area<P>(String name, String description, Predicate<FleetkitConfig> enabled,
    Function<FleetkitConfig, P> planner, StackFactory<P> stacks) {

  /** Builds the stacks of a planned area through {@link Stacks}, which names, describes and places them. */
  @FunctionalInterface
  interface StackFactory<P> {
    List<Stack> create(Stacks stacks, Area<P> area, P plan);
  }

  /** The constructor of a stack class that takes its area's plan. */
  @FunctionalInterface
  interface PlannedStack<P> {
    Stack create(Construct scope, String id, StackProps props, P plan);
  }

  /** An area of one stack, {@code <prefix>-<name>}, described by {@code description}, in the project's Region. */
  static <P> Area<P> of(String name, String description, Predicate<FleetkitConfig> enabled,
      Function<FleetkitConfig, P> planner, PlannedStack<P> stack) {
    return new Area<>(name, description, enabled, planner, (stacks, area, plan) -> List.of(
        stacks.add(area.name(), area.description(), (scope, id, props) -> stack.create(scope, id, props, plan))));
  }
}
