package io.fleetkit.stacks.localzones;

import static io.fleetkit.constructs.NagAcks.acknowledge;
import static io.fleetkit.constructs.NagAcks.acknowledgeWarning;

import io.fleetkit.config.LocalZoneConfig;
import io.fleetkit.constructs.SsmInstanceRole;
import java.util.List;
import java.util.Locale;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * {@code <prefix>-local-zone}: a VPC of the parent Region extended into one Local Zone, egress for
 * its private subnet (NAT instance or NAT gateway), and the blog's WordPress workload: an ALB in the
 * public subnet open to the configured address blocks only, an Auto Scaling group, and a MySQL instance whose
 * data lives on its own snapshotted volume, in the private subnet. Stateful and singleton instances boot images
 * fixed at synth.
 */
public class LocalZoneStack extends Stack {
  /** At least a year: AWS Control Tower's CT.CLOUDWATCH.PR.2 asks log groups for 365 days or more. */
  static final RetentionDays FLOW_LOG_RETENTION = RetentionDays.ONE_YEAR;

  private final String zone;

  public LocalZoneStack(Construct scope, String id, StackProps props, LocalZonePlan plan) {
    super(scope, id, props);
    LocalZoneConfig c = plan.zone();
    this.zone = c.zone();

    var network = new LocalZoneNetwork(this, "Network", new LocalZoneNetwork.Props(c.zone(), c.vpcCidr(),
        c.publicSubnet().toString(), c.privateSubnet().toString(), FLOW_LOG_RETENTION));

    IDependable egress;
    if (c.egress().equals(LocalZoneConfig.NAT_GATEWAY)) {
      // A NAT gateway's Elastic IP must be in the network border group of its zone, here the Local Zone
      // group (EC2 API Reference, AssociateNatGatewayAddress); EIPs need the gateway attachment first.
      var eip = CfnEIP.Builder.create(this, "NatGatewayIp").domain("vpc").networkBorderGroup(c.group()).build();
      eip.getNode().addDependency(network.internetRoute());
      var nat = CfnNatGateway.Builder.create(this, "NatGateway")
          .subnetId(network.publicSubnet().getSubnetId())
          .allocationId(eip.getAttrAllocationId())
          .build();
      egress = CfnRoute.Builder.create(this, "PrivateDefaultRoute")
          .routeTableId(network.privateRouteTableId())
          .destinationCidrBlock("0.0.0.0/0")
          .natGatewayId(nat.getRef())
          .build();
    } else {
      var nat = new NatInstance(this, "NatInstance", new NatInstance.Props(network.vpc(), network.publicSubnet(),
          c.vpcCidr(), network.privateRouteTableId(), new InstanceType(c.natInstanceType()), plan.natAmi(),
          volumeType(c.natVolumeType()), ssmRole("NatInstanceRole", "NAT instance"), network.internetRoute()));
      egress = nat.route();
      acknowledge(nat.instance(), "AwsSolutions-EC29",
          "The NAT instance holds no state and is replaced by redeploying; termination protection would block stack updates that replace it");
    }

    var dbRole = ssmRole("DatabaseRole", "WordPress database");
    var db = new WordPressDatabase(this, "Database", new WordPressDatabase.Props(network.vpc(),
        network.privateSubnet(), c.zone(), new InstanceType(c.database().instanceType()), plan.databaseAmi(),
        c.database().volumeGiB(), volumeType(c.database().volumeType()), c.database().terminationProtection(), dbRole,
        egress));
    if (!c.database().terminationProtection()) {
      acknowledge(db.instance(), "AwsSolutions-EC29",
          "local_zone.database.termination_protection is false in config.yaml: the owner chose to allow terminating the database instance");
    }

    // Seed for WordPress's keys and salts, shared by every web instance so logins survive scaling.
    var keys = Secret.Builder.create(this, "WordPressKeys")
        .description("fleetkit: seed of the WordPress authentication keys and salts")
        .generateSecretString(SecretStringGenerator.builder()
            .secretStringTemplate("{}").generateStringKey("seed").excludePunctuation(true).passwordLength(64).build())
        .build();
    var webRole = ssmRole("WebRole", "WordPress web tier");
    db.password().grantRead(webRole);
    keys.grantRead(webRole);
    for (IConstruct secret : List.<IConstruct>of(db.password(), keys)) {
      acknowledge(secret, "AwsSolutions-SMG4",
          "Rotation would need a Lambda function with network access to the MariaDB instance; the web tier reads the value only at boot");
    }

    var web = new WordPressWeb(this, "Web", new WordPressWeb.Props(network.vpc(), network.publicSubnet(),
        network.privateSubnet(), new InstanceType(c.web().instanceType()), plan.webAmi(), volumeType(c.web().volumeType()),
        c.web().port(), c.web().minCapacity(), c.web().maxCapacity(), c.web().desiredCapacity(), c.web().healthCheckPath(),
        c.alb().enabled(), c.alb().certificateArn(), c.web().allowedCidrs(), webRole,
        WordPressUserData.web(getRegion(), c.web().port(), db.password().getSecretArn(), keys.getSecretArn(),
            db.instance().getInstancePrivateDnsName(), c.web().wordpressVersion(), c.web().wordpressSha256()),
        egress));
    acknowledgeWarning(web.group(), "@aws-cdk/aws-autoscaling:desiredCapacitySet",
        "local_zone.web.desired_capacity is set in config.yaml on purpose: each deploy restores the size the owner configured");
    acknowledge(web.group(), "AwsSolutions-AS3",
        "Scaling events stay in the group's activity history and CloudTrail; this workload has no notification subscriber to send them to");
    web.loadBalancer().ifPresent(lb -> {
      // An internet-facing load balancer needs the gateway attached and routed first.
      lb.getNode().addDependency(network.internetRoute());
      if (c.web().allowedCidrs().contains("0.0.0.0/0")) {
        acknowledge(lb.getConnections().getSecurityGroups().get(0), "AwsSolutions-EC23",
            "local_zone.web.allow_world is true in config.yaml: the owner opened the website to every IPv4 address");
      }
      acknowledge(web.accessLogs().orElseThrow(), "AwsSolutions-S1",
          "This bucket receives the load balancer's access logs; logging access to it would need another bucket with the same finding");
    });
    db.securityGroup().addIngressRule(web.securityGroup(), Port.tcp(WordPressDatabase.MYSQL_PORT),
        "MySQL from the WordPress web tier");

    web.siteUrl().ifPresent(url -> CfnOutput.Builder.create(this, "SiteUrl")
        .description("The WordPress site behind the load balancer in " + c.zone())
        .value(url)
        .build());
    CfnOutput.Builder.create(this, "VpcId").value(network.vpc().getVpcId()).build();
  }

  /** gp2 or gp3, as config names them. */
  private static EbsDeviceVolumeType volumeType(String name) {
    return EbsDeviceVolumeType.valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** An instance role with Session Manager access (no SSH anywhere in this stack). */
  private SsmInstanceRole ssmRole(String id, String what) {
    return new SsmInstanceRole(this, id, SsmInstanceRole.Props.of("fleetkit " + what + ": SSM Session Manager, no SSH"));
  }

  /** Only the Local Zone: nothing in this stack may land in the Region's Availability Zones. */
  @Override
  public List<String> getAvailabilityZones() {
    return List.of(zone);
  }
}
