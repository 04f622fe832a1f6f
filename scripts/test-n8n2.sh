#!/usr/bin/env bash
# npm run test:n8n2: the workflow tests against current n8n-core / n8n-workflow 2.x under Node 24.
# Extra arguments go to jest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node24-env.sh"
leg="$root/tools/n8n2"
ensure_deps "$leg"
cd "$root"
echo "n8n-core $(node -p "require('$leg/node_modules/n8n-core/package.json').version"), n8n-workflow $(node -p "require('$leg/node_modules/n8n-workflow/package.json').version"), Node $(node --version)"
N8N_ENGINE=2 exec node node_modules/jest/bin/jest.js test/workflows.test.ts test/credentials.test.ts test/trigger.test.ts "$@"
