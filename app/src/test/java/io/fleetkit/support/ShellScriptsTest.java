package io.fleetkit.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ShellScripts.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script finder itself: where it looks, how it renders intrinsics, and that the syntax check can fail. */
class ShellScriptsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static Map<String, Object> template(String json) throws Exception {
    return JSON.readValue(json, Map.class);
  }

  @Test
  void userDataIntrinsicsBecomePlaceholdersAndTheGateIsAScriptOfItsOwn() throws Exception {
    var t = template("""
        {"Resources": {"Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"UserData":
          {"Fn::Base64": {"Fn::Join": ["", ["#!/bin/bash\\nid=", {"Ref": "Secret1"}, " az=", {"Fn::GetAtt": ["Sub1", "AvailabilityZone"]},
            " r=", {"Ref": "AWS::Region"}, "\\n", {"Fn::Sub": ["a=${A} b=${Db.Endpoint.Address} c=${!HOME} d=${X}", {"A": "lit"}]},
            "\\ncat > /g <<'GATE'\\n#!/bin/bash\\necho gate\\nGATE\\n"]]}}}}}}}""");

    List<Script> scripts = ShellScripts.of("s", t);

    assertEquals(List.of(
        new Script("s-Lt", "bash", "#!/bin/bash\nid=fkREF_Secret1 az=fkATT_Sub1_AvailabilityZone r=fkREF_AWS__Region\n"
            + "a=lit b=fkATT_Db_Endpoint_Address c=${HOME} d=fkREF_X\ncat > /g <<'GATE'\n#!/bin/bash\necho gate\nGATE\n"),
        new Script("s-Lt.gate", "bash", "#!/bin/bash\necho gate\n")), scripts);
  }

  @Test
  void runCommandImageBuilderAndCodeBuildScriptsAreFound() throws Exception {
    var t = template("""
        {"Resources": {
          "Doc": {"Type": "AWS::SSM::Document", "Properties": {"DocumentType": "Command", "Content": {"schemaVersion": "2.2",
            "mainSteps": [{"action": "aws:runShellScript", "name": "Install", "inputs": {"runCommand": ["set -e", "echo hi"]}}]}}},
          "Assoc": {"Type": "AWS::SSM::Association", "Properties": {"Name": "AWS-RunShellScript",
            "Parameters": {"commands": ["#!/bin/bash", "echo assoc"]}}},
          "Comp": {"Type": "AWS::ImageBuilder::Component", "Properties": {"Data":
            "phases:\\n  - name: build\\n    steps:\\n      - name: Step1\\n        action: ExecuteBash\\n        inputs:\\n          commands:\\n            - echo one\\n"}},
          "Build": {"Type": "AWS::CodeBuild::Project", "Properties": {"Source": {"BuildSpec":
            "{\\"version\\": \\"0.2\\", \\"phases\\": {\\"build\\": {\\"commands\\": [\\"make\\"], \\"finally\\": [\\"echo done\\"]}}}"}}}}}""");

    assertEquals(List.of(
        new Script("s-Doc.Install", "sh", "set -e\necho hi\n"),
        new Script("s-Assoc", "bash", "#!/bin/bash\necho assoc\n"),
        new Script("s-Comp.Step1", "bash", "echo one\n"),
        new Script("s-Build.build", "sh", "make\n"),
        new Script("s-Build.build-finally", "sh", "echo done\n")), ShellScripts.of("s", t));
    assertEquals("# shellcheck shell=sh\nset -e\necho hi\n", ShellScripts.of("s", t).get(0).file());
  }

  @Test
  void powerShellIsFoundAsPowerShellAndNeverAsAShellScript() throws Exception {
    var t = template("""
        {"Resources": {
          "Doc": {"Type": "AWS::SSM::Document", "Properties": {"DocumentType": "Command", "Content": {"schemaVersion": "2.2",
            "mainSteps": [{"action": "aws:runPowerShellScript", "name": "Enable", "inputs": {"runCommand": ["$x = 1", "exit 3010"]}},
                          {"action": "aws:runShellScript", "name": "Linux", "inputs": {"runCommand": ["echo hi"]}}]}}},
          "Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"UserData":
            {"Fn::Base64": {"Fn::Join": ["", ["<powershell>\\nWrite-Output ", {"Ref": "AWS::Region"}, "\\n</powershell>"]]}}}}},
          "Comp": {"Type": "AWS::ImageBuilder::Component", "Properties": {"Data":
            "phases:\\n  - name: build\\n    steps:\\n      - name: Step1\\n        action: ExecutePowerShell\\n        inputs:\\n          commands:\\n            - Write-Output one\\n"}}}}""");

    List<Script> scripts = ShellScripts.of("s", t);

    assertEquals(List.of(
        new Script("s-Doc.Linux", "sh", "echo hi\n"),
        new Script("s-Doc.Enable", "powershell", "$x = 1\nexit 3010\n"),
        new Script("s-Lt", "powershell", "\nWrite-Output fkREF_AWS__Region\n"),
        new Script("s-Comp.Step1", "powershell", "Write-Output one\n")), scripts);
    // Written as .ps1 without a shellcheck directive: .ci/run's shellcheck reads *.sh only.
    assertEquals(".ps1", scripts.get(1).extension());
    assertEquals("$x = 1\nexit 3010\n", scripts.get(1).file());
    assertEquals(".sh", scripts.get(0).extension());
  }

  @Test
  void windowsUserDataOfAnotherKindStillFails() throws Exception {
    var batch = template("""
        {"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"UserData": {"Fn::Base64": "<script>\\necho hi\\n</script>"}}}}}""");
    var e = assertThrows(AssertionError.class, () -> ShellScripts.of("s", batch));
    assertEquals("s-I: user data is not a #! script (<script>); teach ShellScripts to read it so it is checked", e.getMessage());
  }

  @Test
  void aScriptWhereNoRuleLooksIsNamed() throws Exception {
    var t = template("""
        {"Resources": {"Fn": {"Type": "AWS::Some::Thing", "Properties": {"Script": "#!/bin/sh\\necho"}},
                       "I": {"Type": "AWS::EC2::Instance", "Properties": {"UserData": {"Fn::Base64": "#!/bin/bash\\n"}}}}}""");
    assertEquals(List.of("s/Fn/Properties/Script"), ShellScripts.unchecked("s", t));
  }

  @Test
  void anUnknownIntrinsicOrAnExpandedEmbeddedScriptFailsInsteadOfBeingSkipped() throws Exception {
    var ifScript = template("""
        {"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"UserData":
          {"Fn::Base64": {"Fn::If": ["C", "#!/bin/bash\\n", "#!/bin/sh\\n"]}}}}}}""");
    var e = assertThrows(AssertionError.class, () -> ShellScripts.of("s", ifScript));
    assertEquals("cannot render {\"Fn::If\":[\"C\",\"#!/bin/bash\\n\",\"#!/bin/sh\\n\"]} in s-I UserData as script text;"
        + " teach ShellScripts.render", e.getMessage());

    var unquoted = template("""
        {"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"UserData":
          {"Fn::Base64": "#!/bin/bash\\ncat > /x <<EOF\\n#!/bin/bash\\necho $HOME\\nEOF\\n"}}}}}""");
    e = assertThrows(AssertionError.class, () -> ShellScripts.of("s", unquoted));
    assertEquals("s-I: the script in here-document EOF is expanded when it is written; quote the delimiter (<<'EOF') so it"
        + " is written as it is checked", e.getMessage());

    var cloudConfig = template("""
        {"Resources": {"I": {"Type": "AWS::EC2::Instance", "Properties": {"UserData": {"Fn::Base64": "#cloud-config\\n"}}}}}""");
    e = assertThrows(AssertionError.class, () -> ShellScripts.of("s", cloudConfig));
    assertEquals("s-I: user data is not a #! script (#cloud-config); teach ShellScripts to read it so it is checked",
        e.getMessage());
  }

  @Test
  void theSyntaxCheckFailsOnABrokenScript(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.sh"), "#!/bin/bash\nif true; then echo ok; fi\n");
    Path bad = Files.writeString(dir.resolve("bad.sh"), "#!/bin/bash\nif true; then echo ok\n");
    assertEquals("", ShellScripts.bashSyntax(good));
    String said = ShellScripts.bashSyntax(bad);
    assertTrue(said.startsWith("exit 2: ") && said.contains("syntax error: unexpected end of file"), said);
  }

  @Test
  void theShellComesFromTheShebang() {
    assertEquals("bash", ShellScripts.shellOf("#!/usr/bin/env bash\n", "sh"));
    assertEquals("sh", ShellScripts.shellOf("#!/bin/sh -e\n", "bash"));
    assertEquals("sh", ShellScripts.shellOf("echo\n", "sh"));
    assertEquals(null, ShellScripts.shellOf("#!/usr/bin/python3\n", "sh"));
  }
}
