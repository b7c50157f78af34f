package io.fleetkit.discovery;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateReplaceRootVolumeTaskRequest;

/**
 * Asks EC2 whether a root volume replacement would be accepted, without making it: CreateReplaceRootVolumeTask with
 * DryRun. EC2 answers DryRunOperation when the caller may make the request and UnauthorizedOperation when not
 * (CreateReplaceRootVolumeTask, DryRun), and refuses a request it can tell is wrong with its own error, such as
 * IncorrectInstanceState for an instance that is not running or InvalidSnapshot.NotFound.
 */
public final class RootVolumePreflight {
  private RootVolumePreflight() {}

  /** EC2's answer: passed, or refused with its code and message. */
  public record Verdict(boolean passed, String code, String message) {}

  /**
   * @throws DiscoveryException.CredentialsException when the credentials are rejected
   * @throws DiscoveryException when EC2 cannot be reached, or answers the dry run as if the request had run
   */
  public static Verdict check(Ec2Client ec2, String instanceId, Optional<String> snapshotId, Optional<String> imageId,
      boolean deleteReplacedVolume) {
    CreateReplaceRootVolumeTaskRequest.Builder request = CreateReplaceRootVolumeTaskRequest.builder()
        .instanceId(instanceId)
        .deleteReplacedRootVolume(deleteReplacedVolume)
        .dryRun(true);
    snapshotId.ifPresent(request::snapshotId);
    imageId.ifPresent(request::imageId);
    try {
      ec2.createReplaceRootVolumeTask(request.build());
    } catch (AwsServiceException e) {
      // An answer that is not an AWS error (a proxy's HTML 502) and bad credentials are failures of the call, not
      // EC2's verdict: ApiCalls says so in its words (ServiceErrors), exit 1 or 3.
      String code = ServiceErrors.code(e).orElse(null);
      if (code == null || ApiCalls.rejectsCredentials(e)) {
        throw ApiCalls.classify("ec2", "CreateReplaceRootVolumeTask", e, "restore");
      }
      String message = e.awsErrorDetails().errorMessage() == null ? "no message" : e.awsErrorDetails().errorMessage();
      return new Verdict("DryRunOperation".equals(code), code, message);
    } catch (SdkClientException e) {
      throw ApiCalls.classify("ec2", "CreateReplaceRootVolumeTask", e);
    }
    throw new DiscoveryException("ec2:CreateReplaceRootVolumeTask answered the dry run of " + instanceId + " as if it"
        + " had run the request (no DryRunOperation); check the instance's replacement tasks in the EC2 console", null);
  }
}
