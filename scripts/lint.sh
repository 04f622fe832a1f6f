#!/usr/bin/env bash
# npm run lint: n8n's community-node ESLint rules (strict, as @n8n/node-cli ships them) over
# nodes/, credentials/ and package.json, under Node 24. Extra arguments go to eslint.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24="$(bash "$root/scripts/node24.sh" | tail -n 1)"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
lint="$root/tools/lint"
if [ ! -f "$lint/node_modules/.package-lock.json" ] || [ "$lint/package-lock.json" -nt "$lint/node_modules/.package-lock.json" ]; then
  (cd "$lint" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
cd "$root"
exec "$lint/node_modules/.bin/eslint" --max-warnings 0 nodes credentials package.json "$@"
