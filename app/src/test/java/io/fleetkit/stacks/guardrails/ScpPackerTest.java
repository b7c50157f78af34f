package io.fleetkit.stacks.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScpPackerTest {
  private static final List<ScpStatement> POLICY_ONE = List.of(
      ScpStatement.deny("DenyCopyToRegion", ResidencyPolicies.COPY_TO_REGION, "*"),
      ScpStatement.deny("DenyDirectTransferToRegion", ResidencyPolicies.DIRECT_TRANSFER_TO_REGION, "*"),
      ScpStatement.deny("DenyPutObjectToRegionalBuckets", List.of("s3:PutObject"), "arn:aws:s3:::*"));

  @Test
  void minifiesWithoutWhitespace() {
    String doc = ScpPacker.minify(List.of(ScpStatement.deny("A", List.of("s3:PutObject"), "*")));
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":[\"s3:PutObject\"],\"Resource\":\"*\"}]}", doc);
  }

  @Test
  void keepsOnePolicyWhenItFits() {
    var packed = ScpPacker.pack("p", "d", POLICY_ONE, 5_120);
    assertEquals(1, packed.size());
    assertEquals("p", packed.get(0).name());
    assertEquals(ScpPacker.minify(POLICY_ONE), packed.get(0).content());
  }

  @Test
  void splitsStatementsAndOversizedActionListsWithoutLosingAnything() {
    int max = 800;
    var packed = ScpPacker.pack("p", "d", POLICY_ONE, max);
    assertTrue(packed.size() > 1);
    List<String> actions = new ArrayList<>();
    for (int i = 0; i < packed.size(); i++) {
      var p = packed.get(i);
      assertEquals("p-part" + (i + 1), p.name());
      assertTrue(p.content().length() <= max, p.name() + " is " + p.content().length());
      var matcher = java.util.regex.Pattern.compile("\"Action\":\\[([^\\]]*)\\]").matcher(p.content());
      while (matcher.find()) {
        for (String a : matcher.group(1).split(",")) actions.add(a.replace("\"", ""));
      }
    }
    List<String> expected = new ArrayList<>();
    POLICY_ONE.forEach(s -> expected.addAll(s.actions()));
    assertEquals(expected, actions, "every action exactly once, in order");
    assertTrue(packed.get(0).content().contains("\"Sid\":\"DenyCopyToRegion\""));
    assertTrue(packed.stream().anyMatch(p -> p.content().contains("\"Sid\":\"DenyDirectTransferToRegion2\"")));
  }

  @Test
  void refusesAStatementThatCannotFitWithOneAction() {
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < 40; i++) subnets.add("arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0a1b2c3d4e5f6" + String.format("%04d", i));
    var statement = ScpStatement.deny("DenyNotOutpostSubnet", List.of("ec2:RunInstances", "ec2:CreateNetworkInterface"),
        "arn:aws:ec2:*:*:network-interface/*").withCondition("ForAllValues:ArnNotEquals", "ec2:Subnet", subnets);
    var e = assertThrows(ScpPacker.TooLarge.class, () -> ScpPacker.pack("p", "d", List.of(statement), 1_000));
    assertEquals("statement DenyNotOutpostSubnet is 2984 characters with the single action ec2:RunInstances, over the SCP limit of 1000",
        e.getMessage());
  }

  @Test
  void splitsOneActionByTheValuesOfAPositiveConditionAndNamesThePiecesInOrder() {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < 60; i++) types.add("x" + i + ".large");
    var statement = ScpStatement.deny("DenyXen", List.of("ec2:RunInstances"), "arn:aws:ec2:*:*:instance/*")
        .withCondition("StringLike", "ec2:InstanceType", types)
        .withCondition("ArnNotLike", "aws:PrincipalArn", List.of("arn:aws:iam::*:role/BreakGlass"));
    List<ScpStatement> pieces = ScpPacker.fit(statement, 400);
    assertTrue(pieces.size() > 2, "pieces: " + pieces.size());
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      var p = pieces.get(i);
      assertEquals("DenyXen" + (i + 1), p.sid());
      assertTrue(ScpPacker.minify(List.of(p)).length() <= 400);
      assertEquals(List.of("arn:aws:iam::*:role/BreakGlass"), p.conditions().get("ArnNotLike").get("aws:PrincipalArn"));
      values.addAll((List<?>) p.conditions().get("StringLike").get("ec2:InstanceType"));
    }
    assertEquals(types, values);
  }

  @Test
  void aNegatedConditionIsNeverSplit() {
    List<String> zones = new ArrayList<>();
    for (int i = 0; i < 60; i++) zones.add("us-east-1-zone-" + i + "a");
    var statement = ScpStatement.deny("DenyNotLocalZonesSubnet", List.of("ec2:RunInstances"), "arn:aws:ec2:*:*:subnet/*")
        .withCondition("StringNotEquals", "ec2:AvailabilityZone", zones);
    var e = assertThrows(ScpPacker.TooLarge.class, () -> ScpPacker.fit(statement, 1000));
    assertEquals("statement DenyNotLocalZonesSubnet is 1466 characters with the single action ec2:RunInstances, over the SCP"
        + " limit of 1000", e.getMessage());
  }

  @Test
  void aSingleValueTooLargeOnItsOwnIsReported() {
    var statement = ScpStatement.deny("DenyXen", List.of("ec2:RunInstances"), "arn:aws:ec2:*:*:instance/*")
        .withCondition("StringLike", "ec2:InstanceType", List.of("m4.*", "x".repeat(400)));
    var e = assertThrows(ScpPacker.TooLarge.class, () -> ScpPacker.fit(statement, 300));
    assertTrue(e.getMessage().startsWith("statement DenyXen is 5"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" characters with the single action ec2:RunInstances and the single ec2:InstanceType value "
        + "x".repeat(400) + ", over the SCP limit of 300"), e.getMessage());
  }
}
