package io.fleetkit.stacks.spotscores;

import io.fleetkit.constructs.KeyGrants;
import io.fleetkit.constructs.Ordered;
import io.fleetkit.functions.spotscores.SpotScoresFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * One alarm per regional configuration, target capacity and Region whose Score stays below the threshold
 * for the configured minutes, each notifying an SNS topic: the configured one, or a topic this construct
 * creates, encrypted with its own KMS key that CloudWatch may use.
 */
public class ScoreAlarms extends Construct {
  private final ITopic topic;

  public ScoreAlarms(Construct scope, String id, SpotScoresPlan plan) {
    super(scope, id);
    var c = plan.config();
    var alarm = c.alarm();
    topic = alarm.topicArn().map(arn -> Topic.fromTopicArn(this, "Topic", arn)).orElseGet(this::encryptedTopic);
    int periods = alarm.minutes() / c.scheduleMinutes();
    for (SpotScoresPlan.AlarmTarget t : plan.alarms()) {
      Map<String, String> dimensions = new LinkedHashMap<>();
      dimensions.put(SpotScoresFunction.CONFIGURATION, t.configuration());
      dimensions.put(SpotScoresFunction.REGION, t.region());
      dimensions.put(SpotScoresFunction.TARGET_CAPACITY, Integer.toString(t.targetCapacity()));
      dimensions.put(SpotScoresFunction.TARGET_CAPACITY_UNIT, t.unit());
      Alarm a = Alarm.Builder.create(this, t.configuration() + "-" + t.targetCapacity() + "-" + t.region())
          .alarmDescription("fleetkit: the Spot placement score of " + t.configuration() + " for " + t.targetCapacity()
              + " " + t.unit() + " in " + t.region() + " stayed below " + alarm.below() + " for " + alarm.minutes()
              + " minutes")
          .metric(Metric.Builder.create()
              .namespace(c.namespace())
              .metricName(SpotScoresFunction.SCORE)
              .dimensionsMap(dimensions)
              .statistic("Minimum")
              .period(Duration.minutes(c.scheduleMinutes()))
              .build())
          .threshold(alarm.below())
          .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
          .evaluationPeriods(periods)
          .datapointsToAlarm(periods)
          // No score is not a low score: the Outcome metric and the dashboard say why a run scored nothing.
          .treatMissingData(TreatMissingData.MISSING)
          .build();
      a.addAlarmAction(new SnsAction(topic));
      // No score for the whole window means the collector was refused or failed there: worth a message too, and
      // the AWS Config rule cloudwatch-alarm-action-check asks for an INSUFFICIENT_DATA action by default.
      a.addInsufficientDataAction(new SnsAction(topic));
    }
  }

  public ITopic topic() {
    return topic;
  }

  /**
   * A topic encrypted with its own key. CloudWatch publishes alarms to an encrypted topic only with a
   * customer managed key whose policy lets cloudwatch.amazonaws.com use it, and only when the topic policy
   * lets it publish (CloudWatch User Guide, "Setting up Amazon SNS notifications", encrypted topics).
   */
  private ITopic encryptedTopic() {
    Stack stack = Stack.of(this);
    Key key = Key.Builder.create(this, "TopicKey")
        .description("Encrypts the fleetkit Spot placement score alarm topic")
        .enableKeyRotation(true)
        .build();
    KeyGrants.onlyForAwsServices(key);
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsPublish")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
        .resources(List.of("*"))
        .build());
    Topic created = Topic.Builder.create(this, "Topic")
        .displayName("fleetkit Spot placement score alarms")
        .masterKey(key)
        .enforceSsl(true)
        .build();
    created.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsOfThisAccount")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("sns:Publish"))
        .resources(List.of(created.getTopicArn()))
        .conditions(Ordered.map(
            "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder().service("cloudwatch")
                .resource("alarm").resourceName("*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())),
            "StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
        .build());
    CfnOutput.Builder.create(this, "AlarmTopicArn").value(created.getTopicArn())
        .description("Subscribe to this topic to receive the Spot placement score alarms").build();
    return created;
  }
}
