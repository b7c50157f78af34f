# shellcheck shell=bash
# Sourced by the synth benchmarks: builds fleetkit and the one-bucket app once, outside any timing, and
# sets the one launch both apps share (the same java, the same flags, a classpath Maven built beforehand).
# Needs: root (the repository root), log (a file for build output). Sets: cdk, fleetkit_app, trivial_app.
# FLEETKIT_JAVA_OPTS replaces the flags, as in bin/java-main.
: "${root:?}" "${log:?}"
cdk="$root/node_modules/.bin/cdk"
[ -x "$cdk" ] || (cd "$root" && npm ci --no-audit --no-fund >/dev/null)
build_app() { # name folder command... : Maven's output is shown only when the build fails
  local name=$1 folder=$2
  shift 2
  (cd "$folder" && "$@") >"$log" 2>&1 || { cat "$log" >&2; echo "$name build failed (log above)" >&2; exit 1; }
}
build_app fleetkit "$root" mvn -q -B process-classes
build_app "trivial app" "$root/bench/trivial-app" mvn -q -B compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt
flags=${FLEETKIT_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
# shellcheck disable=SC2034 # used by the sourcing script
fleetkit_app="java $flags -cp $root/app/target/classes:$(cat "$root/app/target/classpath.txt") io.fleetkit.FleetkitApp"
# shellcheck disable=SC2034 # used by the sourcing script
trivial_app="java $flags -cp $root/bench/trivial-app/target/classes:$(cat "$root/bench/trivial-app/target/classpath.txt") bench.TrivialApp"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
