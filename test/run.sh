#!/usr/bin/env bash
# The kit's whole test run (`make test`, `.ci/run`): installs what the tests
# need, then runs every suite with node:test.
#   SUITES="unit docker"  run only these folders of test/ (default: all)
#   CI=true               a required suite that cannot run fails instead of skipping
set -euo pipefail
cd "$(dirname "$0")/.."

# npm packages, when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# LiteLLM (pinned to the image's version) and the S3 server for the e2e suites.
bash test/e2e/setup-venv.sh

suites=${SUITES:-"unit docker e2e runtime"}
# Deno 2 and Node 22 (pinned, into .cache/runtimes) for the runtime suite; when
# that fails the suite says why it skips (and fails under CI=true).
case " $suites " in *" runtime "*) bash test/runtime/install-runtimes.sh || echo "install-runtimes failed: the runtime suite skips Deno/Node 22" >&2 ;; esac
files=()
for s in $suites; do
  for f in test/$s/*.test.ts test/helpers/*.test.ts; do
    [ -f "$f" ] && files+=("$f")
  done
done
# helpers' tests are listed once
mapfile -t files < <(printf '%s\n' "${files[@]}" | awk '!seen[$0]++')
# Node 20's test runner neither finds .ts files nor expands quoted globs: list them.
exec node --import tsx --test --test-reporter=spec "${files[@]}"
