package io.fleetkit.functions.restorepoints;

/**
 * What a stack needs to deploy the restore point janitor, with nothing that calls AWS: the handler setting and
 * the environment variable for its {@link RestorePointsConfig} JSON.
 *
 * <p>The function needs {@code ec2:DescribeSnapshots} (no resource type: {@code *}) and {@code ec2:DeleteSnapshot}
 * on snapshots conditioned on the restore-point tag, and a timeout of at least
 * {@value RestorePointJanitor#RESERVE_MILLIS} ms more than the listing takes (deletions stop starting that long
 * before it). An invocation whose event says {@code {"dry_run": true}} only reports; no event turns a dry-run
 * configuration into one that deletes.
 */
public final class RestorePointsFunction {
  private RestorePointsFunction() {}

  /** The function's handler setting. */
  public static final String HANDLER = "io.fleetkit.functions.restorepoints.RestorePointsHandler::handleRequest";
  /** The environment variable holding the {@link RestorePointsConfig} JSON ({@link RestorePointsConfig#toJson()}). */
  public static final String CONFIG_VARIABLE = "FLEETKIT_RESTORE_POINTS_CONFIG";
}
