#!/usr/bin/env python3
"""Writes a synthetic, sorted discovery snapshot with N tagged resources (schema version 1).

Mix per N: 2 ACTIVE Outposts, 70% EC2 instances (every fourth not Nitro, with two volumes),
2% Application Load Balancers with 3 target groups each, 10% S3 buckets, 8% Auto Scaling groups,
the rest RDS instances. Usage: gen-inventory.py N OUT.json
"""
import json
import sys

n = int(sys.argv[1])
out = sys.argv[2]
arn = "arn:aws:outposts:us-east-1:111122223333:outpost/"
outposts = [
    {"arn": arn + "op-00000000000000001", "ebsVolumeTypes": ["gp2", "gp3"], "id": "op-00000000000000001",
     "instanceTypes": ["c5.xlarge", "m5.2xlarge", "m5.xlarge", "r5.xlarge"], "lifeCycleStatus": "ACTIVE",
     "name": "rack-a", "ownerAccount": "111122223333", "s3OnOutposts": True, "siteId": "os-00000000000000001"},
    {"arn": arn + "op-00000000000000002", "ebsVolumeTypes": ["gp2"], "id": "op-00000000000000002",
     "instanceTypes": ["m5.xlarge"], "lifeCycleStatus": "ACTIVE", "name": "rack-b", "ownerAccount": "111122223333",
     "s3OnOutposts": False, "siteId": "os-00000000000000002"},
]
rest = n - len(outposts)
n_lb = max(1, rest * 2 // 100)
n_b = max(1, rest * 10 // 100)
n_asg = max(1, rest * 8 // 100)
n_ec2 = max(1, rest * 70 // 100)
n_db = max(1, rest - n_lb - n_b - n_asg - n_ec2)

instances = []
for i in range(n_ec2):
    nitro = i % 4 != 0
    vols = ["vol-%017x" % (2 * i)] + ([] if nitro else ["vol-%017x" % (2 * i + 1)])
    instances.append({"id": "i-%017x" % i, "instanceType": "m5.xlarge" if nitro else "m4.large", "nitro": nitro,
                      "outpostArn": arn + "op-00000000000000001" if nitro else None, "state": "running",
                      "volumeIds": vols})
lbs = []
elb = "arn:aws:elasticloadbalancing:us-east-1:111122223333:"
for i in range(n_lb):
    name, lid = "lb-%05d" % i, "%016x" % i
    tgs = []
    for t in range(3):
        tg, tid = "%s-tg%d" % (name, t), "%016x" % (i * 3 + t)
        tgs.append({"arn": elb + "targetgroup/%s/%s" % (tg, tid), "dimension": "targetgroup/%s/%s" % (tg, tid), "name": tg})
    tgs.sort(key=lambda x: x["arn"])
    lbs.append({"arn": elb + "loadbalancer/app/%s/%s" % (name, lid), "dimension": "app/%s/%s" % (name, lid),
                "name": name, "targetGroups": tgs})
doc = {
    "account": "111122223333",
    "autoScalingGroups": [{"name": "asg-%05d" % i} for i in range(n_asg)],
    "buckets": [{"name": "bucket-%05d" % i} for i in range(n_b)],
    "dbInstances": [{"id": "db-%05d" % i} for i in range(n_db)],
    "discoveredAt": "2026-11-26T04:00:00Z",
    "gaps": [],
    "instances": instances,
    "loadBalancers": lbs,
    "outposts": outposts,
    "region": "us-east-1",
    "schemaVersion": 1,
    "tagKey": "Dashboard",
    "tagValues": ["edge"],
}
with open(out, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
print("%s: %d resources (%d outposts, %d instances, %d load balancers, %d buckets, %d groups, %d databases)"
      % (out, len(outposts) + n_ec2 + n_lb + n_b + n_asg + n_db, len(outposts), n_ec2, n_lb, n_b, n_asg, n_db))
