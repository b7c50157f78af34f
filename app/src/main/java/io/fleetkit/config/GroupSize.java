package io.fleetkit.config;

/** An Auto Scaling group's min, max and desired capacity. */
public record GroupSize(int min, int max, int desired) {}
