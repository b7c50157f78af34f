package io.fleetkit.stacks.dashboard;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.AutoScalingGroup;
import io.fleetkit.inventory.Inventory.Bucket;
import io.fleetkit.inventory.Inventory.DbInstance;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import io.fleetkit.inventory.Inventory.LoadBalancer;
import io.fleetkit.inventory.Inventory.Outpost;
import io.fleetkit.inventory.Inventory.TargetGroup;
import io.fleetkit.support.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Large, realistic inventories for limit tests: every fourth instance is not Nitro and has two volumes. */
final class SyntheticInventory {
  private SyntheticInventory() {}

  static Inventory of(int instances, int loadBalancers, int buckets, int groups, int databases) {
    String arnBase = "arn:aws:outposts:us-east-1:111122223333:outpost/";
    List<String> types = List.of("c5.xlarge", "m5.2xlarge", "m5.xlarge", "r5.xlarge");
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("m5.xlarge", List.of("111122223333", "444455556666"));
    users.put("r5.xlarge", List.of("111122223333"));
    List<Outpost> outposts = List.of(
        new Outpost("op-00000000000000001", arnBase + "op-00000000000000001", "rack-a", "os-00000000000000001",
            "111122223333", "ACTIVE", types,
            Series.outpost("op-00000000000000001", types, users, List.of("gp2", "gp3"), "S3Outposts")),
        new Outpost("op-00000000000000002", arnBase + "op-00000000000000002", "rack-b", "os-00000000000000002",
            "111122223333", "ACTIVE", List.of("m5.xlarge"),
            Series.outpost("op-00000000000000002", List.of("m5.xlarge"), Map.of(), List.of("gp2"), null)));
    List<Ec2Instance> ec2 = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      String id = String.format("i-%017x", i);
      boolean nitro = i % 4 != 0;
      List<String> vols = nitro ? List.of(String.format("vol-%017x", 2 * i))
          : List.of(String.format("vol-%017x", 2 * i), String.format("vol-%017x", 2 * i + 1));
      ec2.add(new Ec2Instance(id, nitro ? "m5.xlarge" : "m4.large", nitro, "running",
          nitro ? arnBase + "op-00000000000000001" : null, vols));
    }
    List<LoadBalancer> lbs = new ArrayList<>();
    for (int i = 0; i < loadBalancers; i++) {
      String name = String.format("lb-%04d", i);
      String lbId = String.format("%016x", i);
      List<TargetGroup> tgs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        String tg = name + "-tg" + t;
        String tgId = String.format("%016x", i * 3 + t);
        tgs.add(new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/" + tg + "/" + tgId,
            tg, "targetgroup/" + tg + "/" + tgId));
      }
      lbs.add(new LoadBalancer("arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/" + name + "/" + lbId,
          name, "app/" + name + "/" + lbId, tgs));
    }
    List<Bucket> bs = new ArrayList<>();
    for (int i = 0; i < buckets; i++) bs.add(new Bucket(String.format("bucket-%05d", i)));
    List<AutoScalingGroup> asgs = new ArrayList<>();
    for (int i = 0; i < groups; i++) asgs.add(new AutoScalingGroup(String.format("asg-%05d", i)));
    List<DbInstance> dbs = new ArrayList<>();
    for (int i = 0; i < databases; i++) dbs.add(new DbInstance(String.format("db-%05d", i)));
    return new Inventory(Inventory.SCHEMA_VERSION, Series.provenance("us-east-1", "111122223333", "Dashboard",
        List.of("edge"), "2026-11-26T04:00:00Z"), outposts, ec2, lbs, bs, asgs, dbs, List.of()).sorted();
  }
}
