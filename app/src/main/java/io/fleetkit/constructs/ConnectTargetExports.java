package io.fleetkit.constructs;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;

/**
 * Creates the three exported outputs of a stack whose VPC an EC2 Instance Connect Endpoint may use
 * ({@code instance_connect.endpoints[].vpc: fleetkit:<area>}): the VPC ID, the subnet the endpoint goes into and the
 * instances' security group. Both sides compute the export names here, {@code <stack name>:InstanceConnect<What>}.
 *
 * <p>The values resolve at deploy time in the importing stack ({@code Fn::ImportValue}), so synth needs no lookup.
 * While an export is imported, CloudFormation refuses to change or delete it ("Considerations when importing values",
 * AWS CloudFormation User Guide, Fn::ImportValue): a change that would replace this stack's VPC, subnet or security
 * group then fails on this stack until the endpoint stack lets go of it. That is the order the network needs anyway,
 * since the endpoint's network interface sits in the subnet.
 */
public final class ConnectTargetExports {
  static final String VPC = "InstanceConnectVpcId";
  static final String SUBNET = "InstanceConnectSubnetId";
  static final String GROUP = "InstanceConnectSecurityGroupId";

  private ConnectTargetExports() {}

  /** Declares the exports on {@code stack}. */
  public static void publish(Stack stack, String vpcId, String subnetId, String securityGroupId) {
    output(stack, VPC, vpcId, "The VPC an EC2 Instance Connect Endpoint of fleetkit may use");
    output(stack, SUBNET, subnetId, "The subnet such an endpoint goes into: the first workload subnet");
    output(stack, GROUP, securityGroupId, "The instances' security group, which such an endpoint may reach");
  }

  private static void output(Stack stack, String id, String value, String description) {
    CfnOutput.Builder.create(stack, id).value(value).exportName(exportName(stack.getStackName(), id))
        .description(description).build();
  }

  static String exportName(String stackName, String what) {
    return stackName + ":" + what;
  }

  /** {@code Fn::ImportValue} of the VPC ID that {@code stackName} exports. */
  public static String vpcId(String stackName) {
    return Fn.importValue(exportName(stackName, VPC));
  }

  public static String subnetId(String stackName) {
    return Fn.importValue(exportName(stackName, SUBNET));
  }

  public static String securityGroupId(String stackName) {
    return Fn.importValue(exportName(stackName, GROUP));
  }
}
