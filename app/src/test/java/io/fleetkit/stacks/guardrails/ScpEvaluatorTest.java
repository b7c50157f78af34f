package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetkit.config.IamGlob;
import io.fleetkit.stacks.guardrails.ScpEvaluator.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.DefaultStackSynthesizer;

/** The cross-check's own evaluation of fleetkit's statements, against IAM's matching rules. */
class ScpEvaluatorTest {
  private static final ScpStatement PUT = ScpStatement.deny("DenyPut", List.of("s3:PutObject"), "arn:aws:s3:::*")
      .withCondition("ArnNotLike", "aws:PrincipalArn", List.of("arn:aws:iam::*:role/cdk-hnb659fds-file-publishing-role-*"));

  private static Request put(String principal) {
    return new Request(principal, "s3:PutObject", "arn:aws:s3:::cdk-hnb659fds-assets-111122223333-us-east-1/a.json", Map.of());
  }

  @Test
  void anExemptPrincipalIsNotDeniedAndAnyOtherIs() {
    assertFalse(ScpEvaluator.denies(PUT, put("arn:aws:iam::111122223333:role/cdk-hnb659fds-file-publishing-role-111122223333-us-east-1")));
    assertTrue(ScpEvaluator.denies(PUT, put("arn:aws:iam::111122223333:role/App")));
  }

  @Test
  void actionsMatchWithWildcardsAndWithoutCase() {
    var s = ScpStatement.deny("D", List.of("sqs:Send*"), "*");
    assertTrue(ScpEvaluator.denies(s, new Request("p", "SQS:sendmessage", "arn:aws:sqs:us-east-1:1:q", Map.of())));
    assertFalse(ScpEvaluator.denies(s, new Request("p", "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:1:q", Map.of())));
  }

  @Test
  void negatedOperatorsHoldOnAnAbsentKeyAndPositiveOnesDoNot() {
    var notIn = ScpStatement.deny("D", List.of("ec2:RunInstances"), "arn:aws:ec2:*:*:subnet/*")
        .withCondition("StringNotEquals", "ec2:AvailabilityZone", List.of("us-east-1-atl-1a"));
    String subnet = "arn:aws:ec2:us-east-1:1:subnet/subnet-1";
    assertTrue(ScpEvaluator.denies(notIn, new Request("p", "ec2:RunInstances", subnet, Map.of())));
    assertFalse(ScpEvaluator.denies(notIn, new Request("p", "ec2:RunInstances", subnet, Map.of("ec2:AvailabilityZone", "us-east-1-atl-1a"))));
    var like = ScpStatement.deny("D", List.of("ec2:RunInstances"), "arn:aws:ec2:*:*:instance/*")
        .withCondition("StringLike", "ec2:InstanceType", List.of("m4.*"));
    assertFalse(ScpEvaluator.denies(like, new Request("p", "ec2:RunInstances", "arn:aws:ec2:us-east-1:1:instance/i-1", Map.of())));
    assertTrue(ScpEvaluator.denies(like, new Request("p", "ec2:RunInstances", "arn:aws:ec2:us-east-1:1:instance/i-1",
        Map.of("ec2:InstanceType", "m4.large"))));
    assertFalse(ScpEvaluator.denies(notIn, new Request("p", "ec2:RunInstances", "arn:aws:ec2:us-east-1:1:instance/i-1", Map.of())),
        "another resource type");
  }

  @Test
  void nullChecksPresence() {
    var s = ScpStatement.deny("D", List.of("ec2:CreateSnapshot"), "*").withCondition("Null", "ec2:OutpostArn", "true");
    assertTrue(ScpEvaluator.denies(s, new Request("p", "ec2:CreateSnapshot", "x", Map.of())));
    assertFalse(ScpEvaluator.denies(s, new Request("p", "ec2:CreateSnapshot", "x", Map.of("ec2:OutpostArn", "arn"))));
  }

  @Test
  void anOperatorItDoesNotKnowIsAProgrammingError() {
    var s = ScpStatement.deny("D", List.of("ec2:RunInstances"), "*").withCondition("NumericLessThan", "k", "1");
    var e = assertThrows(IllegalStateException.class, () -> ScpEvaluator.denies(s, new Request("p", "ec2:RunInstances", "x", Map.of())));
    assertEquals("ScpEvaluator does not know the operator NumericLessThan; add it with IAM's rule before a statement uses it",
        e.getMessage());
  }

  @Test
  void arnWildcardsStayInsideTheirComponent() {
    assertTrue(IamGlob.matchesArn("arn:aws:iam::*:role/fleetkit/pipelines/*", "arn:aws:iam::111122223333:role/fleetkit/pipelines/x"));
    assertFalse(IamGlob.matchesArn("arn:aws:iam::*:role/fleetkit/pipelines/*", "arn:aws:iam::111122223333:role/x/fleetkit/pipelines/y"));
    assertFalse(IamGlob.matchesArn("arn:*:iam::1:role/a", "arn:aws:iam:us-east-1:1:role/a"), "the Region component is empty in the pattern");
    assertTrue(IamGlob.matchesText("m?.*", "m4.large"));
    assertFalse(IamGlob.matchesText("m?.*", "m4a.large"));
  }

  @Test
  void theStacksQualifierIsCdksDefault() {
    assertEquals(DefaultStackSynthesizer.DEFAULT_QUALIFIER, DeployPath.STACK_QUALIFIER);
  }
}
