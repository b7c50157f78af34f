#!/usr/bin/env python3
"""Writes a synthetic, sorted discovery snapshot with N tagged resources (schema version 2).

Mix per N: max(2, N / 500) ACTIVE Outposts (so 20 at 10,000, each with 12 instance types, three of them
used by three accounts, EBS gp2 and gp3, S3 on Outposts on every other one: about 16 alarms each), 70% EC2
instances (every fourth not Nitro, with two volumes), 2% Application Load Balancers with 3 target groups
each, 10% S3 buckets, 8% Auto Scaling groups, the rest RDS instances. Usage: gen-inventory.py N OUT.json
"""
import json
import sys

n = int(sys.argv[1])
out = sys.argv[2]
arn = "arn:aws:outposts:us-east-1:111122223333:outpost/"
TYPES = ["c5.2xlarge", "c5.4xlarge", "c5.xlarge", "g4dn.12xlarge", "m5.2xlarge", "m5.4xlarge", "m5.xlarge",
         "r5.2xlarge", "r5.4xlarge", "r5.xlarge", "c6id.xlarge", "m6id.xlarge"]
ACCOUNTS = ["111122223333", "444455556666", "555566667777"]
O = "AWS/Outposts"


def series(ns, name, **dims):
    return {"dimensions": dict(sorted(dims.items())), "metricName": name, "namespace": ns}


def outpost(i):
    oid = "op-%017x" % (i + 1)
    m = []
    for t in TYPES:
        m.append(series(O, "AvailableInstanceType_Count", InstanceType=t, OutpostId=oid))
        m.append(series(O, "InstanceTypeCapacityAvailability", InstanceType=t, OutpostId=oid))
    for t in TYPES[:3]:
        for a in ACCOUNTS:
            m.append(series(O, "UsedInstanceType_Count", Account=a, InstanceType=t, OutpostId=oid))
            m.append(series(O, "InstanceTypeCapacityUtilization", Account=a, InstanceType=t, OutpostId=oid))
    for v in ["gp2", "gp3"]:
        for name in ["EBSVolumeTypeCapacityUtilization", "EBSVolumeTypeCapacityUtilizationGB",
                     "EBSVolumeTypeCapacityAvailabilityGB"]:
            m.append(series(O, name, OutpostId=oid, VolumeType=v))
    m.append(series(O, "ConnectedStatus", OutpostId=oid))
    if i % 2 == 0:
        m.append(series("S3Outposts", "OutpostFreeBytes", OutpostId=oid))
        m.append(series("S3Outposts", "OutpostTotalBytes", OutpostId=oid))
    m.sort(key=lambda s: (s["namespace"], s["metricName"], json.dumps(s["dimensions"], sort_keys=True)))
    return {"arn": arn + oid, "id": oid, "instanceTypes": sorted(TYPES), "lifeCycleStatus": "ACTIVE", "metrics": m,
            "name": "rack-%02d" % (i + 1), "ownerAccount": "111122223333", "siteId": "os-%017x" % (i + 1)}


outposts = [outpost(i) for i in range(max(2, n // 500))]
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
                      "outpostArn": outposts[0]["arn"] if nitro else None, "state": "running", "volumeIds": vols})
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
    "autoScalingGroups": [{"name": "asg-%05d" % i} for i in range(n_asg)],
    "buckets": [{"name": "bucket-%05d" % i} for i in range(n_b)],
    "dbInstances": [{"id": "db-%05d" % i} for i in range(n_db)],
    "gaps": [],
    "instances": instances,
    "loadBalancers": lbs,
    "outposts": outposts,
    "provenance": {"account": "111122223333", "discoveredAt": "2026-11-26T04:00:00Z", "fleetkitVersion": "0.1.0",
                   "partition": "aws", "region": "us-east-1", "s3Namespaces": ["S3Outposts", "AWS/S3Outposts"],
                   "tagKey": "Dashboard", "tagValues": ["edge"]},
    "schemaVersion": 2,
}
with open(out, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
print("%s: %d resources (%d outposts, %d instances, %d load balancers, %d buckets, %d groups, %d databases)"
      % (out, len(outposts) + n_ec2 + n_lb + n_b + n_asg + n_db, len(outposts), n_ec2, n_lb, n_b, n_asg, n_db))
