package io.fleetkit.stacks.rootrestore;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

/**
 * EC2 resource ARNs in the stack's partition, Region and account, in the formats of the Service Authorization
 * Reference's EC2 resource types: instance, volume and replace-root-volume-task carry the account; snapshot and
 * image do not ({@code arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}}).
 */
final class Ec2Arns {
  private final String partition;
  private final String region;
  private final String account;

  Ec2Arns(Stack stack) {
    this(stack.getPartition(), stack.getRegion(), stack.getAccount());
  }

  private Ec2Arns(String partition, String region, String account) {
    this.partition = partition;
    this.region = region;
    this.account = account;
  }

  /**
   * The same ARNs as cdk-nag prints them in a finding ID: a literal where the stack has one (an account and Region
   * in config), else the pseudo parameter as {@code <AWS::AccountId>}.
   */
  static Ec2Arns asNagShows(Stack stack) {
    return new Ec2Arns(shown(stack.getPartition(), "<AWS::Partition>"), shown(stack.getRegion(), "<AWS::Region>"),
        shown(stack.getAccount(), "<AWS::AccountId>"));
  }

  private static String shown(String value, String pseudo) {
    return Token.isUnresolved(value) ? pseudo : value;
  }

  /** The cdk-nag finding of a wildcard resource, such as AwsSolutions-IAM5[Resource::arn:...:snapshot/*]. */
  String finding(String arn) {
    return "AwsSolutions-IAM5[Resource::" + arn + "]";
  }

  String instance(String id) {
    return owned("instance", id);
  }

  String volume(String id) {
    return owned("volume", id);
  }

  String replaceRootVolumeTask(String id) {
    return owned("replace-root-volume-task", id);
  }

  String snapshot(String id) {
    return "arn:" + partition + ":ec2:" + region + "::snapshot/" + id;
  }

  String image(String id) {
    return "arn:" + partition + ":ec2:" + region + "::image/" + id;
  }

  private String owned(String type, String id) {
    return "arn:" + partition + ":ec2:" + region + ":" + account + ":" + type + "/" + id;
  }
}
