package io.fleetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetkit.support.EveryConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The logical IDs of every stateful resource in every stack of the default config and of every example, pinned:
 * CloudFormation replaces a resource whose logical ID changes (creates the new one, deletes the old), so a refactor
 * that moves a construct would otherwise empty a data volume, drop a secret, schedule a KMS key for deletion or
 * release a capacity reservation on the next deploy ("assert that the logical IDs of your stateful resources remain
 * static", AWS CDK best practices). A new stack, or a new stateful resource, is one more line in {@link #PINNED};
 * the failure message prints it.
 */
class StatefulResourcesTest {
  /**
   * Resource types that hold data or state a replacement would lose. An SNS topic holds its confirmed subscriptions
   * (each email address would have to confirm again), and a named one is worse: the replacement's CreateTopic returns
   * the existing topic, which the delete of the old logical ID then removes. An SQS queue holds its messages.
   */
  static final List<String> STATEFUL = List.of(
      "AWS::EC2::Volume", "AWS::SecretsManager::Secret", "AWS::KMS::Key", "AWS::S3::Bucket",
      "AWS::EC2::CapacityReservation", "AWS::Organizations::Policy", "AWS::DynamoDB::Table", "AWS::RDS::DBInstance",
      "AWS::RDS::DBCluster", "AWS::EFS::FileSystem", "AWS::SNS::Topic", "AWS::SQS::Queue",
      // Not data, but a replacement that fails or cuts traffic: a VPC holds one Instance Connect Endpoint, so CloudFormation
      // cannot create the new one before deleting the old (AWS::EC2::InstanceConnectEndpoint); a new local gateway route
      // table leaves the VPCs without on-premises routes until its associations exist.
      "AWS::EC2::InstanceConnectEndpoint", "AWS::EC2::LocalGatewayRouteTable");

  /** Stack → its stateful resources as "Type LogicalId"; one line per stack, an empty one for a stack without any. */
  static final Map<String, List<String>> PINNED = new LinkedHashMap<>();

  static {
    pin("fleetkit-guardrails", "AWS::Organizations::Policy fleetkitlocalzonesresidency1",
        "AWS::Organizations::Policy fleetkitlocalzonesresidency2", "AWS::Organizations::Policy fleetkitoutpostsresidency1",
        "AWS::Organizations::Policy fleetkitoutpostsresidency2", "AWS::Organizations::Policy fleetkitoutpostsresidency3");
    pin("fleetkit-gpu-monitoring");
    pin("fleetkit-image-pipelines", "AWS::KMS::Key NotificationsKey74C0825E", "AWS::S3::Bucket Logs6819BB44",
        "AWS::SNS::Topic BuildFailuresBD103A49", "AWS::SNS::Topic Pipelinegoldal2023Topic4A13678B",
        "AWS::SNS::Topic PipelinegpuinferenceTopicBD10BD61");
    pin("fleetkit-alarm-topic", "AWS::KMS::Key TopicKeyB2E0C9CB", "AWS::SNS::Topic TopicBFC7AF6E");
    pin("fleetkit-dashboard");
    pin("fleetkit-dashboard-refresh", "AWS::KMS::Key ArtifactKey8D84C5F0", "AWS::S3::Bucket AccessLogs8B620ECA",
        "AWS::S3::Bucket ArtifactsBucket", "AWS::S3::Bucket Source71E471F1", "AWS::KMS::Key LogsKeyA6AB43B2");
    pin("fleetkit-capacity-reservation", "AWS::EC2::CapacityReservation Reservationuseast1a",
        "AWS::EC2::CapacityReservation Reservationuseast1b", "AWS::EC2::CapacityReservation Reservationuseast1c", "AWS::KMS::Key NetworkLogsKey573F0F74");
    pin("fleetkit-spot-fleet", "AWS::S3::Bucket AccessLogs8B620ECA", "AWS::KMS::Key NetworkLogsKey573F0F74");
    pin("fleetkit-spot-scores", "AWS::KMS::Key AlarmsTopicKeyAB251E47", "AWS::KMS::Key CollectorLogKeyD7CD6767",
        "AWS::SNS::Topic AlarmsTopic3A2DFEBA");
    pin("fleetkit-queue-workers", "AWS::KMS::Key NetworkLogsKey573F0F74", "AWS::SQS::Queue WorkDeadLetterQueue304A9441",
        "AWS::SQS::Queue WorkQueue1CAC4D2F");
    pin("fleetkit-local-zone", "AWS::EC2::Volume DatabaseDataVolumeC9943833", "AWS::S3::Bucket WebAccessLogs024BC47D",
        "AWS::SecretsManager::Secret DatabasePassword246019AA", "AWS::SecretsManager::Secret WordPressKeys3B30B45B", "AWS::KMS::Key NetworkFlowLogsKey9F917D90");
    pin("gated-capacity-reservation", "AWS::EC2::CapacityReservation Reservationeuwest1a",
        "AWS::EC2::CapacityReservation Reservationeuwest1b", "AWS::EC2::CapacityReservation Reservationeuwest1c", "AWS::KMS::Key NetworkLogsKey573F0F74");
    pin("gated-spot-fleet", "AWS::S3::Bucket AccessLogs8B620ECA", "AWS::KMS::Key NetworkLogsKey573F0F74");
    pin("gov-outposts-guardrails", "AWS::Organizations::Policy govoutpostsoutpostsresidency1",
        "AWS::Organizations::Policy govoutpostsoutpostsresidency2", "AWS::Organizations::Policy govoutpostsoutpostsresidency3");
    pin("edge-local-zone", "AWS::EC2::Volume DatabaseDataVolumeC9943833",
        "AWS::SecretsManager::Secret DatabasePassword246019AA", "AWS::SecretsManager::Secret WordPressKeys3B30B45B", "AWS::KMS::Key NetworkFlowLogsKey9F917D90");
    pin("sps-spot-scores", "AWS::KMS::Key CollectorLogKeyD7CD6767");
    pin("qw-queue-workers", "AWS::KMS::Key NetworkLogsKey573F0F74", "AWS::SQS::Queue WorkDeadLetterQueue304A9441",
        "AWS::SQS::Queue WorkQueue1CAC4D2F");
    pin("fleetkit-root-restore", "AWS::KMS::Key JanitorFunctionLogKeyB345AD4A");
    pin("fleetkit-credential-guard");
    pin("lz-residency-guardrails", "AWS::Organizations::Policy lzresidencylocalzonesresidency1",
        "AWS::Organizations::Policy lzresidencylocalzonesresidency2", "AWS::Organizations::Policy lzresidencynitroonly");
    pin("fleetkit-instance-connect", "AWS::EC2::InstanceConnectEndpoint EndpointspotEndpoint1540D4EB");
    pin("rack-instance-connect", "AWS::EC2::InstanceConnectEndpoint EndpointrackEndpoint884252E4");
    pin("rack-outpost-lgw", "AWS::EC2::LocalGatewayRouteTable RouteTable");
  }

  static void pin(String stack, String... resources) {
    if (PINNED.put(stack, List.of(resources)) != null) throw new IllegalStateException(stack + " is pinned twice");
  }

  @Test
  void everyStatefulResourceKeepsItsLogicalId() {
    Map<String, List<String>> found = new TreeMap<>();
    for (EveryConfig.Synthesized s : EveryConfig.stacks()) {
      @SuppressWarnings("unchecked")
      var resources = (Map<String, Map<String, Object>>) s.template().get("Resources");
      TreeSet<String> stateful = new TreeSet<>();
      resources.forEach((id, r) -> {
        if (STATEFUL.contains((String) r.get("Type"))) stateful.add(r.get("Type") + " " + id);
      });
      if (found.put(s.stack(), List.copyOf(stateful)) != null) {
        throw new AssertionError("two configs synthesize a stack named " + s.stack() + "; pin them apart");
      }
    }
    List<String> problems = problems(found, PINNED);
    assertEquals(List.of(), problems);
  }

  /** What differs between the stateful resources found and the pinned ones, one line each. */
  static List<String> problems(Map<String, List<String>> found, Map<String, List<String>> pinnedByStack) {
    List<String> problems = new ArrayList<>();
    found.forEach((stack, ids) -> {
      List<String> pinned = pinnedByStack.get(stack);
      if (pinned == null) {
        problems.add(stack + " is not pinned; add: pin(\"" + stack + "\"" + ids.stream().map(i -> ", \"" + i + "\"")
            .reduce("", String::concat) + ");");
        return;
      }
      for (String id : pinned) {
        if (!ids.contains(id)) {
          problems.add(stack + ": " + id + " is gone or renamed; CloudFormation would replace it and delete the old one"
              + " (keep its construct ID and path, or say in the change why it may be replaced)");
        }
      }
      for (String id : ids) {
        if (!pinned.contains(id)) problems.add(stack + ": " + id + " is new; pin it in PINNED");
      }
    });
    pinnedByStack.keySet().stream().filter(stack -> !found.containsKey(stack))
        .forEach(stack -> problems.add(stack + " is pinned but no config synthesizes it; remove its line"));
    return problems;
  }

  @Test
  void aRenamedVolumeANewStackAndAStaleLineAreReported() {
    Map<String, List<String>> found = new TreeMap<>();
    found.put("a-local-zone", List.of("AWS::EC2::Volume DatabaseDataVolumeD00D"));
    found.put("a-new", List.of("AWS::S3::Bucket Logs1"));
    Map<String, List<String>> pinned = new LinkedHashMap<>();
    pinned.put("a-local-zone", List.of("AWS::EC2::Volume DatabaseDataVolumeC9943833"));
    pinned.put("a-gone", List.of());
    assertEquals(List.of(
        "a-local-zone: AWS::EC2::Volume DatabaseDataVolumeC9943833 is gone or renamed; CloudFormation would replace it"
            + " and delete the old one (keep its construct ID and path, or say in the change why it may be replaced)",
        "a-local-zone: AWS::EC2::Volume DatabaseDataVolumeD00D is new; pin it in PINNED",
        "a-new is not pinned; add: pin(\"a-new\", \"AWS::S3::Bucket Logs1\");",
        "a-gone is pinned but no config synthesizes it; remove its line"), problems(found, pinned));
  }
}
