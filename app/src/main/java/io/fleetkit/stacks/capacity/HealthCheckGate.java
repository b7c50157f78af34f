package io.fleetkit.stacks.capacity;

import io.fleetkit.config.HealthCheckGateConfig;
import io.fleetkit.constructs.NagAcks;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.autoscaling.CfnAutoScalingGroup;
import software.amazon.awscdk.services.ec2.CfnLaunchTemplate;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The custom health-check gate (AWS blog "How to create custom health checks for your Amazon EC2
 * Auto Scaling Fleet"), with user data polling through IMDSv2 as in the blog:
 * <ul>
 *   <li>a launch lifecycle hook, declared on the group itself so the very first instances wait too;</li>
 *   <li>each new instance reads its own tag from instance metadata (IMDSv2 token, instance metadata tags
 *       enabled) until it reads the expected value, then completes the action with CONTINUE and sets
 *       itself Healthy; while waiting it sends RecordLifecycleActionHeartbeat, and after max_wait it
 *       completes with the default result;</li>
 *   <li>the instance role may call only those three actions, and only on this group's ARN.</li>
 * </ul>
 * Whatever runs the check (a scanner, an SSM association) sets the tag. The script never prints the
 * IMDSv2 token or any credential, and does not trace its commands.
 */
public class HealthCheckGate extends Construct {
  public static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  // Actions that support the autoScalingGroup resource type (Service Authorization Reference, Amazon EC2 Auto Scaling).
  static final List<String> ACTIONS = List.of(
      "autoscaling:CompleteLifecycleAction",
      "autoscaling:RecordLifecycleActionHeartbeat",
      "autoscaling:SetInstanceHealth");

  private final String hookName;

  public HealthCheckGate(Construct scope, String id, Props props) {
    super(scope, id);
    HealthCheckGateConfig g = props.gate();
    this.hookName = props.groupName() + "-launch-gate";
    // The group ID inside the ARN is assigned at creation; the name pins the ARN to this group.
    // Built from pseudo parameters (not formatArn, which may inline them) so the cdk-nag finding ID is stable.
    String groupArn = "arn:" + Aws.PARTITION + ":autoscaling:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
        + ":autoScalingGroup:*:autoScalingGroupName/" + props.groupName();
    Policy policy = Policy.Builder.create(this, "Policy")
        .statements(List.of(PolicyStatement.Builder.create()
            .sid("HealthCheckGateOwnGroupOnly")
            .actions(ACTIONS)
            .resources(List.of(groupArn))
            .build()))
        .build();
    policy.attachToRole(props.role());
    NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>"
        + ":autoScalingGroup:*:autoScalingGroupName/" + props.groupName() + "]",
        "The * is the group ID that Auto Scaling assigns at creation; the group name pins the ARN to this one group");

    props.group().setLifecycleHookSpecificationList(List.of(CfnAutoScalingGroup.LifecycleHookSpecificationProperty.builder()
        .lifecycleHookName(hookName)
        .lifecycleTransition(LAUNCHING)
        .heartbeatTimeout(g.heartbeatTimeoutSeconds())
        .defaultResult(g.defaultResult())
        .build()));
    // Tags readable at /latest/meta-data/tags/instance/<key> (LaunchTemplate MetadataOptions InstanceMetadataTags).
    props.launchTemplate().addPropertyOverride("LaunchTemplateData.MetadataOptions.InstanceMetadataTags", "enabled");
    props.userData().addCommands(script(props.groupName(), hookName, g).split("\n"));
  }

  public String hookName() {
    return hookName;
  }

  /** The user data lines: writes the gate script and runs it as a transient systemd unit. */
  static String script(String groupName, String hookName, HealthCheckGateConfig g) {
    int heartbeatEvery = Math.max(g.pollSeconds(), g.heartbeatTimeoutSeconds() / 2);
    return """
        install -d -m 0755 /usr/local/libexec/fleetkit
        cat > /usr/local/libexec/fleetkit/health-check-gate.sh <<'GATE'
        #!/bin/bash
        # fleetkit health-check gate: wait for the tag, then complete the launch lifecycle action.
        # No command tracing: the IMDSv2 token must never reach a log.
        set -uo pipefail
        GROUP='%s'
        HOOK='%s'
        TAG_KEY='%s'
        EXPECTED='%s'
        POLL=%d
        HEARTBEAT_EVERY=%d
        MAX_WAIT=%d
        ON_TIMEOUT='%s'
        imds() {
          local token
          token=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token) || return 1
          curl -sf -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/$1"
        }
        log() { logger -t fleetkit-gate -- "$*"; }
        INSTANCE=$(imds meta-data/instance-id)
        REGION=$(imds meta-data/placement/region)
        action() {
          aws autoscaling complete-lifecycle-action --region "$REGION" --auto-scaling-group-name "$GROUP" \\
            --lifecycle-hook-name "$HOOK" --instance-id "$INSTANCE" --lifecycle-action-result "$1" >/dev/null
        }
        start=$(date +%%s)
        last_beat=$start
        while true; do
          value=$(imds "meta-data/tags/instance/${TAG_KEY}" || true)
          if [ "$value" = "$EXPECTED" ]; then
            if action CONTINUE; then
              aws autoscaling set-instance-health --region "$REGION" --instance-id "$INSTANCE" --health-status Healthy >/dev/null \\
                || log "set-instance-health failed"
              log "${TAG_KEY}=${EXPECTED}: lifecycle action completed with CONTINUE"
              exit 0
            fi
            log "complete-lifecycle-action failed; retrying"
          fi
          now=$(date +%%s)
          if [ $((now - start)) -ge "$MAX_WAIT" ]; then
            log "${TAG_KEY} did not read ${EXPECTED} within ${MAX_WAIT}s: completing with ${ON_TIMEOUT}"
            action "$ON_TIMEOUT"
            exit 1
          fi
          if [ $((now - last_beat)) -ge "$HEARTBEAT_EVERY" ]; then
            aws autoscaling record-lifecycle-action-heartbeat --region "$REGION" --auto-scaling-group-name "$GROUP" \\
              --lifecycle-hook-name "$HOOK" --instance-id "$INSTANCE" >/dev/null || log "heartbeat failed"
            last_beat=$now
          fi
          sleep "$POLL"
        done
        GATE
        chmod 0755 /usr/local/libexec/fleetkit/health-check-gate.sh
        systemd-run --unit fleetkit-health-check-gate --description 'fleetkit health-check gate' /usr/local/libexec/fleetkit/health-check-gate.sh""".formatted(
        groupName, hookName, g.tagKey(), shellQuoteInner(g.tagValue()), g.pollSeconds(), heartbeatEvery,
        g.maxWaitSeconds(), g.defaultResult());
  }

  /** Escapes a value for use inside single quotes. */
  static String shellQuoteInner(String s) {
    return s.replace("'", "'\\''");
  }

  /**
   * @param groupName the Auto Scaling group's fixed name (the ARN in the policy depends on it)
   * @param group the group's L1 resource, which gets the lifecycle hook
   * @param launchTemplate the launch template's L1 resource, which gets instance metadata tags
   */
  public record Props(HealthCheckGateConfig gate, String groupName, CfnAutoScalingGroup group,
      CfnLaunchTemplate launchTemplate, IRole role, UserData userData) {}
}
