package io.fleetkit.discovery.preflight;

import io.fleetkit.discovery.Pages;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.stacks.credentialguard.CredentialGuardPlan;
import io.fleetkit.stacks.dashboard.DashboardPlan;
import io.fleetkit.stacks.gpu.GpuMonitoringPlan;
import io.fleetkit.stacks.images.ImagePipelinesPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.outposts.OutpostsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/**
 * Prerequisites outside the stacks: a default VPC for Image Builder when no build subnet is configured
 * (ec2:DescribeVpcs), the SSM agent and an instance profile on the running instances tagged for GPU monitoring or
 * Credential Guard (ec2:DescribeInstances, ssm:DescribeInstanceInformation), and the dashboard snapshot recorded for this account and
 * Region with its Outposts still ACTIVE (outposts:GetOutpost).
 */
public final class PrerequisiteChecks {
  /** DescribeInstanceInformation takes at most 50 instance IDs in one InstanceIds filter (SSM API Reference). */
  static final int SSM_IDS = 50;

  private PrerequisiteChecks() {}

  public static void check(Probe p, Deployment d, Deployment.Stack s, Optional<String> account) {
    switch (s.area()) {
      case "image-pipelines" -> d.plan(s.area(), ImagePipelinesPlan.class)
          .filter(plan -> plan.config().subnetId().isEmpty()).ifPresent(plan -> defaultVpc(p, s));
      case "gpu-monitoring" -> d.plan(s.area(), GpuMonitoringPlan.class).ifPresent(plan ->
          agents(p, s, plan.config().tagKey(), plan.config().tagValue(), "gpu_monitoring.tag_key/tag_value"));
      // The Command document runs through State Manager: a tagged instance without agent or profile is skipped.
      case "credential-guard" -> d.plan(s.area(), CredentialGuardPlan.class).ifPresent(plan ->
          agents(p, s, plan.config().tagKey(), plan.config().tagValue(), "credential_guard.target_tag"));
      case "dashboard" -> d.plan(s.area(), DashboardPlan.class).ifPresent(plan -> snapshot(p, d, s, plan, account));
      default -> { }
    }
  }

  private static void defaultVpc(Probe p, Deployment.Stack s) {
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    String name = "default vpc";
    p.call(s.name(), name, "ec2", "DescribeVpcs", () -> ec2.describeVpcs(r -> r.filters(
        Filter.builder().name("is-default").values("true").build())).vpcs()).ifPresent(vpcs -> p.add(vpcs.isEmpty()
        ? Check.fail(s.name(), name, "no default VPC in " + s.region() + ": Image Builder launches its build instances"
            + " there when no subnet is given", "image_pipelines.subnet_id with security_group_ids, or aws ec2"
            + " create-default-vpc --region " + s.region())
        : Check.pass(s.name(), name, "default VPC " + vpcs.get(0).vpcId() + " for the Image Builder build instances")));
  }

  /** The running instances with the tag: each needs an instance profile and a registered SSM agent. */
  static void agents(Probe p, Deployment.Stack s, String key, String value, String configKey) {
    Ec2Client ec2 = p.client(Ec2Client::builder, s.region());
    String name = "ssm agents";
    TreeMap<String, Boolean> profiles = new TreeMap<>();
    Optional<Integer> pages = p.call(s.name(), name, "ec2", "DescribeInstances", () -> Pages.each("ec2:DescribeInstances",
        Pages.LISTING, token -> ec2.describeInstances(r -> r.nextToken(token).filters(
            Filter.builder().name("tag:" + key).values(value).build(),
            Filter.builder().name("instance-state-name").values("running").build())),
        DescribeInstancesResponse::nextToken, page -> page.reservations().forEach(res -> res.instances().forEach(i ->
            profiles.put(i.instanceId(), i.iamInstanceProfile() != null)))));
    if (pages.isEmpty()) return;
    String tag = key + "=" + value;
    if (profiles.isEmpty()) {
      p.add(Check.warn(s.name(), name, "no running instance is tagged " + tag + ": the associations target nothing yet",
          "tag the instances " + tag + " after the deploy (" + configKey + ")"));
      return;
    }
    SsmClient ssm = p.client(SsmClient::builder, s.region());
    TreeSet<String> online = new TreeSet<>();
    List<String> ids = new ArrayList<>(profiles.keySet());
    for (int i = 0; i < ids.size(); i += SSM_IDS) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + SSM_IDS));
      Optional<Integer> read = p.call(s.name(), name, "ssm", "DescribeInstanceInformation", () -> Pages.each(
          "ssm:DescribeInstanceInformation", 100, token -> ssm.describeInstanceInformation(r -> r.nextToken(token)
              .filters(InstanceInformationStringFilter.builder().key("InstanceIds").values(batch).build())),
          r -> r.nextToken(), r -> r.instanceInformationList().forEach(x -> {
            if ("Online".equals(x.pingStatusAsString())) online.add(x.instanceId());
          })));
      if (read.isEmpty()) return;
    }
    List<String> noProfile = ids.stream().filter(id -> !profiles.get(id)).toList();
    List<String> noAgent = ids.stream().filter(id -> !online.contains(id)).toList();
    if (noProfile.isEmpty() && noAgent.isEmpty()) {
      p.add(Check.pass(s.name(), name, ids.size() + " running instance(s) tagged " + tag + ": each has an instance"
          + " profile and an SSM agent online"));
      return;
    }
    List<String> parts = new ArrayList<>();
    if (!noProfile.isEmpty()) parts.add("no instance profile: " + String.join(", ", noProfile));
    if (!noAgent.isEmpty()) parts.add("no SSM agent online: " + String.join(", ", noAgent));
    p.add(Check.warn(s.name(), name, "of " + ids.size() + " instance(s) tagged " + tag + ", " + String.join("; ", parts)
        + " (State Manager skips them)", "attach an instance profile with AmazonSSMManagedInstanceCore and start the"
        + " SSM agent (aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=PROFILE)"));
  }

  private static void snapshot(Probe p, Deployment d, Deployment.Stack s, DashboardPlan plan, Optional<String> account) {
    Inventory inv = plan.inventory();
    String name = "dashboard snapshot";
    String file = plan.snapshotPath();
    List<String> wrong = new ArrayList<>();
    if (account.isPresent() && !inv.account().equals(account.get())) wrong.add("account " + inv.account() + " (target "
        + account.get() + ")");
    if (!inv.region().equals(s.region())) wrong.add("Region " + inv.region() + " (target " + s.region() + ")");
    if (!wrong.isEmpty()) {
      p.add(Check.fail(s.name(), name, file + " was discovered in " + String.join(" and ", wrong), "bin/fleetkit discover"
          + " --region " + s.region() + " with credentials of the target account, then point dashboard.snapshot at it"));
      return;
    }
    p.add(Check.pass(s.name(), name, file + " was discovered in account " + inv.account() + ", " + inv.region()));
    OutpostsClient outposts = p.client(OutpostsClient::builder, s.region());
    for (Inventory.Outpost o : inv.outposts()) {
      String check = "outpost " + o.id();
      p.call(s.name(), check, "outposts", "GetOutpost", () -> outposts.getOutpost(r -> r.outpostId(o.id())).outpost()
          .lifeCycleStatus(), e -> e.startsWith("NotFoundException") ? Optional.of("gone") : Optional.empty())
          .ifPresent(status -> p.add(status.equals("ACTIVE") ? Check.pass(s.name(), check, o.id() + " is ACTIVE")
              : Check.fail(s.name(), check, o.id() + " in " + file + " is " + status, "bin/fleetkit discover again, so"
                  + " that the dashboards and alarms leave out Outposts that are no longer ACTIVE")));
    }
  }
}
