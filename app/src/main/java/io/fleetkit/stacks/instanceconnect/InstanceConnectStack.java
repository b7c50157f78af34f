package io.fleetkit.stacks.instanceconnect;

import io.fleetkit.config.InstanceConnectConfig.Access;
import io.fleetkit.constructs.NagAcks;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.CfnManagedPolicy;
import software.constructs.Construct;

/**
 * {@code <prefix>-instance-connect}: the EC2 Instance Connect Endpoints of the configured VPCs and one managed policy
 * per access rule. The endpoints live in a stack of their own because a rollback that deletes an endpoint still being
 * created ends in DELETE_FAILED (aws-cloudformation/cloudformation-coverage-roadmap#2000): nothing else is rolled back
 * with them.
 */
public class InstanceConnectStack extends Stack {

  public InstanceConnectStack(Construct scope, String id, StackProps props, InstanceConnectPlan plan) {
    super(scope, id, props);
    // The account's instances in this Region: SendSSHPublicKey's resource type "instance".
    String instances = formatArn(ArnComponents.builder().service("ec2").resource("instance").resourceName("*").build());
    for (InstanceConnectPlan.Endpoint e : plan.endpoints()) {
      ConnectEndpoint endpoint = new ConnectEndpoint(this, "Endpoint-" + e.name(), e);
      String arn = endpoint.endpoint().getAttrInstanceConnectEndpointArn();
      for (Access a : e.config().access()) {
        CfnManagedPolicy policy = CfnManagedPolicy.Builder.create(this, "Access-" + e.name() + "-" + a.name())
            // <prefix>-instance-connect-<endpoint>-<rule>: at most 40 + 17 + 1 + 32 + 1 + 32 = 123 characters (IAM: 128).
            .managedPolicyName(getStackName() + "-" + e.name() + "-" + a.name())
            .description("Opens EC2 Instance Connect tunnels through endpoint " + e.name() + " (access rule " + a.name() + ")")
            .policyDocument(TunnelPolicy.document(a, arn, instances))
            .roles(a.roleNames())
            .build();
        NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Resource::*]", "ec2:DescribeInstances and"
            + " ec2:DescribeInstanceConnectEndpoints support no resource-level permissions (Service Authorization"
            + " Reference: no resource type); the AWS CLI's ec2-instance-connect ssh calls them to find the endpoint.");
        if (a.osUser().isPresent()) {
          NagAcks.acknowledge(policy, "AwsSolutions-IAM5[Resource::" + nagShown(instances) + "]",
              "SendSSHPublicKey is limited by ec2:osuser" + a.instanceTag().map(t -> " and the instance tag " + t.key())
                  .orElse("") + ", and a pushed key is of use only through a tunnel that OpenTunnel's conditions allow.");
        }
      }
      CfnOutput.Builder.create(this, "EndpointId-" + e.name()).value(endpoint.endpoint().getAttrId())
          .description("EC2 Instance Connect Endpoint " + e.name()).build();
    }
  }

  /** The ARN as cdk-nag prints it in a finding: pseudo parameters the stack could not resolve as {@code <AWS::Name>}. */
  private String nagShown(String arn) {
    return arn.replace(getPartition(), shown(getPartition(), "AWS::Partition"))
        .replace(getRegion(), shown(getRegion(), "AWS::Region"))
        .replace(getAccount(), shown(getAccount(), "AWS::AccountId"));
  }

  private static String shown(String value, String pseudo) {
    return Token.isUnresolved(value) ? "<" + pseudo + ">" : value;
  }
}
