package io.fleetkit.stacks.dashboard.refresh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codepipeline.IPipeline;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.CodePipeline;
import software.constructs.Construct;

/**
 * Creates the two EventBridge rules that start the refresh pipeline: a change of the dashboard tag on any
 * resource (Tag Change on Resource events of aws.tag, filtered on {@code changed-tag-keys}) and an EC2
 * instance state change. Both target the pipeline through the events role CDK creates for it.
 */
public final class RefreshTriggers extends Construct implements FlatLogicalIds.Grouping {

  /** EC2 instance states that change what the dashboard should show (EventBridge EC2 events reference). */
  public static final List<String> EC2_STATES =
      List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");

  public RefreshTriggers(Construct scope, String id, IPipeline pipeline, String tagKey) {
    super(scope, id);
    Map<String, Object> tagDetail = new LinkedHashMap<>();
    tagDetail.put("changed-tag-keys", List.of(tagKey));
    Rule.Builder.create(this, "TagChanged")
        .description("A resource gained, lost or changed the " + tagKey + " tag")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.tag"))
            .detailType(List.of("Tag Change on Resource"))
            .detail(tagDetail)
            .build())
        .targets(List.of(new CodePipeline(pipeline)))
        .build();
    Map<String, Object> stateDetail = new LinkedHashMap<>();
    stateDetail.put("state", EC2_STATES);
    Rule.Builder.create(this, "InstanceStateChanged")
        .description("An EC2 instance started, stopped or ended")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.ec2"))
            .detailType(List.of("EC2 Instance State-change Notification"))
            .detail(stateDetail)
            .build())
        .targets(List.of(new CodePipeline(pipeline)))
        .build();
  }
}
