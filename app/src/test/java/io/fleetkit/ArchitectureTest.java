package io.fleetkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floors of the house (../shared/ARCHITECTURE.md): synth never calls AWS, config is plain Java, no
 * package cycles, and nothing that reaches a template iterates in an order that changes from one JVM to
 * the next.
 */
class ArchitectureTest {
  static final String AWS_SDK = "software.amazon.awssdk..";
  static final String[] CDK = {"software.amazon.awscdk..", "software.constructs..", "io.github.cdklabs.."};
  static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.fleetkit");
  }

  @Test
  void stacksAndConstructsNeverReachCodeThatCallsAws() {
    noClasses().that().resideInAnyPackage("io.fleetkit.stacks..", "io.fleetkit.constructs..")
        .or().haveFullyQualifiedName(FleetkitApp.class.getName())
        .should().dependOnClassesThat().resideInAnyPackage(AWS_SDK, "io.fleetkit.discovery..", "io.fleetkit.cli..")
        .because("synth never calls AWS: stacks read recorded snapshots through io.fleetkit.inventory")
        .check(main);
  }

  @Test
  void configAndInventoryDependOnNeitherCdkNorTheSdk() {
    noClasses().that().resideInAnyPackage("io.fleetkit.config..", "io.fleetkit.inventory..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(CDK, AWS_SDK))
        .because("config and recorded snapshots are plain data, read the same by synth and by the commands")
        .check(main);
  }

  @Test
  void configDependsOnNothingElseOfFleetkit() {
    noClasses().that().resideInAPackage("io.fleetkit.config..")
        .should().dependOnClassesThat().resideInAnyPackage("io.fleetkit.stacks..", "io.fleetkit.constructs..",
            "io.fleetkit.inventory..", "io.fleetkit.discovery..", "io.fleetkit.cli..", "io.fleetkit")
        .because("config is the bottom floor: every other package reads it, it reads none of them")
        .check(main);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.fleetkit.(**)").should().beFreeOfCycles().check(main);
  }

  /**
   * {@code Map.of}/{@code Set.of} with more than one element, their {@code copyOf}, and hash-based maps and
   * sets iterate in an order that is not the order of insertion (for the immutable ones it changes with
   * every JVM start). A value that reaches a template through one of them makes two syntheses of the same
   * commit differ. Only the AWS commands (discovery, cli), which write sorted snapshots, may use them.
   */
  @Test
  void nothingThatReachesATemplateIteratesInHashOrder() {
    classes().that().resideInAPackage("io.fleetkit..")
        .and().resideOutsideOfPackages("io.fleetkit.discovery..", "io.fleetkit.cli..")
        .should(buildOnlyOrderedCollections())
        .because("synth must be byte-for-byte deterministic: use LinkedHashMap, TreeMap, LinkedHashSet or TreeSet")
        .check(main);
  }

  static ArchCondition<JavaClass> buildOnlyOrderedCollections() {
    return new ArchCondition<>("build only collections that iterate in insertion or sorted order") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaAccess<?> access : c.getAccessesFromSelf()) {
          if (!(access instanceof JavaCodeUnitAccess<?> call)) continue;
          String owner = call.getTargetOwner().getName();
          String name = call.getTarget().getName();
          int params = call.getTarget().getRawParameterTypes().size();
          boolean unordered = switch (owner) {
            // Map.of(k, v) and Set.of(e) hold one element: nothing to order.
            case "java.util.Map" -> (name.equals("of") && params > 2) || name.equals("ofEntries") || name.equals("copyOf");
            case "java.util.Set" -> (name.equals("of") && params != 1 && params != 0) || name.equals("copyOf");
            case "java.util.HashMap", "java.util.HashSet", "java.util.Hashtable" ->
                name.equals("<init>");
            case "java.util.stream.Collectors" -> name.equals("toSet") || name.equals("toUnmodifiableSet")
                || name.equals("toUnmodifiableMap") || (name.equals("toMap") && params < 4)
                || (name.equals("groupingBy") && params < 3);
            default -> false;
          };
          if (unordered) {
            events.add(SimpleConditionEvent.violated(call, call.getDescription()));
          }
        }
      }
    };
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
