#!/usr/bin/env bash
# npm run test:n8n2: the workflow tests against current n8n-core / n8n-workflow 2.x under Node 24.
# Extra arguments go to jest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24="$(bash "$root/scripts/node24.sh" | tail -n 1)"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
leg="$root/tools/n8n2"
if [ ! -f "$leg/node_modules/.package-lock.json" ] || [ "$leg/package-lock.json" -nt "$leg/node_modules/.package-lock.json" ]; then
  (cd "$leg" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
cd "$root"
echo "n8n-core $(node -p "require('$leg/node_modules/n8n-core/package.json').version"), n8n-workflow $(node -p "require('$leg/node_modules/n8n-workflow/package.json').version"), Node $(node --version)"
N8N_ENGINE=2 exec node node_modules/jest/bin/jest.js test/workflows.test.ts test/credentials.test.ts "$@"
