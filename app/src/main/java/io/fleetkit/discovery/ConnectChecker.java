package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS reads of {@code connect-check}: the instance (EC2 DescribeInstances), the EC2 Instance Connect Endpoints of its
 * VPC (DescribeInstanceConnectEndpoints), the security groups of both (DescribeSecurityGroups), the principal
 * (STS GetCallerIdentity, IAM GetRole) and an IAM policy simulation of {@code ec2-instance-connect:OpenTunnel} with the
 * context keys the endpoint sends (IAM SimulatePrincipalPolicy), and the rule logic that compares the groups.
 */
public final class ConnectChecker {
  public static final String CREATE_COMPLETE = "create-complete";
  /**
   * Pages of DescribeInstanceConnectEndpoints for one VPC: a VPC holds one endpoint (EC2 Instance Connect Endpoint
   * quotas), but the filter applies after paging, so pages may come empty; bounded like a listing ({@link Pages}).
   */
  static final int ENDPOINT_PAGES = Pages.LISTING;

  private final Ec2Client ec2;
  private final IamClient iam;
  private final StsClient sts;
  private final ApiCalls calls;

  public ConnectChecker(Ec2Client ec2, IamClient iam, StsClient sts, ApiCalls calls) {
    this.ec2 = ec2;
    this.iam = iam;
    this.sts = sts;
    this.calls = calls;
  }

  public record Target(String id, String state, String vpcId, String privateIp, List<String> groups) {}

  public record Endpoint(String id, String arn, String state, boolean preserveClientIp, List<String> groups) {}

  public Target instance(String id) {
    List<Instance> found = calls.call("ec2", "DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(id)))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    if (found.isEmpty()) throw new DiscoveryException(id + " is not an instance of this account and Region", null);
    Instance i = found.get(0);
    if (i.vpcId() == null || i.privateIpAddress() == null) {
      throw new MalformedResponseException("ec2:DescribeInstances returned " + id + " without a VPC or private address", null);
    }
    return new Target(id, i.state() == null ? "unknown" : i.state().nameAsString(), i.vpcId(), i.privateIpAddress(),
        i.securityGroups().stream().map(g -> g.groupId()).toList());
  }

  /** The endpoints of the VPC, in the order EC2 lists them. */
  public List<Endpoint> endpoints(String vpcId) {
    List<Endpoint> out = new ArrayList<>();
    each("DescribeInstanceConnectEndpoints", ENDPOINT_PAGES, t -> ec2.describeInstanceConnectEndpoints(r -> r
            .filters(Filter.builder().name("vpc-id").values(vpcId).build()).nextToken(t)),
        r -> r.nextToken(), r -> r.instanceConnectEndpoints().forEach(e -> out.add(new Endpoint(e.instanceConnectEndpointId(),
            e.instanceConnectEndpointArn(), e.stateAsString(), Boolean.TRUE.equals(e.preserveClientIp()),
            e.securityGroupIds()))));
    return out;
  }

  public Map<String, SecurityGroup> groups(Collection<String> ids) {
    Map<String, SecurityGroup> out = new LinkedHashMap<>();
    each("DescribeSecurityGroups", ids.size() + 1, t -> ec2.describeSecurityGroups(r -> r.groupIds(ids).nextToken(t)),
        r -> r.nextToken(), r -> r.securityGroups().forEach(g -> out.put(g.groupId(), g)));
    return out;
  }

  /**
   * The IAM ARN to simulate: the role named by {@code role}, else the caller's (an assumed role's ARN from STS names the
   * role but not its path, so GetRole gives the ARN IAM knows).
   */
  public String principal(Optional<String> role) {
    String name = role.orElse(null);
    if (name == null) {
      String caller = calls.call("sts", "GetCallerIdentity", () -> sts.getCallerIdentity()).arn();
      if (caller == null) throw new MalformedResponseException("sts:GetCallerIdentity returned no Arn", null);
      if (!caller.contains(":assumed-role/")) return caller;
      name = caller.substring(caller.indexOf(":assumed-role/") + ":assumed-role/".length()).split("/")[0];
    }
    String roleName = name;
    return calls.call("iam", "GetRole", () -> iam.getRole(r -> r.roleName(roleName))).role().arn();
  }

  /** SimulatePrincipalPolicy of OpenTunnel through the endpoint with the three context keys the endpoint sends. */
  public EvaluationResult simulate(String principal, String endpointArn, int port, String privateIp, int seconds) {
    List<EvaluationResult> results = calls.call("iam", "SimulatePrincipalPolicy", () -> iam.simulatePrincipalPolicy(r -> r
        .policySourceArn(principal)
        .actionNames("ec2-instance-connect:OpenTunnel")
        .resourceArns(endpointArn)
        .contextEntries(
            entry("ec2-instance-connect:remotePort", ContextKeyTypeEnum.NUMERIC, String.valueOf(port)),
            entry("ec2-instance-connect:privateIpAddress", ContextKeyTypeEnum.IP, privateIp),
            entry("ec2-instance-connect:maxTunnelDuration", ContextKeyTypeEnum.NUMERIC, String.valueOf(seconds)))))
        .evaluationResults();
    if (results.isEmpty()) throw new MalformedResponseException("iam:SimulatePrincipalPolicy returned no result", null);
    return results.get(0);
  }

  /** One EC2 call paged through {@link Pages}, each page classified by {@link ApiCalls}. */
  private <R> void each(String operation, int maxPages, Function<String, R> fetch, Function<R, String> next,
      Consumer<R> consume) {
    Pages.each("ec2:" + operation, maxPages, t -> calls.call("ec2", operation, () -> fetch.apply(t)), next, consume);
  }

  private static ContextEntry entry(String key, ContextKeyTypeEnum type, String value) {
    return ContextEntry.builder().contextKeyName(key).contextKeyType(type).contextKeyValues(value).build();
  }

  /** The rules of {@code groups} that let TCP {@code port} through: all traffic, TCP, or a port range holding it. */
  public static List<IpPermission> onPort(Collection<SecurityGroup> groups, boolean egress, int port) {
    List<IpPermission> out = new ArrayList<>();
    for (SecurityGroup g : groups) {
      for (IpPermission p : egress ? g.ipPermissionsEgress() : g.ipPermissions()) {
        boolean all = "-1".equals(p.ipProtocol());
        boolean tcp = "tcp".equals(p.ipProtocol()) || "6".equals(p.ipProtocol());
        if (all || tcp && p.fromPort() != null && p.toPort() != null && p.fromPort() <= port && port <= p.toPort()) out.add(p);
      }
    }
    return out;
  }

  /** Whether a rule names one of {@code groups} as its peer. */
  public static boolean references(IpPermission p, Collection<String> groups) {
    return p.userIdGroupPairs().stream().anyMatch(pair -> groups.contains(pair.groupId()));
  }

  /** The IPv4 blocks a rule names. */
  public static List<String> blocks(IpPermission p) {
    return p.ipRanges().stream().map(r -> r.cidrIp()).toList();
  }
}
