#!/usr/bin/env bash
# Synth time of fleetkit (default config.yaml, every enabled stack) against a one-bucket CDK Java app.
# Both apps start the same way: the same CDK CLI, run from the repository root so the same cdk.json
# context applies to both, each app given with --app as the same plain JVM launch (same java, same
# flags, a classpath Maven built beforehand). Runs alternate (fleetkit, trivial, fleetkit, ...) after
# one untimed warm-up of each. Prints every run, both medians, the ratio and each app's peak memory.
# Usage: bench/synth-vs-trivial.sh [runs]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-5}
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/build.log"
fail() { cat "$log" >&2; echo "$1 (log above)" >&2; exit 1; }

# shellcheck source=bench/lib/apps.sh
. "$root/bench/lib/apps.sh"

run() { # name app-command outdir -> prints "seconds peak-MiB"
  local t
  rm -rf "$3"
  # GNU time: wall seconds and the largest resident set of any process of the run (the JVM or node).
  if ! /usr/bin/time -f '%e %M' -o "$out/time" "$cdk" synth -q --app "$2" -o "$3" >"$log" 2>&1; then
    fail "synth of $1 failed"
  fi
  t=$(cat "$out/time")
  awk '{printf "%.2f %d\n", $1, $2 / 1024}' <<<"$t"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run fleetkit "$fleetkit_app" "$out/f" >/dev/null
run trivial "$trivial_app" "$out/t" >/dev/null
fleet=(); trivial=(); fmem=0; tmem=0
for _ in $(seq "$runs"); do
  read -r s m < <(run fleetkit "$fleetkit_app" "$out/f"); fleet+=("$s"); (( m > fmem )) && fmem=$m
  read -r s m < <(run trivial "$trivial_app" "$out/t"); trivial+=("$s"); (( m > tmem )) && tmem=$m
done
f=$(printf '%s\n' "${fleet[@]}" | median)
t=$(printf '%s\n' "${trivial[@]}" | median)
echo "fleetkit runs (s): ${fleet[*]}"
echo "trivial runs (s):  ${trivial[*]}"
echo "stacks: $(find "$out/f" -name '*.template.json' | wc -l) fleetkit, $(find "$out/t" -name '*.template.json' | wc -l) trivial"
echo "peak resident memory of one process: fleetkit ${fmem} MiB, trivial ${tmem} MiB"
awk -v f="$f" -v t="$t" 'BEGIN {printf "median fleetkit %.2f s, median trivial %.2f s, ratio %.2f\n", f, t, f / t}'
