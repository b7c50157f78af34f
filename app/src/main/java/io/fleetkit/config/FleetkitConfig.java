package io.fleetkit.config;

/**
 * The whole config file as immutable records. Sections that are absent read as disabled.
 *
 * @param source where each key was read, for errors found after loading
 */
public record FleetkitConfig(
    ProjectConfig project,
    GuardrailsConfig guardrails,
    DashboardConfig dashboard,
    GpuMonitoringConfig gpuMonitoring,
    ImagePipelinesConfig imagePipelines,
    CapacityReservationConfig capacityReservation,
    SpotFleetConfig spotFleet,
    LocalZoneConfig localZone,
    SpotPlacementScoresConfig spotPlacementScores,
    QueueWorkersConfig queueWorkers,
    RootRestoreConfig rootRestore,
    CredentialGuardConfig credentialGuard,
    InstanceConnectConfig instanceConnect,
    OutpostRoutingConfig outpostRouting,
    SourceMap source) {}
