package io.fleetkit.discovery.preflight;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Existing stacks: a stack of the same name in a state that blocks the next deploy (cloudformation:DescribeStacks),
 * with the command that clears it (CloudFormation User Guide, "Stack status codes").
 */
public final class StackChecks {
  private StackChecks() {}

  /** DescribeStacks answers ValidationError "Stack with id X does not exist" for a stack that is not there. */
  static Optional<Optional<Stack>> absent(String error) {
    return error.startsWith("ValidationError") && error.contains("does not exist") ? Optional.of(Optional.empty())
        : Optional.empty();
  }

  public static void check(Probe p, Deployment.Stack s) {
    CloudFormationClient cfn = p.client(CloudFormationClient::builder, s.region());
    String name = "stack state";
    Optional<Optional<Stack>> found = p.call(s.name(), name, "cloudformation", "DescribeStacks",
        () -> cfn.describeStacks(r -> r.stackName(s.name())).stacks().stream().findFirst(), StackChecks::absent);
    if (found.isEmpty()) return;
    if (found.get().isEmpty()) {
      p.add(Check.pass(s.name(), name, "not deployed yet in " + s.region() + ": the deploy creates it"));
      return;
    }
    String status = found.get().get().stackStatusAsString();
    String fix = clear(s.name(), s.region(), status);
    if (fix.isEmpty()) {
      p.add(Check.pass(s.name(), name, status + " in " + s.region() + ": the deploy updates it"));
    } else {
      p.add(Check.fail(s.name(), name, status + " in " + s.region() + ": the next deploy would fail", fix));
    }
  }

  /** The command that lets the next deploy start, or empty when the state allows a deploy. */
  static String clear(String stack, String region, String status) {
    String args = " --stack-name " + stack + " --region " + region;
    return switch (status) {
      // A stack whose creation rolled back can only be deleted (CloudFormation User Guide, "Stack status codes").
      case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED" -> "aws cloudformation delete-stack" + args
          + " (it holds no resources after a failed create; check DELETE_FAILED ones first)";
      case "UPDATE_ROLLBACK_FAILED" -> "aws cloudformation continue-update-rollback" + args;
      case "REVIEW_IN_PROGRESS" -> "aws cloudformation delete-stack" + args + " (a change set was created and never"
          + " executed; it holds no resources)";
      default -> List.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
          "IMPORT_ROLLBACK_COMPLETE", "DELETE_COMPLETE").contains(status) ? ""
          : "wait until the operation in progress ends (aws cloudformation wait stack-update-complete" + args + ")";
    };
  }
}
