#!/usr/bin/env bash
# Creates <kit root>/.venv with the e2e test's Python packages (LiteLLM proxy,
# moto server). Idempotent: a stamp holds the sha256 of requirements.txt, so a
# re-run with unchanged requirements does nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kit_root=$(cd "$here/../.." && pwd)
venv="$kit_root/.venv"
req="$here/requirements.txt"
stamp="$venv/.e2e-requirements.sha256"
python=${PYTHON:-python3}

want=$(sha256sum "$req" | cut -d' ' -f1)
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "setup-venv: $venv is up to date (requirements ${want:0:12})"
  exit 0
fi

start=$SECONDS
created=updated
if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
  created=created
fi
# Quiet pip, but keep its output for the error case.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup-venv: pip install failed" >&2
  exit 1
fi
# The stamp is written last, so an interrupted install is retried next time.
printf '%s\n' "$want" >"$stamp"
echo "setup-venv: $created $venv from requirements ${want:0:12} in $((SECONDS - start)) s"
