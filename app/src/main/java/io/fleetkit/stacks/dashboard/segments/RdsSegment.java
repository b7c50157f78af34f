package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.DbInstance;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * One block per RDS DB instance. Amazon RDS user guide, "Amazon CloudWatch metrics for Amazon RDS"
 * (AWS/RDS by DBInstanceIdentifier).
 */
public final class RdsSegment {
  public static final String NAMESPACE = "AWS/RDS";

  private RdsSegment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    List<Block> out = new ArrayList<>();
    for (DbInstance db : inv.dbInstances()) {
      String id = db.id();
      String r = inv.region();
      Graph cpu = new Graph("CPU utilization · " + id, r).size(6, 6).left("Percent");
      cpu.add(Metric.of(NAMESPACE, "CPUUtilization", "CPUUtilization", "DBInstanceIdentifier", id));
      Graph memory = new Graph("Free memory and storage · " + id, r).size(6, 6).stat("Minimum").left("Bytes");
      memory.add(Metric.of(NAMESPACE, "FreeableMemory", "FreeableMemory", "DBInstanceIdentifier", id));
      memory.add(Metric.of(NAMESPACE, "FreeStorageSpace", "FreeStorageSpace", "DBInstanceIdentifier", id));
      Graph connections = new Graph("Database connections · " + id, r).size(6, 6).left("Connections");
      connections.add(Metric.of(NAMESPACE, "DatabaseConnections", "DatabaseConnections", "DBInstanceIdentifier", id));
      Graph latency = new Graph("Read and write latency · " + id, r).size(6, 6).left("Seconds");
      latency.add(Metric.of(NAMESPACE, "ReadLatency", "ReadLatency", "DBInstanceIdentifier", id));
      latency.add(Metric.of(NAMESPACE, "WriteLatency", "WriteLatency", "DBInstanceIdentifier", id));
      out.add(new Block("rds/" + id, Segments.header("### RDS " + md(id)),
          Segments.widgets(perWidget, cpu, memory, connections, latency)));
    }
    return out;
  }
}
