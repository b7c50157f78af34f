#!/usr/bin/env bash
# Renders the first dashboard that the default config synthesizes from the shipped sample snapshot into
# docs/images/dashboard-sample.png: the real body, read from the synthesized template (RenderDashboard.java).
# Not part of the tests; run it after a change to the dashboard and commit the PNG.
# Usage: docs/render-dashboard/render.sh [max rows, default 37: the alarm row, the summary and the first Outpost]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-37}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx cdk synth -q -o "$out" fleetkit-dashboard >/dev/null
# The app's runtime classpath (written by Maven at process-classes) holds Jackson.
java -Djava.awt.headless=true -cp "$(cat app/target/classpath.txt)" docs/render-dashboard/RenderDashboard.java \
  "$out/fleetkit-dashboard.template.json" fleetkit-outposts "$rows" docs/images/dashboard-sample.png
echo "wrote docs/images/dashboard-sample.png"
