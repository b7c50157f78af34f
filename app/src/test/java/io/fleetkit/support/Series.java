package io.fleetkit.support;

import io.fleetkit.inventory.FleetkitVersion;
import io.fleetkit.inventory.Inventory.MetricSeries;
import io.fleetkit.inventory.Inventory.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recorded metric series and provenance for test snapshots, as discover writes them. */
public final class Series {
  public static final String OUTPOSTS = "AWS/Outposts";
  public static final List<String> S3_NAMESPACES = List.of("S3Outposts", "AWS/S3Outposts");

  private Series() {}

  /** One series; dimensions as name, value pairs. */
  public static MetricSeries of(String namespace, String metric, String... dimensions) {
    Map<String, String> dims = new LinkedHashMap<>();
    for (int i = 0; i < dimensions.length; i += 2) dims.put(dimensions[i], dimensions[i + 1]);
    return new MetricSeries(namespace, metric, dims);
  }

  /** Provenance of a snapshot discovered by this fleetkit in the aws partition. */
  public static Provenance provenance(String region, String account, String tagKey, List<String> values, String at) {
    return new Provenance(FleetkitVersion.VERSION, "aws", region, account, tagKey, values, at, S3_NAMESPACES);
  }

  /**
   * What ListMetrics records for a reporting Outpost: available count and availability per type, used count
   * and utilization per type and account, EBS per volume type, ConnectedStatus, and S3 when {@code s3} is a
   * namespace (null for none).
   */
  public static List<MetricSeries> outpost(String id, List<String> types, Map<String, List<String>> usersByType,
      List<String> volumeTypes, String s3) {
    List<MetricSeries> out = new ArrayList<>();
    for (String t : types) {
      out.add(of(OUTPOSTS, "AvailableInstanceType_Count", "InstanceType", t, "OutpostId", id));
      out.add(of(OUTPOSTS, "InstanceTypeCapacityAvailability", "InstanceType", t, "OutpostId", id));
    }
    usersByType.forEach((t, users) -> users.forEach(a -> {
      out.add(of(OUTPOSTS, "UsedInstanceType_Count", "Account", a, "InstanceType", t, "OutpostId", id));
      out.add(of(OUTPOSTS, "InstanceTypeCapacityUtilization", "Account", a, "InstanceType", t, "OutpostId", id));
    }));
    for (String v : volumeTypes) {
      for (String m : List.of("EBSVolumeTypeCapacityUtilization", "EBSVolumeTypeCapacityUtilizationGB",
          "EBSVolumeTypeCapacityAvailabilityGB")) {
        out.add(of(OUTPOSTS, m, "OutpostId", id, "VolumeType", v));
      }
    }
    out.add(of(OUTPOSTS, "ConnectedStatus", "OutpostId", id));
    if (s3 != null) {
      out.add(of(s3, "OutpostTotalBytes", "OutpostId", id));
      out.add(of(s3, "OutpostFreeBytes", "OutpostId", id));
    }
    return out;
  }
}
