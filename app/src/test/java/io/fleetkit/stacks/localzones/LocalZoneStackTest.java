package io.fleetkit.stacks.localzones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetkit.support.ApprovedTemplates;
import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** fleetkit-local-zone from src/test/resources/localzones/local-zone.yaml: NAT instance, HTTPS ALB for two blocks. */
class LocalZoneStackTest {
  static final String ZONE = "us-east-1-atl-1a";
  static Template template;
  static Map<String, Map<String, Object>> resources;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void synth() {
    template = TestApps.template(TestApps.resource("localzones/local-zone.yaml"), "fleetkit-local-zone");
    resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
  }

  static String logicalId(String type, String prefix) {
    var ids = resources.entrySet().stream()
        .filter(e -> e.getValue().get("Type").equals(type) && e.getKey().startsWith(prefix)).map(Map.Entry::getKey).toList();
    assertEquals(1, ids.size(), type + " " + prefix + ": " + ids);
    return ids.get(0);
  }

  static Map<String, Object> ref(String id) {
    return Map.of("Ref", id);
  }

  static Map<String, Object> groupId(String sgId) {
    return Map.of("Fn::GetAtt", List.of(sgId, "GroupId"));
  }

  /** The user data text with each token shown as <Ref:id> or <GetAtt:id.attr>, joined. */
  @SuppressWarnings("unchecked")
  static String userData(Object base64) {
    Object inner = ((Map<String, Object>) base64).get("Fn::Base64");
    if (inner instanceof String s) return s;
    List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) inner).get("Fn::Join")).get(1);
    StringBuilder out = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String s) out.append(s);
      else if (((Map<String, Object>) p).containsKey("Ref")) out.append("<Ref:").append(((Map<String, Object>) p).get("Ref")).append(">");
      else out.append("<GetAtt:").append(String.join(".", (List<String>) ((Map<String, Object>) p).get("Fn::GetAtt"))).append(">");
    }
    return out.toString();
  }

  @Test
  void bothSubnetsAreInTheLocalZoneWithTheirBlocks() {
    template.resourceCountIs("AWS::EC2::Subnet", 2);
    template.hasResourceProperties("AWS::EC2::Subnet", Match.objectLike(Map.of(
        "AvailabilityZone", ZONE, "CidrBlock", "172.31.100.0/26", "MapPublicIpOnLaunch", false,
        "Tags", Match.arrayWith(List.of(Map.of("Key", "Name", "Value", "public (us-east-1-atl-1a)"))))));
    template.hasResourceProperties("AWS::EC2::Subnet", Match.objectLike(Map.of(
        "AvailabilityZone", ZONE, "CidrBlock", "172.31.100.64/26", "MapPublicIpOnLaunch", false,
        "Tags", Match.arrayWith(List.of(Map.of("Key", "Name", "Value", "private (us-east-1-atl-1a)"))))));
    template.hasResourceProperties("AWS::EC2::VPC", Map.of(
        "CidrBlock", "172.31.100.0/24", "EnableDnsHostnames", true, "EnableDnsSupport", true));
    template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("ResourceType", "VPC", "TrafficType", "ALL"));
  }

  @Test
  void publicDefaultRouteGoesToTheInternetGatewayAndPrivateToTheNatInstance() {
    String igw = logicalId("AWS::EC2::InternetGateway", "Network");
    String publicRt = logicalId("AWS::EC2::RouteTable", "NetworkPublic");
    String privateRt = logicalId("AWS::EC2::RouteTable", "NetworkPrivate");
    String nat = logicalId("AWS::EC2::Instance", "NatInstance");
    template.resourceCountIs("AWS::EC2::Route", 2);
    template.hasResourceProperties("AWS::EC2::Route", Map.of(
        "RouteTableId", ref(publicRt), "DestinationCidrBlock", "0.0.0.0/0", "GatewayId", ref(igw)));
    template.hasResourceProperties("AWS::EC2::Route", Map.of(
        "RouteTableId", ref(privateRt), "DestinationCidrBlock", "0.0.0.0/0", "InstanceId", ref(nat)));
    template.resourceCountIs("AWS::EC2::NatGateway", 0);
    // The NAT instance downloads packages at boot and the ALB is internet-facing: both wait for the public route.
    String publicRoute = logicalId("AWS::EC2::Route", "NetworkPublicDefaultRoute");
    assertTrue(dependsOn(nat).contains(publicRoute), dependsOn(nat).toString());
    assertTrue(dependsOn(logicalId("AWS::ElasticLoadBalancingV2::LoadBalancer", "WebLoadBalancer")).contains(publicRoute));
  }

  @SuppressWarnings("unchecked")
  static List<String> dependsOn(String id) {
    return (List<String>) resources.get(id).getOrDefault("DependsOn", List.of());
  }

  @Test
  @SuppressWarnings("unchecked")
  void natInstanceIsTheBlogsOne() {
    String nat = logicalId("AWS::EC2::Instance", "NatInstance");
    Map<String, Object> props = (Map<String, Object>) resources.get(nat).get("Properties");
    assertEquals(false, props.get("SourceDestCheck"));
    assertEquals(ZONE, props.get("AvailabilityZone"));
    assertEquals("t3.medium", props.get("InstanceType"));
    var nic = ((List<Map<String, Object>>) props.get("NetworkInterfaces")).get(0);
    assertEquals(true, nic.get("AssociatePublicIpAddress"));
    assertEquals(ref(logicalId("AWS::EC2::Subnet", "NetworkPublic")), nic.get("SubnetId"));
    String natSg = logicalId("AWS::EC2::SecurityGroup", "NatInstance");
    assertEquals(List.of(groupId(natSg)), nic.get("GroupSet"));
    // IMDSv2 with hop limit 1 on the instance itself, and the image fixed at synth.
    assertEquals(Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1), props.get("MetadataOptions"));
    assertEquals(null, props.get("LaunchTemplate"));
    assertEquals("ami-0123456789abcdef0", props.get("ImageId"));
    assertEquals(List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of("DeleteOnTermination", true, "Encrypted", true,
        "VolumeSize", 8, "VolumeType", "gp2"))), props.get("BlockDeviceMappings"));
    assertEquals("""
        #!/bin/bash
        set -euo pipefail
        dnf install -y iptables-services
        systemctl enable --now iptables
        echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-fleetkit-nat.conf
        sysctl -p /etc/sysctl.d/90-fleetkit-nat.conf
        IFACE=$(ip -o -4 route show to default | awk '{print $5; exit}')
        iptables -t nat -A POSTROUTING -o "$IFACE" -s 172.31.100.0/24 -j MASQUERADE
        iptables -F FORWARD
        service iptables save""", userData(props.get("UserData")));
    // Only the VPC CIDR may reach it.
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "GroupDescription", "NAT instance: all traffic from the VPC CIDR only",
        "SecurityGroupIngress", List.of(Map.of("CidrIp", "172.31.100.0/24", "Description", "Traffic to NAT from the VPC",
            "IpProtocol", "-1"))));
    // SSM instead of SSH, through this instance's own profile and role.
    assertSsmOnlyRole(props, "NatInstanceInstanceProfile", "NatInstanceRole");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> launchTemplateData(String id) {
    return (Map<String, Object>) ((Map<String, Object>) resources.get(id).get("Properties")).get("LaunchTemplateData");
  }

  /** The instance's profile holds exactly its role, and the role carries AmazonSSMManagedInstanceCore only. */
  @SuppressWarnings("unchecked")
  static void assertSsmOnlyRole(Map<String, Object> instance, String profilePrefix, String rolePrefix) {
    String profile = logicalId("AWS::IAM::InstanceProfile", profilePrefix);
    String role = logicalId("AWS::IAM::Role", rolePrefix);
    assertEquals(ref(profile), instance.get("IamInstanceProfile"));
    assertEquals(List.of(ref(role)), ((Map<String, Object>) resources.get(profile).get("Properties")).get("Roles"));
    assertEquals(List.of(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
            ":iam::aws:policy/AmazonSSMManagedInstanceCore")))),
        ((Map<String, Object>) resources.get(role).get("Properties")).get("ManagedPolicyArns"));
  }

  @Test
  void internetFacingAlbInThePublicSubnetWithHttpsAndARedirect() {
    String lb = logicalId("AWS::ElasticLoadBalancingV2::LoadBalancer", "WebLoadBalancer");
    String tg = logicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargets");
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
        "Scheme", "internet-facing", "Type", "application",
        "Subnets", List.of(ref(logicalId("AWS::EC2::Subnet", "NetworkPublic"))))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
        "Port", 8080, "Protocol", "HTTP", "TargetType", "instance",
        "HealthCheckPath", "/readme.html", "Matcher", Map.of("HttpCode", "200,301"))));
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
        "LoadBalancerArn", ref(lb), "Port", 443, "Protocol", "HTTPS",
        "Certificates", List.of(Map.of("CertificateArn",
            "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666")),
        "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", ref(tg)))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
        "LoadBalancerArn", ref(lb), "Port", 80, "Protocol", "HTTP",
        "DefaultActions", List.of(Map.of("Type", "redirect",
            "RedirectConfig", Map.of("Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301")))));
    template.hasOutput("SiteUrl", Match.objectLike(Map.of("Value", Map.of("Fn::Join",
        List.of("", List.of("https://", Map.of("Fn::GetAtt", List.of(lb, "DNSName"))))))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void wordPressGroupRunsInThePrivateSubnetFromAHardenedTemplate() {
    String lt = logicalId("AWS::EC2::LaunchTemplate", "WebLaunchTemplate");
    template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.objectLike(Map.of(
        "MinSize", "2", "MaxSize", "4", "DesiredCapacity", "2", "HealthCheckType", "ELB",
        "VPCZoneIdentifier", List.of(ref(logicalId("AWS::EC2::Subnet", "NetworkPrivate"))),
        "TargetGroupARNs", List.of(ref(logicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargets"))),
        "LaunchTemplate", Map.of("LaunchTemplateId", ref(lt),
            "Version", Map.of("Fn::GetAtt", List.of(lt, "LatestVersionNumber"))))));
    // A launch template change replaces instances in rolling batches (CDK's UpdatePolicy.rollingUpdate() defaults:
    // no batch size, minimum in service, pause or signals, so CloudFormation moves on once an instance launches), and
    // a deploy keeps the sizes scheduled actions set.
    assertEquals(Map.of(
            "AutoScalingRollingUpdate", Map.of("SuspendProcesses", List.of("HealthCheck", "ReplaceUnhealthy", "AZRebalance",
                "AlarmNotification", "ScheduledActions", "InstanceRefresh")),
            "AutoScalingScheduledAction", Map.of("IgnoreUnmodifiedGroupSizeProperties", true)),
        resources.get(logicalId("AWS::AutoScaling::AutoScalingGroup", "WebGroup")).get("UpdatePolicy"));
    var data = (Map<String, Object>) ((Map<String, Object>) resources.get(lt).get("Properties")).get("LaunchTemplateData");
    assertEquals("t3.xlarge", data.get("InstanceType"));
    assertEquals(Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1), data.get("MetadataOptions"));
    assertEquals(List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of("DeleteOnTermination", true, "Encrypted", true,
        "VolumeSize", 20, "VolumeType", "gp2"))), data.get("BlockDeviceMappings"));
    assertEquals(List.of(Map.of("AssociatePublicIpAddress", false, "DeviceIndex", 0,
        "Groups", List.of(groupId(logicalId("AWS::EC2::SecurityGroup", "WebSecurityGroup"))))), data.get("NetworkInterfaces"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void wordPressUserDataReachesTheDatabaseByPrivateDnsAndReadsThePasswordAtBoot() {
    String lt = logicalId("AWS::EC2::LaunchTemplate", "WebLaunchTemplate");
    var data = (Map<String, Object>) ((Map<String, Object>) resources.get(lt).get("Properties")).get("LaunchTemplateData");
    String db = logicalId("AWS::EC2::Instance", "DatabaseInstance");
    String password = logicalId("AWS::SecretsManager::Secret", "DatabasePassword");
    String keys = logicalId("AWS::SecretsManager::Secret", "WordPressKeys");
    assertEquals("""
        #!/bin/bash
        set -euo pipefail
        for i in $(seq 1 60); do dnf -q makecache && break; echo "waiting for the package repositories ($i/60)"; sleep 10; done
        dnf install -y httpd php php-fpm php-mysqlnd php-json php-gd php-mbstring php-xml jq
        sed -i 's/^Listen 80$/Listen 8080/' /etc/httpd/conf/httpd.conf
        curl -fsSL --proto '=https' --retry 5 -o /tmp/wordpress-7.0.1.tar.gz https://wordpress.org/wordpress-7.0.1.tar.gz
        if ! echo 'dc10592da9b580c7525632850e0cced371b13081853ac29afe93b5d5bb00db98  /tmp/wordpress-7.0.1.tar.gz' | sha256sum --check --status; then
          echo "wordpress-7.0.1.tar.gz does not have the SHA-256 of local_zone.web.wordpress_sha256; not installing it" >&2
          exit 1
        fi
        tar -xzf /tmp/wordpress-7.0.1.tar.gz -C /var/www/html --strip-components=1
        rm -f /tmp/wordpress-7.0.1.tar.gz
        cd /var/www/html
        cp wp-config-sample.php wp-config.php
        DB_PASSWORD=$(aws secretsmanager get-secret-value --region us-east-1 --secret-id <Ref:%s> --query SecretString --output text | jq -r .password)
        KEY_SEED=$(aws secretsmanager get-secret-value --region us-east-1 --secret-id <Ref:%s> --query SecretString --output text | jq -r .seed)
        sed -i "s/database_name_here/wordpress/; s/username_here/wordpress/; s/password_here/${DB_PASSWORD}/; s/'localhost'/'<GetAtt:%s.PrivateDnsName>'/" wp-config.php
        for KEY in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
          VALUE=$(printf '%%s:%%s' "$KEY_SEED" "$KEY" | sha256sum | cut -c1-64)
          sed -i "s/define( '$KEY',\\s*'put your unique phrase here' );/define( '$KEY', '$VALUE' );/" wp-config.php
        done
        sed -i "/stop editing/i if (isset(\\$_SERVER['HTTP_X_FORWARDED_PROTO']) \\&\\& \\$_SERVER['HTTP_X_FORWARDED_PROTO'] === 'https') { \\$_SERVER['HTTPS'] = 'on'; }" wp-config.php
        unset DB_PASSWORD KEY_SEED
        chown -R apache:apache /var/www/html
        chmod 640 wp-config.php
        systemctl enable --now php-fpm httpd""".formatted(password, keys, db), userData(data.get("UserData")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void mysqlInstanceIsPrivateProtectedAndKeepsItsDataOnTheDataVolume() {
    String db = logicalId("AWS::EC2::Instance", "DatabaseInstance");
    Map<String, Object> props = (Map<String, Object>) resources.get(db).get("Properties");
    assertEquals("r5.2xlarge", props.get("InstanceType"));
    assertEquals(ZONE, props.get("AvailabilityZone"));
    // The NetworkInterfaces form with no public IP, as Control Tower's CT.EC2.PR.8 asks.
    var nic = ((List<Map<String, Object>>) props.get("NetworkInterfaces")).get(0);
    assertEquals(false, nic.get("AssociatePublicIpAddress"));
    assertEquals(ref(logicalId("AWS::EC2::Subnet", "NetworkPrivate")), nic.get("SubnetId"));
    assertEquals(null, props.get("SubnetId"));
    assertEquals(true, props.get("DisableApiTermination"));
    assertEquals(true, props.get("Monitoring"));
    assertEquals(Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1), props.get("MetadataOptions"));
    assertEquals(null, props.get("LaunchTemplate"));
    template.resourceCountIs("AWS::EC2::LaunchTemplate", 1);
    assertEquals("ami-0fedcba9876543210", props.get("ImageId"));
    assertSsmOnlyRole(props, "DatabaseInstanceInstanceProfile", "DatabaseRole");
    // The root volume holds only the system; it goes with the instance.
    assertEquals(List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of("DeleteOnTermination", true, "Encrypted", true,
        "VolumeSize", 8, "VolumeType", "gp2"))), props.get("BlockDeviceMappings"));
    String password = logicalId("AWS::SecretsManager::Secret", "DatabasePassword");
    String volume = logicalId("AWS::EC2::Volume", "DatabaseDataVolume");
    assertEquals("""
        #!/bin/bash
        set -euo pipefail
        for i in $(seq 1 60); do dnf -q makecache && break; echo "waiting for the package repositories ($i/60)"; sleep 10; done
        dnf install -y mariadb105-server jq
        VOLUME_ID=<Ref:%s>
        data_device() {
          for d in "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID/-/}" /dev/sdf /dev/xvdf; do
            if [ -b "$d" ]; then readlink -f "$d"; return 0; fi
          done
          return 1
        }
        TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
        INSTANCE_ID=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
        until DEVICE=$(data_device); do
          if ! OUT=$(aws ec2 attach-volume --region us-east-1 --volume-id "$VOLUME_ID" --instance-id "$INSTANCE_ID" --device /dev/sdf 2>&1); then
            echo "waiting for data volume $VOLUME_ID (a replaced database instance releases it when it terminates): $OUT"
          fi
          sleep 15
        done
        if [ -z "$(blkid -o value -s TYPE "$DEVICE" || true)" ]; then
          if [ -n "$(head -c 1048576 "$DEVICE" | tr -d '\\000')" ]; then
            echo "data volume $VOLUME_ID has no file system but holds data; not formatting it" >&2
            exit 1
          fi
          mkfs.xfs -L wordpress-data "$DEVICE"
        fi
        UUID=$(blkid -o value -s UUID "$DEVICE")
        grep -q "^UUID=$UUID " /etc/fstab || echo "UUID=$UUID /var/lib/mysql xfs defaults,nofail 0 2" >> /etc/fstab
        systemctl daemon-reload
        mountpoint -q /var/lib/mysql || mount /var/lib/mysql
        chown mysql:mysql /var/lib/mysql
        chmod 755 /var/lib/mysql
        restorecon -R /var/lib/mysql || true
        mkdir -p /etc/systemd/system/mariadb.service.d
        printf '[Unit]\\nRequiresMountsFor=/var/lib/mysql\\n' > /etc/systemd/system/mariadb.service.d/wordpress-data.conf
        systemctl daemon-reload
        systemctl enable --now mariadb
        DB_PASSWORD=$(aws secretsmanager get-secret-value --region us-east-1 --secret-id <Ref:%s> --query SecretString --output text | jq -r .password)
        mysql --user=root <<SQL
        CREATE DATABASE IF NOT EXISTS wordpress;
        CREATE USER IF NOT EXISTS 'wordpress'@'%%' IDENTIFIED BY '${DB_PASSWORD}';
        GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'%%';
        FLUSH PRIVILEGES;
        SQL
        unset DB_PASSWORD""".formatted(volume, password), userData(props.get("UserData")));
    // Packages come through the NAT instance, so the database waits for the private default route.
    assertTrue(((List<String>) resources.get(db).get("DependsOn")).contains(logicalId("AWS::EC2::Route", "NatInstancePrivateDefaultRoute")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDataVolumeIsEncryptedInTheZoneAndSnapshottedWhenReplacedOrDeleted() {
    String volume = logicalId("AWS::EC2::Volume", "DatabaseDataVolume");
    Map<String, Object> resource = resources.get(volume);
    assertEquals("Snapshot", resource.get("DeletionPolicy"));
    assertEquals("Snapshot", resource.get("UpdateReplacePolicy"));
    template.hasResourceProperties("AWS::EC2::Volume", Match.objectLike(Map.of(
        "AvailabilityZone", ZONE, "Encrypted", true, "Size", 50, "VolumeType", "gp2")));
    template.resourceCountIs("AWS::EC2::Volume", 1);
    // No AWS::EC2::VolumeAttachment: CloudFormation would create the new one before the replaced instance lets go.
    template.resourceCountIs("AWS::EC2::VolumeAttachment", 0);
    // The database role may attach this volume only, and only to instances with the grant's tag (the database).
    String role = logicalId("AWS::IAM::Role", "DatabaseRole");
    Capture statements = new Capture();
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(ref(role)),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", statements)));
    var attach = statements.asArray().stream().map(o -> (Map<String, Object>) o)
        .filter(st -> "ec2:AttachVolume".equals(st.get("Action"))).toList();
    assertEquals(1, attach.size(), statements.asArray().toString());
    var condition = (Map<String, Map<String, String>>) attach.get(0).get("Condition");
    var tag = condition.get("ForAnyValue:StringEquals").entrySet().iterator().next();
    assertTrue(tag.getKey().startsWith("ec2:ResourceTag/VolumeGrantAttach-"), tag.getKey());
    String tagKey = tag.getKey().substring("ec2:ResourceTag/".length());
    assertEquals(List.of(
        Map.of("Fn::Join", List.of("", List.of("arn:aws:ec2:us-east-1:", ref("AWS::AccountId"), ":instance/*"))),
        Map.of("Fn::Join", List.of("", List.of("arn:aws:ec2:us-east-1:", ref("AWS::AccountId"), ":volume/", ref(volume))))),
        attach.get(0).get("Resource"));
    for (String tagged : List.of(volume, logicalId("AWS::EC2::Instance", "DatabaseInstance"))) {
      var tags = (List<Map<String, Object>>) ((Map<String, Object>) resources.get(tagged).get("Properties")).get("Tags");
      assertTrue(tags.contains(Map.of("Key", tagKey, "Value", tag.getValue())), tagged + ": " + tags);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDatabaseAndNatImagesAreFixedInTheTemplate() {
    for (String prefix : List.of("DatabaseInstance", "NatInstance")) {
      Object image = ((Map<String, Object>) resources.get(logicalId("AWS::EC2::Instance", prefix)).get("Properties")).get("ImageId");
      assertTrue(image instanceof String s && s.matches("ami-[0-9a-f]{17}"), prefix + ": " + image);
    }
    // The only image parameter left is the web tier's: its group replaces instances one at a time.
    var parameters = (Map<String, Map<String, Object>>) template.toJSON().get("Parameters");
    var images = parameters.entrySet().stream()
        .filter(e -> "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>".equals(e.getValue().get("Type"))).toList();
    assertEquals(1, images.size(), images.toString());
    var web = launchTemplateData(logicalId("AWS::EC2::LaunchTemplate", "WebLaunchTemplate"));
    assertEquals(ref(images.get(0).getKey()), web.get("ImageId"));
  }

  @Test
  void securityGroupsAdmitOnlyAlbToWebAndWebToMysql() {
    String alb = logicalId("AWS::EC2::SecurityGroup", "WebLoadBalancerSecurityGroup");
    String web = logicalId("AWS::EC2::SecurityGroup", "WebSecurityGroup");
    String db = logicalId("AWS::EC2::SecurityGroup", "DatabaseSecurityGroup");
    template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 2);
    template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
        "GroupId", groupId(web), "SourceSecurityGroupId", groupId(alb), "IpProtocol", "tcp", "FromPort", 8080, "ToPort", 8080,
        "Description", "Load balancer to target"));
    template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
        "GroupId", groupId(db), "SourceSecurityGroupId", groupId(web), "IpProtocol", "tcp", "FromPort", 3306, "ToPort", 3306,
        "Description", "MySQL from the WordPress web tier"));
    // The web and database groups have no inline ingress; the ALB's admits 80 and 443 only.
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "GroupDescription", "WordPress web tier: the web port from the load balancer only", "SecurityGroupIngress", Match.absent()));
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "GroupDescription", "WordPress database: MySQL from the web tier only", "SecurityGroupIngress", Match.absent()));
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
        "GroupDescription", "WordPress load balancer: its listener ports from local_zone.web.allowed_cidrs only",
        "SecurityGroupIngress", List.of(
            Map.of("CidrIp", "203.0.113.0/24", "Description", "HTTP from 203.0.113.0/24", "FromPort", 80, "IpProtocol", "tcp", "ToPort", 80),
            Map.of("CidrIp", "198.51.100.0/24", "Description", "HTTP from 198.51.100.0/24", "FromPort", 80, "IpProtocol", "tcp", "ToPort", 80),
            Map.of("CidrIp", "203.0.113.0/24", "Description", "HTTPS from 203.0.113.0/24", "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443),
            Map.of("CidrIp", "198.51.100.0/24", "Description", "HTTPS from 198.51.100.0/24", "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)),
        "SecurityGroupEgress", Match.absent()));
    template.resourceCountIs("AWS::EC2::SecurityGroupEgress", 1);
    template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
        "GroupId", groupId(alb), "DestinationSecurityGroupId", groupId(web), "IpProtocol", "tcp", "FromPort", 8080,
        "ToPort", 8080, "Description", "Load balancer to target"));
  }

  @Test
  void nothingIsOpenToTheWholeInternetAndNoLatestTarball() throws Exception {
    String json = new ObjectMapper().writeValueAsString(template.toJSON());
    template.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress", Map.of("CidrIp", "0.0.0.0/0"), 0);
    template.resourcePropertiesCountIs("AWS::EC2::SecurityGroup", Map.of(
        "SecurityGroupIngress", Match.arrayWith(List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0"))))), 0);
    assertFalse(json.contains("latest.tar.gz"), "WordPress is pinned");
  }

  @Test
  void noSshAnywhere() throws Exception {
    String json = new ObjectMapper().writeValueAsString(template.toJSON());
    assertFalse(json.contains("\"FromPort\":22,"), "no rule opens port 22");
    template.resourcePropertiesCountIs("AWS::EC2::Instance", Map.of("KeyName", Match.anyValue()), 0);
  }

  @Test
  void thePasswordIsGeneratedAndOnlyItsArnIsInTheTemplate() throws Exception {
    template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("GenerateSecretString", Map.of(
        "SecretStringTemplate", "{\"username\":\"wordpress\"}", "GenerateStringKey", "password",
        "ExcludePunctuation", true, "PasswordLength", 32))));
    String json = new ObjectMapper().writeValueAsString(template.toJSON());
    // A dynamic reference would resolve the password into the template at deploy time.
    assertFalse(json.contains("resolve:secretsmanager"), "no {{resolve:secretsmanager}} reference");
    assertFalse(json.contains("\"SecretString\":"), "no literal SecretString property");
    // The instance roles read exactly the two secrets.
    String password = logicalId("AWS::SecretsManager::Secret", "DatabasePassword");
    String keys = logicalId("AWS::SecretsManager::Secret", "WordPressKeys");
    Capture webStatements = new Capture();
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(ref(logicalId("AWS::IAM::Role", "WebRole"))),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", webStatements)));
    // One statement: cdk.json's @aws-cdk/aws-iam:minimizePolicies merges and sorts them.
    var read = List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue");
    assertEquals(List.of(Map.of("Action", read, "Effect", "Allow", "Resource", List.of(ref(password), ref(keys)))),
        webStatements.asArray());
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(ref(logicalId("AWS::IAM::Role", "DatabaseRole"))),
        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", Match.arrayWith(List.of(Map.of(
            "Action", read, "Effect", "Allow", "Resource", ref(password)))))));
  }

  @Test
  void controlTowerSettingsOfLogsAndTheLoadBalancer() {
    // CT.CLOUDWATCH.PR.2 and PR.3: flow logs kept a year, encrypted with the stack's logs key.
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365,
        "KmsKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("NetworkFlowLogsKey.*"), "Arn"))));
    // CT.ELASTICLOADBALANCING.PR.5, and the access log bucket versioned with expiring old versions.
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
        "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "true"))))));
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of("EventBridgeEnabled", true)),
        "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of("NoncurrentVersionExpiration",
            Map.of("NoncurrentDays", 30))))))));
  }

  @Test
  void snapshot() throws Exception {
    ApprovedTemplates.assertMatches("fleetkit-local-zone", template.toJSON());
  }
}
