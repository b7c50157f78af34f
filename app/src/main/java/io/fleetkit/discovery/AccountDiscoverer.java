package io.fleetkit.discovery;

import io.fleetkit.discovery.DiscoveryException.MalformedResponseException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS {@code GetCallerIdentity}: the account of the credentials. It needs no permission, so it is
 * also the first check that the credentials work at all.
 */
public final class AccountDiscoverer {
  private final StsClient client;
  private final ApiCalls calls;

  public AccountDiscoverer(StsClient client, ApiCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  public String account() {
    GetCallerIdentityResponse r = calls.call("sts", "GetCallerIdentity", client::getCallerIdentity);
    if (r.account() == null || !r.account().matches("\\d{12}")) {
      throw new MalformedResponseException("sts:GetCallerIdentity returned no 12-digit Account (" + r.account() + ")", null);
    }
    return r.account();
  }
}
