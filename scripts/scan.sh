#!/usr/bin/env bash
# npm run scan: n8n's package scanner rules on our packed tarball, under Node 24.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node24-env.sh"
ensure_deps "$root/tools/lint"
exec node "$root/scripts/scan-tarball.mjs"
