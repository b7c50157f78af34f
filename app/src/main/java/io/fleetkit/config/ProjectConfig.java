package io.fleetkit.config;

import java.util.Map;
import java.util.Optional;

/**
 * App-wide settings: naming, environment, tags and the service limits that AWS changes over time.
 *
 * @param prefix stack names are {@code <prefix>-<area>}
 * @param account deploy account; empty means CDK_DEFAULT_ACCOUNT
 * @param region deploy region; empty means CDK_DEFAULT_REGION
 */
public record ProjectConfig(
    String prefix, Optional<String> account, Optional<String> region, Map<String, String> tags, Limits limits) {

  public ProjectConfig {
    tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
  }

  /**
   * Service limits that AWS has changed before, so they are config with safe defaults.
   *
   * @param scpMaxChars AWS Organizations SCP size quota (documented as 5,120; newer pages say 10,240)
   * @param scpsPerTarget SCPs attached to one root, OU or account, FullAWSAccess included
   */
  public record Limits(int scpMaxChars, int scpsPerTarget) {}
}
