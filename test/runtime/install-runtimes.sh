#!/usr/bin/env bash
# Installs the runtimes the runtime suite runs the scripts under — Deno 2 and
# Node 22 (both npm packages ship the binary) — into <kit>/.cache/runtimes
# (gitignored), at pinned versions. Only the tests need them; users of the kit
# run whatever they have. Idempotent: does nothing when both are there.
#   DENO_VERSION / NODE22_VERSION   override the pins
# Prints nothing on success but what npm prints; exit 1 when an install fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

DENO_VERSION=${DENO_VERSION:-2.9.6}
NODE22_VERSION=${NODE22_VERSION:-22.23.3}
prefix=.cache/runtimes
bin=$prefix/node_modules/.bin

have() { # name version-line-pattern
  [ -x "$bin/$1" ] && "$bin/$1" --version 2>/dev/null | head -n1 | grep -q -- "$2"
}

want=()
have deno "^deno $DENO_VERSION " || want+=("deno@$DENO_VERSION")
have node "^v$NODE22_VERSION\$" || want+=("node@$NODE22_VERSION")
[ ${#want[@]} -eq 0 ] && exit 0

mkdir -p "$prefix"
# Both packages fetch their binary in an install script: the kit's .npmrc
# preload (--import=tsx) must not reach it, since tsx is not installed there.
# The previously installed set is passed again so --no-save keeps it.
NODE_OPTIONS= npm_config_node_options= \
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock \
  "deno@$DENO_VERSION" "node@$NODE22_VERSION"

have deno "^deno $DENO_VERSION " || { echo "install-runtimes: deno $DENO_VERSION did not install a working binary" >&2; exit 1; }
have node "^v$NODE22_VERSION\$" || { echo "install-runtimes: node $NODE22_VERSION did not install a working binary" >&2; exit 1; }
