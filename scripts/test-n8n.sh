#!/usr/bin/env bash
# npm run test:n8n: the smoke test in REAL n8n 2.x (Node 24). Installs the packed tarball into a
# throwaway n8n user folder as the Community Nodes installer does, imports the simulator
# credentials and the examples/ workflows with n8n's CLI, executes each headless against the
# provider simulator, and checks the Run Control nodes' output items in n8n's database.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)
source "$root/scripts/real-n8n.sh"
ensure_n8n
(cd "$root" && npm run build:scripts --silent)
export N8N_USER_FOLDER="$(mktemp -d)"
export SIM_PORT_BASE="${SIM_PORT_BASE:-4200}" N8N_PORT=5699 N8N_RUNNERS_BROKER_PORT=5698 DB_SQLITE_POOL_SIZE=0
install_package "$N8N_USER_FOLDER"
echo "installed: $(ls "$N8N_USER_FOLDER/.n8n/nodes/node_modules" | grep n8n-nodes-) (n8n-workflow copies next to it: $(ls "$N8N_USER_FOLDER/.n8n/nodes/node_modules" | grep -c '^n8n-workflow$' || true))"
node "$root/build/scripts/simulator.js" > "$N8N_USER_FOLDER/simulator.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true; rm -rf "$N8N_USER_FOLDER"' EXIT
for _ in $(seq 50); do grep -q "4203\|$((SIM_PORT_BASE + 3))" "$N8N_USER_FOLDER/simulator.log" 2>/dev/null && break; sleep 0.2; done
creds="$N8N_USER_FOLDER/credentials.json"
node "$root/scripts/simulator-credentials.js" > "$creds"
"$N8N_BIN" import:credentials --input="$creds" > "$N8N_USER_FOLDER/import.log" 2>&1
for file in "$root"/examples/*.json; do "$N8N_BIN" import:workflow --input="$file" >> "$N8N_USER_FOLDER/import.log" 2>&1; done
status=0
for file in "$root"/examples/*.json; do
  id="$(node -p "require('$file').id")"
  t0=$(date +%s)
  "$N8N_BIN" execute --id="$id" > "$N8N_USER_FOLDER/execute-$id.log" 2>&1 || true
  echo "executed $(basename "$file") in $(( $(date +%s) - t0 )) s"
done
node "$root/scripts/check-n8n-executions.js" "$N8N_USER_FOLDER/.n8n/database.sqlite" "$n8n_dir/node_modules" || status=1
echo "test:n8n took $(( $(date +%s) - started )) s"
exit $status
