package io.fleetkit.stacks.rootrestore;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.FleetkitConfig;
import io.fleetkit.config.RootRestoreConfig;
import io.fleetkit.constructs.SsmDocument;
import io.fleetkit.functions.restorepoints.RestorePointsConfig;
import java.util.List;

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
    String prefix = config.project().prefix();
    // Both runbook names start with the prefix, so one line says it.
    var badName = SsmDocument.nameProblem(RootRestoreConfig.replaceDocumentName(prefix));
    if (badName.isPresent()) {
      throw new ConfigException(List.of(config.source().error("project.prefix", "\"" + prefix + "\" would name the SSM"
          + " document " + RootRestoreConfig.replaceDocumentName(prefix) + ", and " + badName.get()
          + " (expected another prefix when root_volume_restore is enabled)")));
    }
    return new RootRestorePlan(prefix, c, new RestorePointsConfig(c.restorePointTagKey(),
        c.keepRestorePoints(), c.janitorDryRun(), c.pinnedRestorePoints()));
  }

  public String replaceDocument() {
    return RootRestoreConfig.replaceDocumentName(prefix);
  }

  public String restorePointDocument() {
    return RootRestoreConfig.restorePointDocumentName(prefix);
  }
}
