#!/usr/bin/env bash
# Issue 6 acceptance, checked in CI with a tool this project did not write: electronegativity (Doyensec) on
# electron/ must report no HIGH-severity finding. Installed from the npm registry into a temporary folder (it is
# not a project dependency); Electron's release list is not fetched here, so the version is given with -e.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(mktemp -d)"
out="$(mktemp -d)/electronegativity.csv"
npm install --silent --no-audit --no-fund --prefix "$tool" @doyensec/electronegativity@1.10.3 >/dev/null
"$tool/node_modules/.bin/electronegativity" -i electron -e 45.0.0 -o "$out" >/dev/null 2>&1 || true
test -s "$out" || { echo "electronegativity: no report written"; exit 1; }
echo "electronegativity findings (issue, severity, confidence, file, location):"
tail -n +2 "$out" | cut -d, -f1-5
high="$(tail -n +2 "$out" | awk -F, '$2 == "\"HIGH\"" || $2 == "\"CRITICAL\""' | wc -l)"
rm -rf "$tool"
if [ "$high" -ne 0 ]; then echo "electronegativity: $high high-severity finding(s)"; exit 1; fi
echo "electronegativity: no high-severity finding"
