#!/usr/bin/env bash
# A private Python environment with Splink from PyPI for `pnpm bench:accuracy --peer splink`.
# Idempotent: an environment that already holds the pinned version is reused. Prints the interpreter's path.
set -euo pipefail
SPLINK_VERSION="${SPLINK_VERSION:-5.0.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.rapport/splink-venv"
python="${PYTHON:-python3}"
if ! "$venv/bin/python" -c "import splink, sys; sys.exit(0 if splink.__version__ == '$SPLINK_VERSION' else 1)" 2>/dev/null; then
  command -v "$python" >/dev/null || { echo "splink-env: $python not found (Python 3.9+ is needed)" >&2; exit 1; }
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "splink==$SPLINK_VERSION" >&2
fi
echo "$venv/bin/python"
