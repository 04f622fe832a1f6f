#!/usr/bin/env bash
# npm run test:queue: the package in n8n's queue mode, as a production deployment runs it.
#
# Installs what is missing (Debian postgresql and redis-server through apt, as root; real n8n 2.41.1
# as `npm run test:n8n` does), then starts, on loopback and in a throwaway folder, on non-default
# ports: PostgreSQL, Redis, the provider simulator (scripts/queue-simulator.ts), one n8n main
# (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) and two `n8n worker` processes, all loading the packed
# tarball from <user folder>/.n8n/nodes as users get it. scripts/queue-scenarios.js then drives the
# scenarios through webhooks, active Run Control Trigger workflows (polling every minute on the main)
# and n8n's REST API, and checks them in PostgreSQL, the workers' logs and the simulator's request
# log. About 4 minutes once n8n is installed. Everything started here is stopped by PID on success, failure or interrupt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)
say() { printf '[test:queue %3ds] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# ---- system packages ---------------------------------------------------------------------------
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "test:queue needs ${missing[*]} (Debian packages); run as root or install them." >&2; exit 1; fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

source "$root/scripts/real-n8n.sh"
ensure_n8n
(cd "$root" && npm run build:scripts --silent)

# ---- ports and folders -------------------------------------------------------------------------
base="${QUEUE_PORT_BASE:-5730}"
pg_port="${QUEUE_PG_PORT:-55432}"
redis_port="${QUEUE_REDIS_PORT:-56379}"
export SIM_PORT_BASE="${QUEUE_SIM_PORT_BASE:-4300}" # its control server on it, the simulator on +1, +2, … (one port per provider)
main_port=$base
work="$(mktemp -d /tmp/rc-queue.XXXXXX)"
chmod 755 "$work"
logs="$work/logs"
mkdir -p "$logs" "$work/redis" "$work/pg"
pids=()
names=()
keep_logs="$root/.tooling/queue-logs"

stop_all() {
  local rc=$? i pid
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[$i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "  ${names[$i]} (pid $pid) still running after 10 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  if [ -f "$work/pg/data/postmaster.pid" ]; then pg_as "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop > /dev/null 2>&1 || true; fi
  cp "$work/pg/postgres.log" "$logs/" 2>/dev/null || true
  rm -rf "$keep_logs"
  mkdir -p "$keep_logs"
  cp -r "$logs"/. "$keep_logs"/ 2>/dev/null || true
  if [ $rc -ne 0 ]; then
    echo "test:queue failed; logs kept in .tooling/queue-logs. Last lines:"
    for file in "$logs"/*.log; do echo "── $(basename "$file")"; tail -n 15 "$file"; done
  fi
  rm -rf "$work"
  exit $rc
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start <name> <command…>: runs a command in the background, its output in logs/<name>.log.
start() {
  local name="$1"
  shift
  "$@" > "$logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

# wait_for <seconds> <what> <command…>: polls the command until it succeeds.
wait_for() {
  local limit="$1" what="$2" t0
  shift 2
  t0=$(date +%s)
  until "$@" > /dev/null 2>&1; do
    if [ $(( $(date +%s) - t0 )) -ge "$limit" ]; then echo "$what: not ready after $limit s" >&2; return 1; fi
    sleep 0.5
  done
  say "$what ready in $(( $(date +%s) - t0 )) s"
}

# ---- PostgreSQL (refuses to run as root: as the postgres user, in a folder it owns) -------------
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
pg_as "$pg_bin/initdb" -D "$work/pg/data" -U n8n --auth=trust -E UTF8 --no-locale > "$logs/initdb.log" 2>&1
pg_as "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/pg -c fsync=off" start > /dev/null
wait_for 30 "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port" "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -U n8n -d postgres
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U n8n n8n

# ---- Redis ---------------------------------------------------------------------------------------
start redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly no
wait_for 30 "Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//') on 127.0.0.1:$redis_port" redis-cli -p "$redis_port" ping

# ---- simulator -----------------------------------------------------------------------------------
start simulator node "$root/build/scripts/queue-simulator.js"
wait_for 30 "simulator and its control server on 127.0.0.1:$SIM_PORT_BASE and up" curl -sf "http://127.0.0.1:$SIM_PORT_BASE/health"

# ---- n8n: one user folder with the packed package, shared settings -------------------------------
export N8N_USER_FOLDER="$work/n8n"
install_package "$N8N_USER_FOLDER"
say "installed $(cd "$N8N_USER_FOLDER/.n8n/nodes" && node -p "require('./node_modules/n8n-nodes-run-control/package.json').version") of n8n-nodes-run-control into the user folder"
export EXECUTIONS_MODE=queue \
  DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$pg_port" DB_POSTGRESDB_DATABASE=n8n DB_POSTGRESDB_USER=n8n DB_POSTGRESDB_PASSWORD= \
  QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$redis_port" \
  N8N_ENCRYPTION_KEY=run-control-queue-key N8N_HOST=127.0.0.1 N8N_LISTEN_ADDRESS=127.0.0.1 \
  N8N_LOG_LEVEL=info N8N_RUNNERS_MODE=internal \
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false N8N_DEFAULT_BINARY_DATA_MODE=database
node "$root/scripts/simulator-credentials.js" > "$work/credentials.json"
mkdir -p "$work/workflows"
node "$root/scripts/queue-scenarios.js" prepare "$work/workflows"
t0=$(date +%s)
N8N_PORT=$main_port N8N_RUNNERS_BROKER_PORT=$((base + 1)) "$N8N_BIN" import:credentials --input="$work/credentials.json" > "$logs/import.log" 2>&1
N8N_PORT=$main_port N8N_RUNNERS_BROKER_PORT=$((base + 1)) "$N8N_BIN" import:workflow --separate --input="$work/workflows" >> "$logs/import.log" 2>&1
say "database migrated, credentials and $(ls "$work/workflows" | wc -l) workflows imported in $(( $(date +%s) - t0 )) s"

start main env N8N_PORT=$main_port N8N_RUNNERS_BROKER_PORT=$((base + 1)) "$N8N_BIN" start
wait_for 120 "n8n $("$N8N_BIN" --version | tail -n 1) main on 127.0.0.1:$main_port" curl -sf "http://127.0.0.1:$main_port/healthz/readiness"
for n in 1 2; do
  start "worker-$n" env QUEUE_HEALTH_CHECK_ACTIVE=true QUEUE_HEALTH_CHECK_PORT=$((base + 2 * n)) N8N_RUNNERS_BROKER_PORT=$((base + 2 * n + 1)) \
    "$N8N_BIN" worker --concurrency=5
done
for n in 1 2; do wait_for 120 "worker-$n (health on 127.0.0.1:$((base + 2 * n)))" curl -sf "http://127.0.0.1:$((base + 2 * n))/healthz/readiness"; done

# ---- scenarios -----------------------------------------------------------------------------------
export QUEUE_MAIN_URL="http://127.0.0.1:$main_port" QUEUE_CONTROL_URL="http://127.0.0.1:$SIM_PORT_BASE" \
  QUEUE_PG_PORT="$pg_port" QUEUE_REDIS_PORT="$redis_port" QUEUE_LOGS="$logs" QUEUE_N8N_MODULES="$n8n_dir/node_modules"
status=0
node "$root/scripts/queue-scenarios.js" run || status=1
say "test:queue ran n8n $("$N8N_BIN" --version | tail -n 1) (Node $(node --version)), PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//'); $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
