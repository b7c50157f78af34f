package io.fleetkit.functions.restorepoints;

import io.fleetkit.functions.FunctionClients;
import io.fleetkit.functions.restorepoints.RestorePointPlan.Decision;
import io.fleetkit.functions.restorepoints.RestorePointPlan.Listed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Lists every restore point of the account and Region (snapshots owned by the account that carry the
 * restore-point tag, every page), decides with {@link RestorePointPlan} and deletes what it says, one
 * {@code DeleteSnapshot} at a time. The scheduled janitor and {@code bin/fleetkit restore-points prune} run this
 * same code. A listing that fails deletes nothing.
 */
public final class RestorePointJanitor {
  /** DescribeSnapshots returns at most 1,000 snapshots a page (EC2 API Reference, DescribeSnapshots MaxResults). */
  static final int PAGE_SIZE = 1000;
  /**
   * Pages a listing may take: 1,000 pages of 1,000 hold a million snapshots, ten times the default EBS quota of
   * snapshots per Region (100,000, adjustable; Amazon EBS endpoints and quotas). A service that never stops paging
   * fails the listing, and so deletes nothing, instead of holding the function to its timeout.
   */
  static final int MAX_PAGES = 1000;
  /** No deletion starts with less time left than one call may take, so that the summary is always logged. */
  public static final long RESERVE_MILLIS = FunctionClients.API_CALL_TIMEOUT.toMillis() + 5_000;

  private RestorePointJanitor() {}

  /** The listing could not be completed; nothing was deleted. */
  public static final class ListingException extends RuntimeException {
    ListingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What a run did: the decisions, and the snapshots whose deletion failed or was deferred. */
  public record Result(int listed, int instances, int kept, int deleted, int leftAlone, List<String> failed,
      List<String> deferred, boolean dryRun) {
    public Result {
      failed = List.copyOf(failed);
      deferred = List.copyOf(deferred);
    }

    /** One line, as the handler returns it and the CLI prints it. */
    public String summary() {
      return "restore points: " + listed + " listed for " + instances + " instance" + (instances == 1 ? "" : "s") + ", "
          + kept + " kept, " + deleted + (dryRun ? " would be deleted, " : " deleted, ") + leftAlone + " left alone, "
          + failed.size() + " failed, " + deferred.size() + " deferred to the next run";
    }
  }

  /**
   * @param remainingMillis time left in the invocation ({@code Long.MAX_VALUE} from a laptop)
   * @throws ListingException when a DescribeSnapshots page fails or repeats a page token
   */
  public static Result prune(Ec2Client ec2, RestorePointsConfig config, Consumer<String> log, LongSupplier remainingMillis) {
    List<Listed> listed = list(ec2, config.tagKey(), log);
    List<Decision> decisions = RestorePointPlan.decide(listed, config);
    Set<String> instances = new LinkedHashSet<>();
    int kept = 0;
    int deleted = 0;
    int left = 0;
    List<String> failed = new ArrayList<>();
    List<String> deferred = new ArrayList<>();
    for (Decision d : decisions) {
      if (!d.instanceId().equals("-")) instances.add(d.instanceId());
      String line = d.instanceId() + " " + d.snapshotId() + ": ";
      switch (d.action()) {
        case KEEP -> {
          kept++;
          log.accept(line + "keep (" + d.reason() + ")");
        }
        case LEAVE -> {
          left++;
          log.accept(line + "left alone (" + d.reason() + ")");
        }
        case DELETE -> {
          if (config.dryRun()) {
            deleted++;
            log.accept(line + "would delete (" + d.reason() + ")");
          } else if (remainingMillis.getAsLong() < RESERVE_MILLIS) {
            deferred.add(d.snapshotId());
            log.accept(line + "deferred (" + d.reason() + "; under " + RESERVE_MILLIS / 1000 + " s of the timeout left)");
          } else {
            Deletion deletion = delete(ec2, d.snapshotId());
            switch (deletion.kind()) {
              case DELETED -> {
                deleted++;
                log.accept(line + "deleted (" + d.reason() + ")");
              }
              case GONE -> {
                left++;
                log.accept(line + "already deleted");
              }
              case IN_USE -> {
                left++;
                log.accept(line + "left alone (in use, such as by an AMI: EC2 refuses to delete it)");
              }
              case FAILED -> {
                failed.add(d.snapshotId());
                log.accept(line + "not deleted: " + deletion.error());
              }
              default -> throw new IllegalStateException();
            }
          }
        }
        default -> throw new IllegalStateException(d.action().toString());
      }
    }
    Result result = new Result(listed.size(), instances.size(), kept, deleted, left, failed, deferred, config.dryRun());
    log.accept(result.summary());
    return result;
  }

  private enum Kind { DELETED, GONE, IN_USE, FAILED }

  private record Deletion(Kind kind, String error) {}

  private static Deletion delete(Ec2Client ec2, String snapshotId) {
    try {
      ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));
      return new Deletion(Kind.DELETED, "");
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      // EC2 API Reference, "Error codes for the Amazon EC2 API".
      if ("InvalidSnapshot.NotFound".equals(code)) return new Deletion(Kind.GONE, "");
      if ("InvalidSnapshot.InUse".equals(code)) return new Deletion(Kind.IN_USE, "");
      return new Deletion(Kind.FAILED, code + ": "
          + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
    } catch (SdkClientException e) {
      return new Deletion(Kind.FAILED, e.getMessage());
    }
  }

  /** Every snapshot the account owns that carries the tag key, every page. */
  static List<Listed> list(Ec2Client ec2, String tagKey, Consumer<String> log) {
    return list(ec2, tagKey, log, MAX_PAGES);
  }

  /** As {@link #list(Ec2Client, String, Consumer)}, failing when a next page follows page {@code maxPages}. */
  static List<Listed> list(Ec2Client ec2, String tagKey, Consumer<String> log, int maxPages) {
    List<Listed> out = new ArrayList<>();
    Set<String> tokens = new LinkedHashSet<>();
    String token = null;
    int pages = 0;
    do {
      if (pages == maxPages) {
        throw new ListingException("DescribeSnapshots still had a next page after " + maxPages + " pages, more than the"
            + " snapshots of a Region could fill, so nothing was deleted", null);
      }
      DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder()
          .ownerIds("self")
          .filters(Filter.builder().name("tag-key").values(tagKey).build())
          .maxResults(PAGE_SIZE)
          .nextToken(token)
          .build();
      DescribeSnapshotsResponse page;
      try {
        page = ec2.describeSnapshots(request);
      } catch (RuntimeException e) {
        throw new ListingException("DescribeSnapshots failed on page " + (pages + 1) + ", so nothing was deleted: "
            + e.getMessage(), e);
      }
      pages++;
      for (Snapshot s : page.snapshots()) {
        out.add(new Listed(s.snapshotId(), tagValue(s, tagKey), s.stateAsString(), s.startTime()));
      }
      token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
      if (token != null && !tokens.add(token)) {
        throw new ListingException("DescribeSnapshots returned the page token of an earlier page again (page " + pages
            + "), so nothing was deleted", null);
      }
    } while (token != null);
    log.accept("DescribeSnapshots: " + out.size() + " snapshot" + (out.size() == 1 ? "" : "s") + " tagged " + tagKey
        + " (" + pages + " page" + (pages == 1 ? "" : "s") + ")");
    return out;
  }

  private static String tagValue(Snapshot s, String key) {
    for (Tag t : s.tags()) {
      if (key.equals(t.key())) return t.value();
    }
    return null;
  }
}
