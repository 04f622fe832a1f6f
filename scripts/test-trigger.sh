#!/usr/bin/env bash
# npm run test:trigger: the Run Control Trigger in REAL n8n 2.41.1 (`n8n start`, SQLite), as users run
# it: the packed tarball installed into a throwaway user folder, the provider simulator with its
# control port (scripts/queue-simulator.ts) so runs can start and finish while n8n polls, and
# workflows activated through n8n's REST API (owner set up, logged in, activate), polling every
# minute (n8n's minimum). scripts/trigger-scenario.js drives it: runs spanning the activation, runs
# that start and finish between polls, n8n stopped and started again between two polls, and checks
# in n8n's executions (SQLite) that each event arrived exactly once. About 3 minutes once n8n is
# installed. Everything started here is stopped by PID.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)
source "$root/scripts/real-n8n.sh"
ensure_n8n
(cd "$root" && npm run build:scripts --silent)

work="$(mktemp -d /tmp/rc-trigger.XXXXXX)"
logs="$work/logs"
mkdir -p "$logs"
keep_logs="$root/.tooling/trigger-logs"
sim=""
n8n_pid=""

stop_pid() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$n8n_pid"
  stop_pid "$sim"
  rm -rf "$keep_logs"
  mkdir -p "$keep_logs"
  cp -r "$logs"/. "$keep_logs"/ 2>/dev/null || true
  if [ $rc -ne 0 ]; then
    echo "test:trigger failed; logs kept in .tooling/trigger-logs. Last lines:"
    for file in "$logs"/*.log; do echo "── $(basename "$file")"; tail -n 15 "$file"; done
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export SIM_PORT_BASE="${TRIGGER_SIM_PORT_BASE:-4500}" # the control server on it, the simulator on +1, +2, … (one port per provider)
port="${TRIGGER_N8N_PORT:-5740}"
export N8N_USER_FOLDER="$work/n8n" N8N_PORT="$port" N8N_RUNNERS_BROKER_PORT=$((port + 1)) N8N_HOST=127.0.0.1 N8N_LISTEN_ADDRESS=127.0.0.1 \
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false DB_SQLITE_POOL_SIZE=0 N8N_LOG_LEVEL=info

node "$root/build/scripts/queue-simulator.js" > "$logs/simulator.log" 2>&1 &
sim=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$SIM_PORT_BASE/health" > /dev/null 2>&1 && break; sleep 0.2; done

install_package "$N8N_USER_FOLDER"
node "$root/scripts/simulator-credentials.js" > "$work/credentials.json"
mkdir -p "$work/workflows"
node "$root/scripts/trigger-scenario.js" prepare "$work/workflows"
"$N8N_BIN" import:credentials --input="$work/credentials.json" > "$logs/import.log" 2>&1
"$N8N_BIN" import:workflow --separate --input="$work/workflows" >> "$logs/import.log" 2>&1
echo "[test:trigger $(( $(date +%s) - started ))s] n8n $("$N8N_BIN" --version | tail -n 1) (Node $(node --version)): package installed, credentials and $(ls "$work/workflows" | wc -l) workflows imported"

# The scenario starts and stops n8n itself (it restarts it between two polls) through these commands.
export TRIGGER_N8N_START="$N8N_BIN start" TRIGGER_LOGS="$logs" TRIGGER_N8N_MODULES="$n8n_dir/node_modules" \
  TRIGGER_DB="$N8N_USER_FOLDER/.n8n/database.sqlite" TRIGGER_MAIN_URL="http://127.0.0.1:$port" \
  TRIGGER_CONTROL_URL="http://127.0.0.1:$SIM_PORT_BASE"
status=0
node "$root/scripts/trigger-scenario.js" run || status=1
echo "test:trigger ran n8n $("$N8N_BIN" --version | tail -n 1) (Node $(node --version)); took $(( $(date +%s) - started )) s; $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
