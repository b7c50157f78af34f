package io.fleetkit.stacks.dashboard;

import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The refresh pipeline with an existing CodeCommit repository as its source (cdk-nag runs on it too). */
class RefreshPipelineCodeCommitTest {
  static Template template;

  @BeforeAll
  static void synth() {
    template = TestApps.template("""
        project:
          prefix: acme
          region: us-east-1
        dashboard:
          enabled: true
          tag_name: Dashboard
          tag_values: [edge, outposts-prod]
          snapshot: samples/outposts-inventory.json
          pipeline:
            source: codecommit
            repository: fleetkit-app
            branch: release
        """, "acme-dashboard-refresh");
  }

  @Test
  void sourceIsTheExistingRepositoryAndNoSourceBucketIsCreated() {
    template.hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of(
        "Stages", Match.arrayWith(List.of(Map.of("Name", "Source", "Actions", List.of(Match.objectLike(Map.of(
            "ActionTypeId", Map.of("Category", "Source", "Owner", "AWS", "Provider", "CodeCommit", "Version", "1"),
            "Configuration", Map.of("RepositoryName", "fleetkit-app", "BranchName", "release",
                "PollForSourceChanges", false))))))))));
    template.resourceCountIs("AWS::CodeCommit::Repository", 0);
    // Access logs and artifacts only.
    template.resourceCountIs("AWS::S3::Bucket", 2);
  }
}
