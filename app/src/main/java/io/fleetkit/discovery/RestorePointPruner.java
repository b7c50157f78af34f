package io.fleetkit.discovery;

import io.fleetkit.functions.restorepoints.RestorePointJanitor;
import io.fleetkit.functions.restorepoints.RestorePointsConfig;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The restore point janitor ({@link RestorePointJanitor}, the function's own code) run from a laptop, with its
 * listing errors classified as the other commands classify theirs: rejected credentials, a denied action, anything else.
 */
public final class RestorePointPruner {
  private RestorePointPruner() {}

  /** @throws DiscoveryException when the listing fails; nothing is deleted then */
  public static RestorePointJanitor.Result prune(AwsClients aws, RestorePointsConfig config, Consumer<String> log) {
    Ec2Client ec2 = aws.build(Ec2Client.builder());
    try {
      return RestorePointJanitor.prune(ec2, config, log, () -> Long.MAX_VALUE);
    } catch (RestorePointJanitor.ListingException e) {
      if (e.getCause() instanceof AwsServiceException s) {
        throw ApiCalls.classify("ec2", "DescribeSnapshots", s, "restore-points prune");
      }
      if (e.getCause() instanceof SdkClientException s) throw ApiCalls.classify("ec2", "DescribeSnapshots", s);
      throw new DiscoveryException(e.getMessage(), e);
    }
  }
}
