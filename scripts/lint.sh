#!/usr/bin/env bash
# npm run lint: n8n's community-node ESLint rules (strict, as @n8n/node-cli ships them) over
# nodes/ (credentials included) and package.json, under Node 24. Extra arguments go to eslint.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node24-env.sh"
ensure_deps "$root/tools/lint"
cd "$root"
exec "$root/tools/lint/node_modules/.bin/eslint" --max-warnings 0 nodes package.json "$@"
