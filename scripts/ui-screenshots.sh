#!/usr/bin/env bash
# npm run ui:screenshots: the editor as a new user sees it. Real n8n 2.41.1 (Node 24) with this
# package installed from its packed tarball into a throwaway user folder, the provider simulator,
# its credentials imported; then scripts/editor-screenshots.js sets up the owner and drives the
# editor in the system's Chromium (Debian: apt-get install chromium; or CHROMIUM=/path) with
# playwright-core from tools/ui, writing PNGs to ui-screenshots/ (git-ignored; UI_SCREENSHOTS=dir
# to change). Everything listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/real-n8n.sh"
ensure_n8n
ensure_deps "$root/tools/ui"
(cd "$root" && npm run build:scripts --silent)

out="${UI_SCREENSHOTS:-$root/ui-screenshots}"
folder="$(mktemp -d)"
sim="" n8n=""
cleanup() {
  if [ -n "$n8n" ]; then kill "$n8n" 2>/dev/null || true; wait "$n8n" 2>/dev/null || true; fi
  if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi
  rm -rf "$folder"
}
trap cleanup EXIT

export N8N_USER_FOLDER="$folder" SIM_PORT_BASE="${SIM_PORT_BASE:-4400}" N8N_PORT="${N8N_PORT:-5680}" \
  N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5681}" DB_SQLITE_POOL_SIZE=0
install_package "$folder"
node "$root/build/scripts/simulator.js" > "$folder/simulator.log" 2>&1 &
sim=$!
for _ in $(seq 50); do grep -q "Run Control provider simulator" "$folder/simulator.log" 2>/dev/null && break; sleep 0.2; done
node "$root/scripts/simulator-credentials.js" > "$folder/credentials.json"
node "$root/scripts/editor-screenshots.js" prepare "$folder"
"$N8N_BIN" import:credentials --input="$folder/credentials.json" > "$folder/import.log" 2>&1
"$N8N_BIN" import:credentials --input="$folder/extra-credentials.json" >> "$folder/import.log" 2>&1
for file in "$folder"/workflows/*.json; do "$N8N_BIN" import:workflow --input="$file" >> "$folder/import.log" 2>&1; done
"$N8N_BIN" start > "$folder/n8n.log" 2>&1 &
n8n=$!
node "$root/scripts/editor-screenshots.js" "http://127.0.0.1:$N8N_PORT" "$out" || { tail -n 30 "$folder/n8n.log" >&2; exit 1; }
