#!/usr/bin/env bash
# npm run dev: real n8n 2.x (Node 24) on http://localhost:5678 with this package installed as users
# get it and the provider simulator running; the example workflows and simulator credentials are
# imported, so every operation can be tried without accounts. Ctrl+C stops both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/real-n8n.sh"
ensure_n8n
(cd "$root" && npm run build:scripts --silent)
export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$root/.tooling/n8n-dev}"
install_package "$N8N_USER_FOLDER"
node "$root/build/scripts/simulator.js" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
creds="$(mktemp)"
node "$root/scripts/simulator-credentials.js" > "$creds"
"$N8N_BIN" import:credentials --input="$creds" >/dev/null
for file in "$root"/examples/*.json; do "$N8N_BIN" import:workflow --input="$file" >/dev/null; done
rm -f "$creds"
echo "Open http://127.0.0.1:5678 (listening on loopback only; the examples are imported; the simulator serves ports 4101 and up, one per provider)."
"$N8N_BIN" start
