package io.fleetkit.stacks.dashboard;

import io.fleetkit.constructs.KeyGrants;
import io.fleetkit.constructs.Ordered;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Creates the SNS topic {@code <prefix>-alarms} that the dashboard alarms (and, when configured, the
 * capacity reservation alarm) notify: encrypted with its own customer managed key, publishable by CloudWatch
 * alarms of this app only, TLS only, with optional email subscriptions.
 *
 * <p>It is its own stack, deployed like the others through the bootstrap roles and never by the refresh
 * build: the build then needs no right on SNS or KMS (kms:CreateKey and kms:PutKeyPolicy cannot be scoped to
 * this app's keys by ARN), the subscriptions are not touched by every refresh, and the topic outlives any
 * change of how the dashboards are spread over stacks.
 */
public class AlarmTopicStack extends Stack {
  private final Topic topic;

  public AlarmTopicStack(Construct scope, String id, StackProps props, DashboardPlan.AlarmTopic config, String prefix) {
    super(scope, id, props);
    Key key = Key.Builder.create(this, "TopicKey")
        .description("Encrypts the fleetkit alarm topic " + config.name())
        .enableKeyRotation(true)
        .build();
    KeyGrants.onlyForAwsServices(key);
    // CloudWatch alarms publish to an encrypted topic only when the key policy lets cloudwatch.amazonaws.com use
    // the key (SNS developer guide, "Enable compatibility between event sources from AWS services and encrypted
    // topics": kms:GenerateDataKey* and kms:Decrypt; the AWS managed key aws/sns cannot be edited, so a customer
    // managed key is required). The statement is the documented one; the topic policy below limits who publishes.
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsUseTheKey")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
        .resources(List.of("*"))
        .build());
    topic = Topic.Builder.create(this, "Topic")
        .topicName(config.name())
        .displayName("fleetkit alarms")
        .masterKey(key)
        // Denies sns:Publish without TLS (aws:SecureTransport false) to every principal.
        .enforceSsl(true)
        .build();
    // A topic policy replaces the default one, so CloudWatch alarms are allowed explicitly, and only those of
    // this account named <prefix>-* (AWS re:Post, "Why didn't I receive an SNS notification for my CloudWatch
    // alarm trigger?": cloudwatch.amazonaws.com, sns:Publish, aws:SourceArn of the alarms).
    String alarms = formatArn(ArnComponents.builder().service("cloudwatch").resource("alarm").resourceName(prefix + "-*")
        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    topic.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsPublish")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("sns:Publish"))
        .resources(List.of(topic.getTopicArn()))
        .conditions(Ordered.map(
            "ArnLike", Map.of("aws:SourceArn", alarms),
            "StringEquals", Map.of("aws:SourceAccount", getAccount())))
        .build());
    for (String email : config.emails()) topic.addSubscription(new EmailSubscription(email));
    CfnOutput.Builder.create(this, "TopicArn").value(topic.getTopicArn())
        .description("The SNS topic the fleetkit alarms notify").build();
  }

  public Topic topic() {
    return topic;
  }
}
