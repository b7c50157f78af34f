#!/usr/bin/env bash
# Synth time of fleetkit (default config.yaml, every enabled stack) against a one-bucket CDK Java
# app, same CDK version, same cdk.json flags and app command, alternating runs on one machine.
# Usage: bench/synth-vs-trivial.sh [runs]   (default 5; prints the medians and the ratio)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-5}
cdk="$root/node_modules/.bin/cdk"
[ -x "$cdk" ] || (cd "$root" && npm ci --no-audit --no-fund >/dev/null)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Warm both: compile once so every timed run measures synth, not the first compile.
log="$out/synth.log"
fail() { cat "$log" >&2; echo "synth failed (log above)" >&2; exit 1; }
(cd "$root" && "$cdk" synth -q -o "$out/f" >"$log" 2>&1) || fail
(cd "$root/bench/trivial-app" && "$cdk" synth -q -o "$out/t" >"$log" 2>&1) || fail

time_synth() { # dir outdir → seconds
  local start end
  start=$(date +%s%N)
  (cd "$1" && "$cdk" synth -q -o "$2" >"$log" 2>&1) || fail
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f\n", (e - s) / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

fleet=(); trivial=()
for i in $(seq "$runs"); do
  fleet+=("$(time_synth "$root" "$out/f")")
  trivial+=("$(time_synth "$root/bench/trivial-app" "$out/t")")
done
f=$(printf '%s\n' "${fleet[@]}" | median)
t=$(printf '%s\n' "${trivial[@]}" | median)
echo "fleetkit runs (s): ${fleet[*]}"
echo "trivial runs (s):  ${trivial[*]}"
echo "stacks: $(ls "$out/f"/*.template.json | wc -l) fleetkit, $(ls "$out/t"/*.template.json | wc -l) trivial"
awk -v f="$f" -v t="$t" 'BEGIN {printf "median fleetkit %.2f s, median trivial %.2f s, ratio %.2f\n", f, t, f / t}'
