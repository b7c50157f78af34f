#!/usr/bin/env bash
# Discovery benchmark: N synthetic tagged resources (default 10,000) served by WireMock on
# 127.0.0.1 in each service's wire format. Prints API calls per operation and the wall time of
# `discover`; exits 1 if Tagging calls != ceil(N/100) per 20-value chunk or the run takes > 10 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# One run with -am: the app's class path names the functions module, which Maven resolves only when it is
# built in the same run.
mvn -q -B -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >/dev/null
# The same JVM flags as bin/fleetkit.
# shellcheck disable=SC2086 # the options are words on purpose
exec java ${FLEETKIT_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -cp "app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)" \
  io.fleetkit.bench.DiscoveryBenchmark "${1:-10000}"
