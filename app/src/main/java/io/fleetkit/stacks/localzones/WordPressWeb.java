package io.fleetkit.stacks.localzones;

import io.fleetkit.constructs.AmiChoice;
import io.fleetkit.constructs.BucketControls;
import io.fleetkit.constructs.HardenedLaunchTemplate;
import io.fleetkit.constructs.SsmInstanceRole;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * The WordPress front end: an Auto Scaling group in the private subnet, launched from a hardened
 * template, behind an optional internet-facing Application Load Balancer in the public subnet that admits
 * only the configured address blocks (none by default).
 */
public class WordPressWeb extends Construct {
  /** The blog's target group health codes: 200 once installed, 301 for its redirects. */
  public static final String HEALTHY_CODES = "200,301";

  private final AutoScalingGroup group;
  private final SecurityGroup securityGroup;
  private final ApplicationLoadBalancer alb;
  private final String siteUrl;
  private Bucket accessLogs;

  /**
   * @param alb whether to create the load balancer (some Local Zones have none)
   * @param certificateArn ACM certificate; adds the 443 listener and makes 80 redirect to it
   * @param allowedCidrs IPv4 blocks admitted to the listener ports; empty admits nobody
   * @param volumeType EBS type of the instances' root volumes
   * @param role instance role of the launch template (SSM access, reads the secrets)
   * @param egress the private subnet's default route; packages are installed through it at boot
   */
  public record Props(IVpc vpc, ISubnet publicSubnet, ISubnet privateSubnet, InstanceType instanceType,
      AmiChoice ami, EbsDeviceVolumeType volumeType, int port, int minCapacity, int maxCapacity, int desiredCapacity,
      String healthCheckPath, boolean alb, Optional<String> certificateArn, List<String> allowedCidrs,
      SsmInstanceRole role, UserData userData, IDependable egress) {}

  public WordPressWeb(Construct scope, String id, Props props) {
    super(scope, id);
    securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(props.vpc())
        .description("WordPress web tier: the web port from the load balancer only")
        .allowAllOutbound(true)
        .build();
    var template = new HardenedLaunchTemplate(this, "LaunchTemplate",
        HardenedLaunchTemplate.Props.of(props.ami(), props.instanceType())
            .withVolumeType(props.volumeType())
            .withRole(props.role())
            .withSecurityGroup(securityGroup)
            .withUserData(props.userData()));
    group = AutoScalingGroup.Builder.create(this, "Group")
        .vpc(props.vpc())
        .vpcSubnets(SubnetSelection.builder().subnets(List.of(props.privateSubnet())).build())
        .launchTemplate(template.template())
        .minCapacity(props.minCapacity())
        .maxCapacity(props.maxCapacity())
        .desiredCapacity(props.desiredCapacity())
        // A changed launch template (new AMI, user data) replaces instances one at a time.
        .updatePolicy(software.amazon.awscdk.services.autoscaling.UpdatePolicy.rollingUpdate())
        .healthChecks(props.alb()
            ? HealthChecks.withAdditionalChecks(software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions.builder()
                .additionalTypes(List.of(AdditionalHealthCheckType.ELB))
                .gracePeriod(Duration.minutes(10))
                .build())
            : HealthChecks.ec2())
        .build();
    group.getNode().addDependency(props.egress());

    if (!props.alb()) {
      alb = null;
      siteUrl = null;
      return;
    }
    // The description holds for both listener sets; a changed description would replace the group.
    var albSg = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
        .vpc(props.vpc())
        .description("WordPress load balancer: its listener ports from local_zone.web.allowed_cidrs only")
        .allowAllOutbound(false)
        .build();
    for (String cidr : props.allowedCidrs()) albSg.addIngressRule(Peer.ipv4(cidr), Port.tcp(80), "HTTP from " + cidr);
    // ALB access logs take SSE-S3 only ("Enable access logs for your Application Load Balancer"). Versioned
    // with old versions expiring (CT.S3.PR.11, PR.3, PR.6), new log files sent to EventBridge (CT.S3.PR.4).
    var logs = accessLogs = Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .versioned(true)
        .lifecycleRules(List.of(BucketControls.expireNoncurrentVersions()))
        .build();
    BucketControls.eventsToEventBridge(logs);
    // One Local Zone subnet is enough: "[Application Load Balancers on Local Zones] You can specify
    // subnets from one or more Local Zones" (ELB API Reference, CreateLoadBalancer Subnets).
    alb = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
        .vpc(props.vpc())
        .vpcSubnets(SubnetSelection.builder().subnets(List.of(props.publicSubnet())).build())
        .internetFacing(true)
        .securityGroup(albSg)
        .dropInvalidHeaderFields(true)
        // CT.ELASTICLOADBALANCING.PR.5; deleting the stack needs it turned off first (docs/compliance.md).
        .deletionProtection(true)
        .build();
    alb.logAccessLogs(logs);

    var targets = ApplicationTargetGroup.Builder.create(this, "Targets")
        .vpc(props.vpc())
        .port(props.port())
        .protocol(ApplicationProtocol.HTTP)
        .targetType(TargetType.INSTANCE)
        .targets(List.of(group))
        .healthCheck(HealthCheck.builder()
            .path(props.healthCheckPath())
            .healthyHttpCodes(HEALTHY_CODES)
            .build())
        .build();

    if (props.certificateArn().isPresent()) {
      for (String cidr : props.allowedCidrs()) albSg.addIngressRule(Peer.ipv4(cidr), Port.tcp(443), "HTTPS from " + cidr);
      ApplicationListener https = alb.addListener("Https", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
          .port(443)
          .protocol(ApplicationProtocol.HTTPS)
          .open(false)
          .sslPolicy(SslPolicy.RECOMMENDED_TLS)
          .certificates(List.of(ListenerCertificate.fromArn(props.certificateArn().get())))
          .defaultTargetGroups(List.of(targets))
          .build());
      alb.addListener("Http", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
          .port(80)
          .protocol(ApplicationProtocol.HTTP)
          .open(false)
          .defaultAction(ListenerAction.redirect(software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions.builder()
              .protocol("HTTPS").port("443").permanent(true).build()))
          .build());
      siteUrl = "https://" + alb.getLoadBalancerDnsName();
    } else {
      alb.addListener("Http", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
          .port(80)
          .protocol(ApplicationProtocol.HTTP)
          .open(false)
          .defaultTargetGroups(List.of(targets))
          .build());
      siteUrl = "http://" + alb.getLoadBalancerDnsName();
    }
  }

  public AutoScalingGroup group() {
    return group;
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  /** Empty when the zone has no load balancer. */
  public Optional<ApplicationLoadBalancer> loadBalancer() {
    return Optional.ofNullable(alb);
  }

  /** The bucket of the load balancer's access logs, empty without a load balancer. */
  public Optional<Bucket> accessLogs() {
    return Optional.ofNullable(accessLogs);
  }

  /** http(s)://<load balancer DNS name>, empty without a load balancer. */
  public Optional<String> siteUrl() {
    return Optional.ofNullable(siteUrl);
  }
}
