# Sourced by the scripts that need Node 24: puts the registry Node 24 toolchain first on PATH, points
# npm's native builds at its headers, and offers `ensure_deps <folder>` (install a tools/ folder
# from its lockfile when node_modules is missing or older than the lockfile).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24="$(bash "$root/scripts/node24.sh" | tail -n 1)"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"

ensure_deps() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error)
  fi
}
