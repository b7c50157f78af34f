package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.functions.restorepoints.RestorePointsConfig;

/**
 * What {@code <prefix>-root-restore} builds, decided before any construct exists: the names of the two runbooks
 * and the janitor's configuration. Config has checked every value already; nothing here can fail on a config that
 * loaded.
 *
 * @param janitor the restore point janitor's configuration, from the same keys
 */
public record RootRestorePlan(String prefix, RootRestoreConfig config, RestorePointsConfig janitor) {

  public static RootRestorePlan of(FleetkitConfig config) {
    RootRestoreConfig c = config.rootRestore();
    return new RootRestorePlan(config.project().prefix(), c, new RestorePointsConfig(c.restorePointTagKey(),
        c.keepRestorePoints(), c.janitorDryRun(), c.pinnedRestorePoints()));
  }

  public String replaceDocument() {
    return RootRestoreConfig.replaceDocumentName(prefix);
  }

  public String restorePointDocument() {
    return RootRestoreConfig.restorePointDocumentName(prefix);
  }
}
