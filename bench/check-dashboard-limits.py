#!/usr/bin/env python3
"""Checks the synthesized dashboard stacks of one cloud assembly against every limit they must hold and
prints one Markdown table row. Exits 1 on any violation.

CloudFormation: template body at most 1,000,000 bytes (the CDK warns above 800,000), 500 resources per stack.
CloudWatch: 500 widgets and 2,500 metrics per dashboard, 500 metrics per graph (math inputs included), 100 alarms
per alarm status widget, 10 metrics per metric math alarm, alarm names up to 255 characters.
Usage: check-dashboard-limits.py CDK_OUT PREFIX N SECONDS
"""
import glob
import json
import os
import re
import sys

out, prefix, n, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
pattern = re.compile(r"^%s-dashboard(-[0-9]+)?\.template\.json$" % re.escape(prefix))
files = sorted(f for f in glob.glob(os.path.join(out, "*.template.json")) if pattern.match(os.path.basename(f)))
problems = []
dashboards = alarms = most_resources = 0
sizes = []
names = set()
for f in files:
    size = os.path.getsize(f)
    sizes.append(size)
    if size > 800_000:
        problems.append("%s: %d bytes, above the CDK's 800,000-byte warning" % (f, size))
    resources = json.load(open(f))["Resources"]
    most_resources = max(most_resources, len(resources))
    if len(resources) > 500:
        problems.append("%s: %d resources" % (f, len(resources)))
    for r in resources.values():
        p = r.get("Properties", {})
        if r["Type"] == "AWS::CloudWatch::Alarm":
            alarms += 1
            if len(p["AlarmName"]) > 255 or p["AlarmName"] in names or not p.get("AlarmActions"):
                problems.append("alarm %s: name too long, repeated or without action" % p["AlarmName"])
            names.add(p["AlarmName"])
            if len(p.get("Metrics", [])) > 11:
                problems.append("alarm %s: more than 10 metrics" % p["AlarmName"])
        if r["Type"] != "AWS::CloudWatch::Dashboard":
            continue
        dashboards += 1
        body = json.loads(p["DashboardBody"])
        widgets = body["widgets"]
        metrics = 0
        for w in widgets:
            props = w["properties"]
            if w["type"] == "alarm" and not 1 <= len(props["alarms"]) <= 100:
                problems.append("%s: alarm widget with %d alarms" % (p["DashboardName"], len(props["alarms"])))
            m = sum(1 for e in props.get("metrics", []) if isinstance(e[0], str))
            if m > 500:
                problems.append("%s: widget %s with %d metrics" % (p["DashboardName"], props.get("title"), m))
            metrics += m
        if len(widgets) > 500 or metrics > 2500:
            problems.append("%s: %d widgets, %d metrics" % (p["DashboardName"], len(widgets), metrics))
for p in problems:
    print("LIMIT: " + p, file=sys.stderr)
print("| %d | %.1f | %d | %d | %d | %d | %d | %d |" % (n, seconds, dashboards, alarms, len(files), most_resources,
                                                     max(sizes), sum(sizes)))
sys.exit(1 if problems or not files else 0)
