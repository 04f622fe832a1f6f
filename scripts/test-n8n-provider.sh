#!/usr/bin/env bash
# npm run test:n8n-provider: the n8n provider against REAL n8n, two legs: n8n 2.41.1 on Node 24
# (every operation and the Run Control Trigger) and n8n 1.123.50 on Node 20 (Get, Get Many, Wait,
# and Cancel's clear error). Each leg installs the packed tarball into a throwaway user folder as
# the Community Nodes installer does, and scripts/n8n-provider-scenario.js starts `n8n start`,
# sets up the owner and an API key, and drives everything through n8n's REST API and webhooks.
# N8N_LEGS=2 or N8N_LEGS=1 runs one leg only (default: both). Loopback only; about 4 minutes
# once n8n is installed. Everything started here is stopped by PID.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)
source "$root/scripts/real-n8n.sh"
legs="${N8N_LEGS:-2 1}"
case " $legs " in *" 2 "*) ensure_n8n ;; esac
case " $legs " in *" 1 "*) ensure_n8n1 ;; esac

work="$(mktemp -d "${TMPDIR:-/tmp}/rc-n8n-provider.XXXXXX")"
logs="$work/logs"
mkdir -p "$logs"
keep_logs="$root/.tooling/n8n-provider-logs"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  rm -rf "$keep_logs"
  mkdir -p "$keep_logs"
  cp -r "$logs"/. "$keep_logs"/ 2>/dev/null || true
  if [ $rc -ne 0 ]; then
    echo "test:n8n-provider failed; logs kept in .tooling/n8n-provider-logs. Last lines:"
    for file in "$logs"/*.log; do [ -f "$file" ] && { echo "── $(basename "$file")"; tail -n 15 "$file"; }; done
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# leg <2|1> <n8n bin> <runner: command prefix choosing the Node> <port> <n8n start command, as the scenario spawns it>
leg() {
  local which="$1" bin="$2" run="$3" port="$4" start="$5" folder t_leg status=0
  t_leg=$(date +%s)
  folder="$work/n8n-$which"
  install_package "$folder"
  echo "── n8n $($run "$bin" --version 2>/dev/null | tail -n 1) on Node $($run node --version): package installed"
  N8N_USER_FOLDER="$folder" N8N_PORT="$port" N8N_RUNNERS_BROKER_PORT=$((port + 1)) N8N_HOST=127.0.0.1 N8N_LISTEN_ADDRESS=127.0.0.1 \
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false DB_SQLITE_POOL_SIZE=0 N8N_LOG_LEVEL=info N8N_PUBLIC_API_SWAGGERUI_DISABLED=true \
    N8N_PROVIDER_START="$start" N8N_PROVIDER_MAIN_URL="http://127.0.0.1:$port" N8N_PROVIDER_LOGS="$logs" \
    $run node "$root/scripts/n8n-provider-scenario.js" "$which" || status=1
  echo "n8n $which.x leg took $(( $(date +%s) - t_leg )) s"
  return $status
}

status=0
for which in $legs; do
  case "$which" in
    2) leg 2 "$N8N_BIN" "" "${N8N_PROVIDER_PORT:-5760}" "$N8N_BIN start" || status=1 ;;
    # n8n 1.x runs on Node 20, and exits on N8N_DISABLED_MODULES=mcp-registry (an unknown module there).
    1) leg 1 "$N8N1_BIN" "with_node20 env -u N8N_DISABLED_MODULES" "${N8N_PROVIDER_PORT1:-5770}" \
         "env -u npm_config_nodedir -u N8N_DISABLED_MODULES PATH=$path_before_node24 $N8N1_BIN start" || status=1 ;;
    *) echo "N8N_LEGS: unknown leg '$which' (2 or 1)" >&2; exit 2 ;;
  esac
done
echo "test:n8n-provider took $(( $(date +%s) - started )) s; $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
