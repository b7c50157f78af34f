package io.fleetkit.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeyProps;
import software.constructs.Construct;

/**
 * Creates a KMS key, rotated yearly, that CloudWatch Logs may use to encrypt the log groups of this account
 * and Region (AWS Control Tower CT.CLOUDWATCH.PR.3 asks every log group for a customer managed key), with
 * the grant restriction of {@link KeyGrants}. Give it to a log group as its {@code KmsKeyId}.
 *
 * <p>It is the {@link Key} itself, so its construct path and logical ID are those of a plain Key with the
 * same id.
 */
public class LogsKey extends Key {
  public LogsKey(Construct scope, String id, String description) {
    super(scope, id, KeyProps.builder().description(description).enableKeyRotation(true).build());
    Stack stack = Stack.of(this);
    // CloudWatch Logs encrypts with the key as its Regional service principal, only for log groups of this
    // account and Region (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS Key
    // Management Service", step 2). The principal is Regional and per partition (logs.cn-north-1.amazonaws.com.cn
    // in China; aws-cdk-lib region-info says the same). Naming one log group would need its name before it
    // exists: a fixed name would fail the next create after a rollback or a retained deletion.
    addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchLogsOfThisAccount")
        .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + "." + stack.getUrlSuffix())))
        .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
        .resources(List.of("*"))
        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", stack.formatArn(
            ArnComponents.builder().service("logs").resource("log-group").resourceName("*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
        .build());
    KeyGrants.onlyForAwsServices(this);
  }
}
