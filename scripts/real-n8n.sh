#!/usr/bin/env bash
# Shared by `npm run dev`, `npm run test:n8n` and `npm run test:queue`: a Node 24 toolchain, real n8n
# 2.41.1 installed in tools/n8n-real (npm install --ignore-scripts, then sqlite3 built from source),
# real n8n 1.123.50 in tools/n8n1 for the 1.x leg (Node 20: the `node` found on PATH before this
# file is sourced), and this package packed and installed into an n8n user folder the way the
# Community Nodes installer does (npm install into <user folder>/.n8n/nodes).
#
# n8n is installed from the committed lockfile with --no-save: npm never rewrites the lockfile (on a
# fresh clone `git status` stays empty). To move to another n8n version, change package.json there,
# run `npm install --ignore-scripts` in that folder under the right Node, and commit the lockfile.
set -euo pipefail
path_before_node24="$PATH"
source "$(dirname "${BASH_SOURCE[0]}")/node24-env.sh"
n8n_dir="$root/tools/n8n-real"
N8N_BIN="$n8n_dir/node_modules/.bin/n8n"

ensure_n8n() {
  if [ ! -x "$N8N_BIN" ] || [ ! -f "$n8n_dir/node_modules/.sqlite3-built" ]; then
    echo "Installing n8n $(node -p "require('$n8n_dir/package.json').dependencies.n8n") under Node $(node --version) (about 5 minutes, 3 GB)…" >&2
    (cd "$n8n_dir" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
    (cd "$n8n_dir" && npm_config_build_from_source=sqlite3 npm rebuild sqlite3 --loglevel=error >&2)
    touch "$n8n_dir/node_modules/.sqlite3-built"
  fi
}

n8n1_dir="$root/tools/n8n1"
N8N1_BIN="$n8n1_dir/node_modules/.bin/n8n"

# with_node20 <command…>: runs a command under the Node 20 found on PATH before the Node 24 toolchain
# (npm's own config then builds native modules for it).
with_node20() {
  env -u npm_config_nodedir PATH="$path_before_node24" "$@"
}

ensure_n8n1() {
  local major
  major="$(with_node20 node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" != 20 ]; then echo "The n8n 1.x leg needs Node 20 on PATH (found $(with_node20 node --version))." >&2; return 1; fi
  if [ ! -x "$N8N1_BIN" ] || [ ! -f "$n8n1_dir/node_modules/.sqlite3-built" ]; then
    echo "Installing n8n $(node -p "require('$n8n1_dir/package.json').dependencies.n8n") under Node $(with_node20 node --version) (about 4-5 minutes, 1.7 GB)…" >&2
    (cd "$n8n1_dir" && with_node20 npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
    (cd "$n8n1_dir" && npm_config_build_from_source=sqlite3 with_node20 npm rebuild sqlite3 --loglevel=error >&2)
    touch "$n8n1_dir/node_modules/.sqlite3-built"
  fi
}

# install_package <user folder>: npm pack this package, install the tarball into <folder>/.n8n/nodes.
install_package() {
  local folder="$1" pack
  (cd "$root" && npm run build --silent >&2)
  pack="$(mktemp -d)"
  (cd "$root" && npm pack --silent --pack-destination "$pack" >/dev/null)
  mkdir -p "$folder/.n8n/nodes"
  [ -f "$folder/.n8n/nodes/package.json" ] || echo '{"name":"installed-nodes","private":true}' > "$folder/.n8n/nodes/package.json"
  # Peer n8n-workflow is n8n's own copy: never install a second one next to the package.
  (cd "$folder/.n8n/nodes" && npm install --no-audit --no-fund --ignore-scripts --legacy-peer-deps --loglevel=error "$pack"/*.tgz >&2)
  rm -rf "$pack"
}

# Keeps n8n off the network and out of the way of other runs; its editor and API listen on loopback
# only (n8n's default is every interface).
export N8N_LISTEN_ADDRESS="${N8N_LISTEN_ADDRESS:-127.0.0.1}"
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false \
  N8N_VERIFIED_PACKAGES_ENABLED=false N8N_DISABLED_MODULES=mcp-registry N8N_PERSONALIZATION_ENABLED=false \
  N8N_ENCRYPTION_KEY="${N8N_ENCRYPTION_KEY:-run-control-local-key}" N8N_SECURE_COOKIE=false
