package io.fleetkit.stacks.capacity;

import io.fleetkit.config.SpotFleetConfig;
import io.fleetkit.constructs.BucketControls;
import io.fleetkit.constructs.ConnectTargetExports;
import io.fleetkit.constructs.HardenedLaunchTemplate;
import io.fleetkit.constructs.MixedInstancesGroup;
import io.fleetkit.constructs.NagAcks;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A diversified Spot Auto Scaling group (AWS blog "Best practices to optimize your Amazon EC2 Spot
 * Instances usage"; Spinnaker tutorial on diversified server groups): a mixed instances policy over
 * many types or attribute-based requirements, capacity rebalancing, at least two zones, and an
 * optional Application Load Balancer with a demo page that shows which instance served it.
 */
public class SpotFleetStack extends Stack {
  public static final int HTTP_PORT = 80;
  public static final int HTTPS_PORT = 443;

  private final MixedInstancesGroup group;

  public SpotFleetStack(Construct scope, String id, StackProps props, SpotFleetPlan plan) {
    super(scope, id, props);
    SpotFleetConfig c = plan.config();
    String groupName = getStackName() + "-asg";
    CapacityNetwork network = new CapacityNetwork(this, "Network", c.network(), c.availabilityZones());
    var lb = c.loadBalancer();

    SecurityGroup instances = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
        .vpc(network.vpc())
        .description("fleetkit spot fleet instances: only the load balancer may connect")
        .allowAllOutbound(true)
        .build();
    UserData userData = UserData.forLinux();
    if (lb.enabled() && lb.demoPage()) userData.addCommands(DemoPage.script(HTTP_PORT).split("\n"));

    var template = new HardenedLaunchTemplate(this, "LaunchTemplate",
        HardenedLaunchTemplate.Props.of(plan.ami(), null)
            .withRootVolumeGiB(c.rootVolumeGiB())
            .withSecurityGroup(instances)
            .withUserData(userData));
    // T instances' credit option (LaunchTemplateData CreditSpecification CpuCredits); ignored by other types.
    c.burstableCredits().ifPresent(v ->
        template.cfn().addPropertyOverride("LaunchTemplateData.CreditSpecification.CpuCredits", v));

    var groupProps = MixedInstancesGroup.Props.of(network.vpc(), network.workload(), template, c.instanceTypes(),
            c.instanceRequirements(), plan.distribution(), c.capacity().min(), c.capacity().max(),
            Optional.of(c.capacity().desired()))
        .withGroupName(groupName)
        .withCapacityRebalance(true)
        .withProtectFromScaleIn(c.healthCheckGate().enabled() && c.healthCheckGate().protectFromScaleIn());
    group = new MixedInstancesGroup(this, "Group", lb.enabled() ? groupProps.withElbHealthChecks(Duration.minutes(3)) : groupProps);
    network.declareZones(group.cfn());

    if (c.healthCheckGate().enabled()) {
      new HealthCheckGate(this, "HealthCheckGate", new HealthCheckGate.Props(c.healthCheckGate(), groupName, group.cfn(),
          template.cfn(), template.role(), userData));
    }
    if (lb.enabled()) loadBalancer(c, network, instances);

    CfnOutput.Builder.create(this, "AutoScalingGroupName").value(group.getAutoScalingGroupName())
        .description("The diversified Spot Auto Scaling group").build();
    // No workload subnet only on the first pass of an existing-VPC lookup, before the context holds the subnets.
    network.workload().getSubnets().stream().findFirst().ifPresent(subnet ->
        ConnectTargetExports.publish(this, network.vpc().getVpcId(), subnet.getSubnetId(), instances.getSecurityGroupId()));
    CapacityAcks.group(group);
  }

  private void loadBalancer(SpotFleetConfig c, CapacityNetwork network, SecurityGroup instances) {
    var lb = c.loadBalancer();
    SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
        .vpc(network.vpc())
        .description(lb.certificateArn().isPresent() ? "fleetkit spot fleet load balancer: HTTP and HTTPS from the allowed ranges"
            : "fleetkit spot fleet load balancer: HTTP from the allowed ranges")
        .allowAllOutbound(false)
        .build();
    List<String> cidrs = lb.allowedCidrs().isEmpty() ? List.of(network.cidr()) : lb.allowedCidrs();
    for (String cidr : cidrs) albGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(HTTP_PORT), "HTTP to the demo page");
    if (lb.certificateArn().isPresent()) {
      for (String cidr : cidrs) albGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(HTTPS_PORT), "HTTPS to the demo page");
    }

    // ALB access logs take SSE-S3 only ("Enable access logs for your Application Load Balancer", bucket
    // requirements); versions left behind expire (CT.S3.PR.3) and new log files reach EventBridge (CT.S3.PR.4).
    Bucket logs = Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .versioned(true)
        .lifecycleRules(List.of(BucketControls.expireNoncurrentVersions()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    BucketControls.eventsToEventBridge(logs);
    ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
        .vpc(network.vpc())
        .internetFacing(lb.internetFacing())
        .vpcSubnets(lb.internetFacing()
            ? SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build() : network.workload())
        .securityGroup(albGroup)
        .dropInvalidHeaderFields(true)
        // CT.ELASTICLOADBALANCING.PR.5. Deleting the stack then needs the attribute turned off first
        // (docs/compliance.md says how).
        .deletionProtection(true)
        .build();
    alb.logAccessLogs(logs, "alb");
    var targetsProps = AddApplicationTargetsProps.builder()
        .port(HTTP_PORT)
        .protocol(ApplicationProtocol.HTTP)
        .targets(List.of(group))
        // Spot gives two minutes' notice; deregistration finishes inside it (at most 90 s).
        .deregistrationDelay(Duration.seconds(lb.deregistrationDelaySeconds()))
        .healthCheck(HealthCheck.builder()
            .path(lb.healthCheckPath())
            .interval(Duration.seconds(15))
            .healthyThresholdCount(2)
            .unhealthyThresholdCount(2)
            .build())
        .build();
    ApplicationTargetGroup targets;
    String url;
    if (lb.certificateArn().isPresent()) {
      // With a certificate, 443 serves and 80 only redirects (CT.ELASTICLOADBALANCING.PR.1).
      var https = alb.addListener("Https", BaseApplicationListenerProps.builder()
          .port(HTTPS_PORT)
          .protocol(ApplicationProtocol.HTTPS)
          .open(false)
          .sslPolicy(SslPolicy.RECOMMENDED_TLS)
          .certificates(List.of(ListenerCertificate.fromArn(lb.certificateArn().get())))
          .build());
      targets = https.addTargets("Fleet", targetsProps);
      alb.addListener("Http", BaseApplicationListenerProps.builder()
          .port(HTTP_PORT)
          .protocol(ApplicationProtocol.HTTP)
          .open(false)
          .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
              .protocol("HTTPS").port(String.valueOf(HTTPS_PORT)).permanent(true).build()))
          .build());
      url = "https://";
    } else {
      var listener = alb.addListener("Http", BaseApplicationListenerProps.builder()
          .port(HTTP_PORT)
          .protocol(ApplicationProtocol.HTTP)
          .open(false)
          .build());
      targets = listener.addTargets("Fleet", targetsProps);
      url = "http://";
    }
    CfnOutput.Builder.create(this, "LoadBalancerUrl").value(url + alb.getLoadBalancerDnsName() + "/")
        .description("The demo page: instance ID, type, life cycle and zone of the instance that answered").build();
    CfnOutput.Builder.create(this, "TargetGroupArn").value(targets.getTargetGroupArn()).build();

    NagAcks.acknowledge(logs, "AwsSolutions-S1",
        "This bucket receives the load balancer's access logs; logging its own access would need another bucket without end");
  }

  public MixedInstancesGroup group() {
    return group;
  }
}
