package io.fleetkit.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.fleetkit.support.AwsMock.json11;
import static io.fleetkit.support.AwsMock.restJson;
import static io.fleetkit.support.AwsMock.xml;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fleetkit.cli.DiscoverCommand;
import io.fleetkit.discovery.Ec2Discoverer;
import io.fleetkit.discovery.LoadBalancerDiscoverer;
import io.fleetkit.discovery.TaggingDiscoverer;
import io.fleetkit.discovery.Wire;
import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.InventoryFile;
import io.fleetkit.support.AwsMock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import picocli.CommandLine;

/**
 * Discovery of N synthetic tagged resources (default 10,000) served by WireMock on 127.0.0.1 in
 * each service's wire format, from a lookup table ({@link LookupResponder}) so that the mock's
 * own matching does not dominate the measurement. Prints API calls per operation (as WireMock saw them) and the wall
 * time of the discover command; exits 1 if the Tagging call count is not ceil(N/100) per 20-value
 * chunk or the run takes more than 10 s. Run with bench/discover-10k.sh.
 */
public final class DiscoveryBenchmark {
  static final double TARGET_SECONDS = 10.0;
  static final String KEY = "Dashboard";

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    // 70% instances, 10% each ALBs, buckets and DB instances; 25 tag values = 2 chunks (20 + 5).
    int albs = total / 10, buckets = total / 10, dbs = total / 10, instances = total - albs - buckets - dbs;
    List<String> values = IntStream.range(0, 25).mapToObj(i -> String.format("site-%02d", i)).toList();
    List<List<String>> chunks = TaggingDiscoverer.chunks(values);

    List<String> instanceIds = IntStream.range(0, instances).mapToObj(i -> String.format("i-%017x", i)).toList();
    List<String> albArns = IntStream.range(0, albs).mapToObj(i -> String.format(
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/alb-%05d/%016x", i, i)).toList();
    List<String> arns = new ArrayList<>();
    instanceIds.forEach(id -> arns.add("arn:aws:ec2:us-east-1:111122223333:instance/" + id));
    arns.addAll(albArns);
    IntStream.range(0, buckets).forEach(i -> arns.add(String.format("arn:aws:s3:::bench-bucket-%05d", i)));
    IntStream.range(0, dbs).forEach(i -> arns.add(String.format("arn:aws:rds:us-east-1:111122223333:db:bench-db-%05d", i)));

    LookupResponder table = new LookupResponder();
    try (AwsMock aws = new AwsMock().extensions(table).start()) {
      aws.stub(any(anyUrl()).willReturn(aResponse().withTransformers(LookupResponder.NAME)));
      // Resources are spread 80/20 over the two chunks: the Tagging API is asked once per chunk.
      int firstChunk = arns.size() * 4 / 5;
      int expectedTagging = stubTagging(table, chunks.get(0).get(0), arns.subList(0, firstChunk))
          + stubTagging(table, chunks.get(1).get(0), arns.subList(firstChunk, arns.size()));
      stubEc2(table, instanceIds);
      stubElb(table, albArns);
      stubRest(table, values);

      Path out = Files.createTempDirectory("fleetkit-bench").resolve("inventory.json");
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      List<String> cli = new ArrayList<>(List.of("--endpoint-url", aws.endpoint().toString(), "--region", "us-east-1",
          "--config", out.resolveSibling("absent.yaml").toString(), "--tag-key", KEY, "--output", out.toString(),
          "--tag-value", String.join(",", values)));

      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long started = System.nanoTime();
      int code = new CommandLine(new DiscoverCommand(Optional.of(AwsMock.FAKE_CREDENTIALS), Clock.systemUTC(),
          new PrintStream(progress, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8)))
          .execute(cli.toArray(String[]::new));
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;

      System.out.print(progress.toString(StandardCharsets.UTF_8));
      System.err.print(errors.toString(StandardCharsets.UTF_8));
      if (code != 0) {
        System.out.println("FAILED: discover exited " + code);
        System.exit(1);
      }
      Inventory inv = InventoryFile.read(out);
      Map<String, Integer> byOperation = new TreeMap<>();
      for (LoggedRequest r : aws.requests(anyRequestedFor(anyUrl()))) byOperation.merge(operation(r), 1, Integer::sum);

      int tagged = inv.instances().size() + inv.loadBalancers().size() + inv.buckets().size() + inv.dbInstances().size();
      System.out.println();
      System.out.println("| operation | requests seen by WireMock |");
      System.out.println("| --- | ---: |");
      byOperation.forEach((op, n) -> System.out.println("| " + op + " | " + n + " |"));
      System.out.println("| total | " + byOperation.values().stream().mapToInt(Integer::intValue).sum() + " |");
      System.out.println();
      System.out.printf("tagged resources discovered: %d of %d (%d instances, %d ALBs, %d buckets, %d DB instances);"
          + " snapshot %d bytes%n", tagged, total, inv.instances().size(), inv.loadBalancers().size(),
          inv.buckets().size(), inv.dbInstances().size(), Files.size(out));
      System.out.printf("tag:GetResources calls: %d, expected ceil(N/100) per 20-value chunk = %d%n",
          byOperation.getOrDefault("tag:GetResources", 0), expectedTagging);
      System.out.printf("wall time of discover: %.2f s (target <= %.0f s)%n", seconds, TARGET_SECONDS);
      // CPU time of the whole process (discover and WireMock) while discover ran: a load-independent measure.
      System.out.printf("process CPU time during discover: %.2f s on %d cores; system load average %.1f%n", cpu,
          os.getAvailableProcessors(), os.getSystemLoadAverage());

      boolean ok = tagged == total && byOperation.getOrDefault("tag:GetResources", 0) == expectedTagging
          && seconds <= TARGET_SECONDS;
      System.out.println(ok ? "OK" : "FAILED");
      System.exit(ok ? 0 : 1);
    }
  }

  /** Pages of 100 for one chunk, keyed by its first value; returns the number of pages. */
  static int stubTagging(LookupResponder table, String firstValue, List<String> arns) {
    int pages = Math.max(1, (arns.size() + TaggingDiscoverer.RESOURCES_PER_PAGE - 1) / TaggingDiscoverer.RESOURCES_PER_PAGE);
    for (int p = 0; p < pages; p++) {
      List<String> page = arns.subList(p * 100, Math.min(arns.size(), (p + 1) * 100));
      String next = p == pages - 1 ? "" : firstValue + "-page-" + (p + 2);
      String token = p == 0 ? "" : firstValue + "-page-" + (p + 1);
      table.responses.put("tag|" + firstValue + "|" + token,
          json11(200, Wire.getResourcesPage(page, KEY, firstValue, next)).build());
    }
    return pages;
  }

  /** DescribeInstances per batch of IDs, 5 instances a reservation, a third of them on an Outpost. */
  static void stubEc2(LookupResponder table, List<String> ids) {
    String[] types = {"m5.large", "c5.xlarge", "r5.2xlarge", "t2.micro", "m4.large", "g4dn.xlarge"};
    for (int start = 0; start < ids.size(); start += Ec2Discoverer.IDS_PER_CALL) {
      List<String> batch = ids.subList(start, Math.min(ids.size(), start + Ec2Discoverer.IDS_PER_CALL));
      List<List<Wire.Instance>> reservations = new ArrayList<>();
      for (int r = 0; r < batch.size(); r += 5) {
        List<Wire.Instance> reservation = new ArrayList<>();
        for (String id : batch.subList(r, Math.min(batch.size(), r + 5))) {
          int n = Integer.parseInt(id.substring(2), 16);
          reservation.add(new Wire.Instance(id, types[n % types.length], n % 7 == 0 ? "stopped" : "running",
              n % 3 == 0 ? String.format("arn:aws:outposts:us-east-1:111122223333:outpost/op-%017x", n % 10) : null,
              List.of(String.format("vol-%017x", n))));
        }
        reservations.add(reservation);
      }
      table.responses.put("DescribeInstances|" + batch.get(0), xml(200, Wire.describeInstances(reservations, null)).build());
    }
    table.responses.put("DescribeInstanceTypes|", xml(200, Wire.describeInstanceTypes(List.of(
        new String[] {"c5.xlarge", "nitro"}, new String[] {"g4dn.xlarge", "nitro"}, new String[] {"m4.large", "xen"},
        new String[] {"m5.large", "nitro"}, new String[] {"r5.2xlarge", "nitro"}, new String[] {"t2.micro", "xen"}))).build());
  }

  /** DescribeLoadBalancers per 20 ARNs; two target groups per ALB plus 500 of other load balancers. */
  static void stubElb(LookupResponder table, List<String> albArns) {
    List<String> sorted = albArns.stream().sorted().toList();
    for (int start = 0; start < sorted.size(); start += LoadBalancerDiscoverer.ARNS_PER_CALL) {
      List<String> batch = sorted.subList(start, Math.min(sorted.size(), start + LoadBalancerDiscoverer.ARNS_PER_CALL));
      table.responses.put("DescribeLoadBalancers|" + batch.get(0), xml(200, Wire.describeLoadBalancers(batch)).build());
    }
    List<String[]> groups = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      for (String color : List.of("blue", "green")) {
        groups.add(new String[] {String.format("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-%05d-%s/%016x",
            i, color, i), sorted.get(i)});
      }
    }
    for (int i = 0; i < 500; i++) {
      groups.add(new String[] {String.format("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/other-%05d/%016x",
          i, i), String.format("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/untagged-%05d/%016x", i, i)});
    }
    int pages = (groups.size() + LoadBalancerDiscoverer.PAGE_SIZE - 1) / LoadBalancerDiscoverer.PAGE_SIZE;
    for (int p = 0; p < pages; p++) {
      var page = groups.subList(p * LoadBalancerDiscoverer.PAGE_SIZE, Math.min(groups.size(), (p + 1) * LoadBalancerDiscoverer.PAGE_SIZE));
      table.responses.put("DescribeTargetGroups|" + (p == 0 ? "" : "tg-page-" + (p + 1)),
          xml(200, Wire.describeTargetGroups(page, p == pages - 1 ? null : "tg-page-" + (p + 2))).build());
    }
  }

  /** STS, 150 Auto Scaling groups, 10 ACTIVE Outposts with their instance types and metrics. */
  static void stubRest(LookupResponder table, List<String> values) {
    table.responses.put("GetCallerIdentity|", xml(200, AwsMock.body("sts/get-caller-identity.xml")).build());
    StringBuilder asg1 = new StringBuilder(), asg2 = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      (i < 100 ? asg1 : asg2).append("<member><AutoScalingGroupName>").append(String.format("asg-%05d", i))
          .append("</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>4</MaxSize><DesiredCapacity>2</DesiredCapacity></member>");
    }
    String ns = "<DescribeAutoScalingGroupsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><DescribeAutoScalingGroupsResult><AutoScalingGroups>";
    String end = "</DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>1e0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>";
    // All groups carry values of the first chunk; the second chunk finds none.
    table.responses.put("DescribeAutoScalingGroups|" + values.get(0) + "|",
        xml(200, ns + asg1 + "</AutoScalingGroups><NextToken>asg-2</NextToken>" + end).build());
    table.responses.put("DescribeAutoScalingGroups|" + values.get(0) + "|asg-2",
        xml(200, ns + asg2 + "</AutoScalingGroups>" + end).build());
    table.responses.put("DescribeAutoScalingGroups|" + values.get(20) + "|", xml(200, ns + "</AutoScalingGroups>" + end).build());

    StringBuilder outposts = new StringBuilder("{\"Outposts\":[");
    for (int i = 0; i < 10; i++) {
      String id = String.format("op-%017x", i);
      if (i > 0) outposts.append(',');
      outposts.append("{\"OutpostId\":\"").append(id).append("\",\"OwnerId\":\"111122223333\",\"OutpostArn\":\"")
          .append("arn:aws:outposts:us-east-1:111122223333:outpost/").append(id).append("\",\"SiteId\":\"os-0a1b2c3d4e5f60001\",")
          .append("\"Name\":\"rack-").append(i).append("\",\"LifeCycleStatus\":\"ACTIVE\"}");
      table.responses.put("rest|/outposts/" + id + "/instanceTypes|", restJson(200,
          "{\"InstanceTypes\":[{\"InstanceType\":\"c5.xlarge\"},{\"InstanceType\":\"m5.large\"},{\"InstanceType\":\"r5.2xlarge\"}],"
              + "\"OutpostId\":\"" + id + "\"}").build());
    }
    table.responses.put("rest|/outposts|", restJson(200, outposts.append("]}").toString()).build());
    // Per Outpost, what ListMetrics answers for a reporting, shared Outpost: capacity per type, used by three
    // accounts, EBS, the service link; S3 on Outposts in S3Outposts (so AWS/S3Outposts is never asked).
    for (int i = 0; i < 10; i++) {
      String id = String.format("op-%017x", i);
      StringBuilder m = new StringBuilder();
      for (String type : List.of("c5.xlarge", "m5.large", "r5.2xlarge")) {
        m.append(member("AWS/Outposts", "AvailableInstanceType_Count", "InstanceType", type, "OutpostId", id));
        m.append(member("AWS/Outposts", "InstanceTypeCapacityAvailability", "InstanceType", type, "OutpostId", id));
        for (String account : List.of("111122223333", "444455556666", "555566667777")) {
          m.append(member("AWS/Outposts", "UsedInstanceType_Count", "Account", account, "InstanceType", type, "OutpostId", id));
        }
      }
      m.append(member("AWS/Outposts", "EBSVolumeTypeCapacityUtilizationGB", "OutpostId", id, "VolumeType", "gp2"));
      m.append(member("AWS/Outposts", "ConnectedStatus", "OutpostId", id));
      table.responses.put("ListMetrics|AWS/Outposts|" + id, xml(200, listMetrics(m.toString())).build());
      table.responses.put("ListMetrics|S3Outposts|" + id, xml(200, listMetrics(
          member("S3Outposts", "OutpostTotalBytes", "OutpostId", id) + member("S3Outposts", "OutpostFreeBytes", "OutpostId", id)))
          .build());
    }
  }

  static String listMetrics(String members) {
    return "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><ListMetricsResult><Metrics>"
        + members + "</Metrics></ListMetricsResult><ResponseMetadata><RequestId>3e0ded26-a2aa-11e6-8a3b-0fd9a1b2c3d4"
        + "</RequestId></ResponseMetadata></ListMetricsResponse>";
  }

  static String member(String namespace, String name, String... dims) {
    StringBuilder b = new StringBuilder("<member><Namespace>" + namespace + "</Namespace><MetricName>" + name
        + "</MetricName><Dimensions>");
    for (int i = 0; i < dims.length; i += 2) {
      b.append("<member><Name>").append(dims[i]).append("</Name><Value>").append(dims[i + 1]).append("</Value></member>");
    }
    return b.append("</Dimensions></member>").toString();
  }

  /** service:Operation of a logged request, from X-Amz-Target, Action= or the REST path. */
  static String operation(LoggedRequest r) {
    String target = r.getHeader("X-Amz-Target");
    if (target != null) return "tag:" + target.substring(target.indexOf('.') + 1);
    if (r.getUrl().startsWith("/outposts")) {
      return r.getUrl().contains("/instanceTypes") ? "outposts:GetOutpostInstanceTypes" : "outposts:ListOutposts";
    }
    String body = r.getBodyAsString();
    String action = body.substring("Action=".length(), body.indexOf('&'));
    String service = switch (action) {
      case "DescribeInstances", "DescribeInstanceTypes" -> "ec2";
      case "DescribeLoadBalancers", "DescribeTargetGroups" -> "elasticloadbalancing";
      case "DescribeAutoScalingGroups" -> "autoscaling";
      case "ListMetrics" -> "cloudwatch";
      case "GetCallerIdentity" -> "sts";
      default -> "unknown";
    };
    return service + ":" + action;
  }
}
