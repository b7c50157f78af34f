package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS {@code GetCallerIdentity}: the account and partition of the credentials. It needs no permission,
 * so it is also the first check that the credentials work at all.
 */
public final class AccountDiscoverer {
  private final StsClient client;
  private final ApiCalls calls;

  public AccountDiscoverer(StsClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The caller's account and the partition of its ARN (arn:PARTITION:sts::ACCOUNT:...). */
  public record Identity(String account, String partition) {}

  public String account() {
    return identity().account();
  }

  public Identity identity() {
    GetCallerIdentityResponse r = calls.call("sts", "GetCallerIdentity", client::getCallerIdentity);
    if (r.account() == null || !r.account().matches("\\d{12}")) {
      throw new MalformedResponseException("sts:GetCallerIdentity returned no 12-digit Account (" + r.account() + ")", null);
    }
    String arn = r.arn() == null ? "" : r.arn();
    String[] parts = arn.split(":", 3);
    if (parts.length < 3 || !parts[0].equals("arn") || !parts[1].matches("aws[a-z-]*")) {
      throw new MalformedResponseException("sts:GetCallerIdentity returned no caller ARN to take the partition from ("
          + r.arn() + ")", null);
    }
    return new Identity(r.account(), parts[1]);
  }
}
