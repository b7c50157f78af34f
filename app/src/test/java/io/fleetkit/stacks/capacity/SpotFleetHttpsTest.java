package io.fleetkit.stacks.capacity;

import io.fleetkit.support.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * With spot_fleet.load_balancer.certificate_arn, the load balancer serves HTTPS on 443 and port 80 only redirects
 * to it (AWS Control Tower CT.ELASTICLOADBALANCING.PR.1), for the allowed ranges on both ports.
 */
class SpotFleetHttpsTest {
  static final String CERTIFICATE = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666";
  static Template template;

  @BeforeAll
  static void build() {
    template = TestApps.template("""
        project:
          prefix: fk
          region: us-east-1
        spot_fleet:
          enabled: true
          availability_zones: [us-east-1a, us-east-1b]
          instance_types: [{type: m6i.large}, {type: m7i.large}]
          load_balancer:
            enabled: true
            allowed_cidrs: [203.0.113.0/24]
            certificate_arn: %s
        """.formatted(CERTIFICATE), "fk-spot-fleet");
  }

  @Test
  void httpsServesTheGroupAndHttpRedirects() {
    template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
        "Port", 443, "Protocol", "HTTPS",
        "Certificates", List.of(Map.of("CertificateArn", CERTIFICATE)),
        "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward"))))));
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
        "Port", 80, "Protocol", "HTTP",
        "DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig",
            Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301"))))));
    template.hasOutput("LoadBalancerUrl", Match.objectLike(Map.of("Value", Map.of("Fn::Join", List.of("",
        List.of("https://", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancer.*"), "DNSName")), "/"))))));
  }

  @Test
  void theAllowedRangesReachBothPorts() {
    template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
        "GroupDescription", "fleetkit spot fleet load balancer: HTTP and HTTPS from the allowed ranges",
        "SecurityGroupIngress", Match.exact(List.of(
            Map.of("CidrIp", "203.0.113.0/24", "Description", "HTTP to the demo page", "FromPort", 80, "IpProtocol", "tcp", "ToPort", 80),
            Map.of("CidrIp", "203.0.113.0/24", "Description", "HTTPS to the demo page", "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443))))));
  }
}
