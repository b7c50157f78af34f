package io.fleetkit.config;

/**
 * The custom health-check gate (AWS blog "How to create custom health checks for your Amazon EC2
 * Auto Scaling Fleet"): a launch lifecycle hook holds each new instance in Pending:Wait until its tag
 * {@code tagKey} reads {@code tagValue}; then the instance completes the action with CONTINUE and
 * marks itself healthy. Otherwise the hook times out with {@code defaultResult}.
 *
 * @param heartbeatTimeoutSeconds the hook's heartbeat timeout (30 to 7,200)
 * @param maxWaitSeconds how long an instance waits for its tag, sending heartbeats, before giving up
 * @param pollSeconds how often the instance reads its tag through IMDSv2
 * @param protectFromScaleIn new instances start protected from scale-in
 */
public record HealthCheckGateConfig(boolean enabled, int heartbeatTimeoutSeconds, int maxWaitSeconds,
    int pollSeconds, String defaultResult, boolean protectFromScaleIn, String tagKey, String tagValue) {}
