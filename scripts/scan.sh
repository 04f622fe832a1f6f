#!/usr/bin/env bash
# npm run scan: n8n's package scanner rules on our packed tarball, under Node 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24="$(bash "$root/scripts/node24.sh" | tail -n 1)"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
lint="$root/tools/lint"
if [ ! -f "$lint/node_modules/.package-lock.json" ] || [ "$lint/package-lock.json" -nt "$lint/node_modules/.package-lock.json" ]; then
  (cd "$lint" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
exec node "$root/scripts/scan-tarball.mjs"
