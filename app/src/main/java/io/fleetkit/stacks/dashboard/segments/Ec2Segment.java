package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.Ec2Instance;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * One block per EC2 instance: CPU, network and disk. Nitro instances report EBS traffic at the
 * instance (AWS/EC2 EBSReadBytes, EBSWriteBytes, EBSReadOps, EBSWriteOps, EBSIOBalance%); the
 * others get per-volume AWS/EBS metrics for their attached volumes. Names and dimensions: Amazon
 * EC2 user guide, "CloudWatch metrics for your instances" (InstanceId) and Amazon EBS user guide,
 * "Amazon CloudWatch metrics for Amazon EBS" (VolumeId).
 */
public final class Ec2Segment {
  public static final String EC2 = "AWS/EC2";
  public static final String EBS = "AWS/EBS";

  private Ec2Segment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    List<Block> out = new ArrayList<>();
    for (Ec2Instance i : inv.instances()) out.add(block(i, inv.region(), perWidget));
    return out;
  }

  private static Block block(Ec2Instance i, String region, int perWidget) {
    String id = i.id();
    String where = i.outpostArn() == null ? "Region" : "Outpost " + i.outpostArn().substring(i.outpostArn().lastIndexOf('/') + 1);
    String header = "### EC2 " + md(id) + " · " + md(i.instanceType()) + " · " + md(i.state()) + " · " + md(where)
        + (i.nitro() ? "" : " · per-volume EBS metrics");
    int w = i.nitro() ? 6 : 8;

    Graph cpu = new Graph("CPU utilization · " + id, region).size(w, 6).left("Percent");
    cpu.add(Metric.of(EC2, "CPUUtilization", "CPUUtilization", "InstanceId", id));

    Graph network = new Graph("Network · " + id, region).size(w, 6).stat("Sum").left("Bytes").right("Packets");
    network.add(Metric.of(EC2, "NetworkIn", "NetworkIn", "InstanceId", id));
    network.add(Metric.of(EC2, "NetworkOut", "NetworkOut", "InstanceId", id));
    network.add(Metric.of(EC2, "NetworkPacketsIn", "NetworkPacketsIn", "InstanceId", id).right());
    network.add(Metric.of(EC2, "NetworkPacketsOut", "NetworkPacketsOut", "InstanceId", id).right());

    Graph disk = new Graph("EBS · " + id, region).size(w, 6).stat("Sum").left("Bytes").right("Operations");
    Graph balance = new Graph("EBS IO balance · " + id, region).size(w, 6).stat("Minimum").left("Percent");
    if (i.nitro()) {
      disk.add(Metric.of(EC2, "EBSReadBytes", "EBSReadBytes", "InstanceId", id));
      disk.add(Metric.of(EC2, "EBSWriteBytes", "EBSWriteBytes", "InstanceId", id));
      disk.add(Metric.of(EC2, "EBSReadOps", "EBSReadOps", "InstanceId", id).right());
      disk.add(Metric.of(EC2, "EBSWriteOps", "EBSWriteOps", "InstanceId", id).right());
      balance.add(Metric.of(EC2, "EBSIOBalance%", "EBSIOBalance%", "InstanceId", id));
    } else {
      for (String vol : i.volumeIds()) {
        disk.add(Metric.of(EBS, "VolumeReadBytes", vol + " read bytes", "VolumeId", vol));
        disk.add(Metric.of(EBS, "VolumeWriteBytes", vol + " write bytes", "VolumeId", vol));
        disk.add(Metric.of(EBS, "VolumeReadOps", vol + " read ops", "VolumeId", vol).right());
        disk.add(Metric.of(EBS, "VolumeWriteOps", vol + " write ops", "VolumeId", vol).right());
      }
    }
    return new Block("ec2/" + id, Segments.header(header), Segments.widgets(perWidget, cpu, network, disk, balance));
  }
}
