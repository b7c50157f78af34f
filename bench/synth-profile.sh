#!/usr/bin/env bash
# Where synth time goes: runs `cdk synth` of fleetkit (default config.yaml) and of the one-bucket app
# exactly as bench/synth-vs-trivial.sh starts them, alternating, with node's sampling profiler in the
# jsii kernel process (bench/profile/kernel-profiler.cjs through NODE_OPTIONS), and prints the kernel's
# time per synth phase for every run, the medians and fleetkit's excess over the one-bucket app.
# The kernel runs everything but the JVM: aws-cdk-lib, cdk-nag and the CloudFormation validator; its
# "waiting for the JVM" row is the JVM's share. The CDK CLI around the app (about 0.9 s for either app)
# is not in these numbers.
# Usage: bench/synth-profile.sh [runs]   (default 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-3}
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/build.log"

# shellcheck source=bench/lib/apps.sh
. "$root/bench/lib/apps.sh"

profile() { # name app-command
  mkdir -p "$out/$1"
  if ! FLEETKIT_PROFILE_OUT="$out/$1" NODE_OPTIONS="--require $root/bench/profile/kernel-profiler.cjs" \
      "$cdk" synth -q --app "$2" -o "$out/cdk.out-$1" >"$log" 2>&1; then
    cat "$log" >&2; echo "synth of $1 failed (log above)" >&2; exit 1
  fi
}
for _ in $(seq "$runs"); do
  profile fleetkit "$fleetkit_app"
  profile trivial "$trivial_app"
done
for app in fleetkit trivial; do
  echo "== $app (kernel time per phase, ms; $(find "$out/cdk.out-$app" -name '*.template.json' | wc -l) templates)"
  node "$root/bench/profile/categories.cjs" "$out/$app"/*.cpuprofile | tee "$out/$app.txt"
done
echo "== fleetkit minus trivial (medians, ms)"
paste <(awk '{print $NF}' "$out/fleetkit.txt") <(awk '{print $NF}' "$out/trivial.txt") <(cut -c1-36 "$out/fleetkit.txt") |
  awk -F'\t' 'NR > 1 {printf "%-36s%7d\n", $3, $1 - $2}'
