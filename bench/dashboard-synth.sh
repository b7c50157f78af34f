#!/usr/bin/env bash
# Synth time and template sizes of the dashboard stacks, alarms on, at 100, 1,000 and 10,000 tagged resources.
# Runs the real `npx cdk synth` (strict CloudFormation validator and cdk-nag included) once per size,
# after one warm-up synth so that Maven compilation is not counted, then checks every CloudFormation and
# CloudWatch limit of the dashboard stacks (bench/check-dashboard-limits.py); exits 1 on a violation.
# Usage: bench/dashboard-synth.sh [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(100 1000 10000); fi
out=bench/out
mkdir -p "$out"

config() { # $1 snapshot path
  cat <<YAML
project:
  prefix: bench
  region: us-east-1
dashboard:
  enabled: true
  tag_name: Dashboard
  tag_values: [edge]
  snapshot: $1
  alarms:
    enabled: true
YAML
}

python3 bench/gen-inventory.py 100 "$out/warmup.json" >/dev/null
config "$out/warmup.json" > "$out/warmup.yaml"
npx cdk synth -q -c config="$out/warmup.yaml" -o "$out/cdk-warmup" >/dev/null 2>&1

printf '| resources | synth (s) | dashboards | alarms | stacks | most resources in a stack | largest template (bytes) | all templates (bytes) |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  python3 bench/gen-inventory.py "$n" "$out/inventory-$n.json" >&2
  config "$out/inventory-$n.json" > "$out/config-$n.yaml"
  rm -rf "$out/cdk-$n"
  start=$(date +%s.%N)
  npx cdk synth -q -c config="$out/config-$n.yaml" -o "$out/cdk-$n" >&2
  end=$(date +%s.%N)
  python3 bench/check-dashboard-limits.py "$out/cdk-$n" bench "$n" "$(echo "$end - $start" | bc)"
done
