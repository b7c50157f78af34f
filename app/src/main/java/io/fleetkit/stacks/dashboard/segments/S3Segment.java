package io.fleetkit.stacks.dashboard.segments;

import static io.fleetkit.stacks.dashboard.body.Widget.md;

import io.fleetkit.inventory.Inventory;
import io.fleetkit.inventory.Inventory.Bucket;
import io.fleetkit.stacks.dashboard.body.Block;
import io.fleetkit.stacks.dashboard.body.Graph;
import io.fleetkit.stacks.dashboard.body.Graph.Metric;
import java.util.List;

/**
 * One block for all tagged buckets. Amazon S3 user guide, "Metrics and dimensions": daily storage
 * metrics BucketSizeBytes (StorageType StandardStorage for S3 Standard) and NumberOfObjects
 * (StorageType AllStorageTypes), by BucketName, reported once a day.
 */
public final class S3Segment {
  public static final String NAMESPACE = "AWS/S3";
  /** The daily storage metrics are reported once a day. */
  static final int DAILY = 86_400;

  private S3Segment() {}

  static List<Block> blocks(Inventory inv, int perWidget) {
    if (inv.buckets().isEmpty()) return List.of();
    Graph size = new Graph("Bucket size, S3 Standard", inv.region()).size(12, 6).period(DAILY).left("Bytes");
    Graph objects = new Graph("Number of objects", inv.region()).size(12, 6).period(DAILY).left("Objects");
    for (Bucket b : inv.buckets()) {
      size.add(Metric.of(NAMESPACE, "BucketSizeBytes", b.name(), "BucketName", b.name(), "StorageType", "StandardStorage"));
      objects.add(Metric.of(NAMESPACE, "NumberOfObjects", b.name(), "BucketName", b.name(), "StorageType", "AllStorageTypes"));
    }
    String header = "### S3 · " + inv.buckets().size() + " tagged bucket(s) · " + md("daily storage metrics");
    return List.of(new Block("s3", Segments.header(header), Segments.widgets(perWidget, size, objects)));
  }
}
