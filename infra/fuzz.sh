#!/usr/bin/env bash
# API fuzzing with schemathesis (from PyPI, in a private virtual environment in the machine's cache).
#   infra/fuzz.sh ensure                     install the pinned schemathesis when missing
#   infra/fuzz.sh run NAME BASE_URL SECONDS  fuzz one running service through its /docs/json
# Every check, stateless phases, a fixed seed, SECONDS in all. A document that declares Idempotency-Key
# gets two passes: as published (two thirds of the time; a reused key's 422 is then a correct answer),
# then a copy without the header (a valid request must be accepted). Reports (JUnit, logs) go to
# .rapport/fuzz/NAME/. Exit 1 on any failure, error, or warning that the document cannot be used as written.
# Env: FUZZ_API_KEY (default: the dev key `./dev.sh up` made), FUZZ_WORKERS (1), FUZZ_SEED (1),
# FUZZ_REPORTS (junit; e.g. junit,har to keep every request and answer).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMATHESIS_VERSION=4.32.5
VENV="$RAPPORT_CACHE/schemathesis-$SCHEMATHESIS_VERSION"
FUZZ="$ROOT/infra/fuzz"

ensure() {
  if [[ -x "$VENV/bin/schemathesis" ]]; then return; fi
  command -v python3 >/dev/null || apt_install python3
  step "Installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $VENV"
  rm -rf "$VENV"
  # Debian splits venv (and its pip) into python3-venv.
  python3 -m venv "$VENV" 2>/dev/null || { rm -rf "$VENV"; apt_install python3-venv; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    >"$RAPPORT_STATE/fuzz-install.log" 2>&1 \
    || { cat "$RAPPORT_STATE/fuzz-install.log" >&2; rm -rf "$VENV"; fail "installing schemathesis failed"; }
}

# pass NAME DOCUMENT BASE_URL SECONDS CONFIG
pass() {
  local dir=$1 document=$2 url=$3 seconds=$4 config=$5 key
  key="${FUZZ_API_KEY:-$(cat "$RAPPORT_STATE/api-key")}"
  mkdir -p "$dir"
  # One worker by default: CPython 3.11 keeps ast.parse's recursion depth in interpreter-wide state, so
  # two worker threads parsing at once (Hypothesis does, to describe strategies) fail at random with
  # "AST constructor recursion depth mismatch" (cpython#106905).
  # Run inside the report folder: nothing is left in the checkout; no example database, so a run is
  # the same run every time.
  (cd "$dir" && PYTHONPATH="$FUZZ" SCHEMATHESIS_HOOKS=hooks "$VENV/bin/schemathesis" --config-file "$config" \
    run "$document" --url "$url" -H "x-api-key: $key" --max-time "$seconds" --seed "${FUZZ_SEED:-1}" \
    --workers "${FUZZ_WORKERS:-1}" --generation-database none --no-color \
    --report "${FUZZ_REPORTS:-junit}" --report-dir "$dir" >"$dir/schemathesis.log" 2>&1)
}

run() {
  local name=$1 url=$2 seconds=$3 dir="$RAPPORT_STATE/fuzz/$1" code=0
  ensure
  rm -rf "$dir"; mkdir -p "$dir"
  curl -fsS "$url/docs/json" >"$dir/openapi.json" || fail "$name: no OpenAPI document at $url/docs/json"
  cp "$FUZZ/schemathesis.toml" "$dir/schemathesis.toml"
  local passes=("published:$dir/openapi.json:$seconds:$dir/schemathesis.toml")
  if grep -qi '"idempotency-key"' "$dir/openapi.json"; then
    "$VENV/bin/python" "$FUZZ/without-idempotency-key.py" <"$dir/openapi.json" >"$dir/openapi-without-key.json"
    cat "$FUZZ/schemathesis.toml" "$FUZZ/with-idempotency-keys.toml" >"$dir/with-keys.toml"
    passes=("with-keys:$dir/openapi.json:$((seconds * 2 / 3)):$dir/with-keys.toml"
      "without-keys:$dir/openapi-without-key.json:$((seconds - seconds * 2 / 3)):$dir/schemathesis.toml")
  fi
  for p in "${passes[@]}"; do
    IFS=: read -r label document budget config <<<"$p"
    step "Fuzzing $name ($label, ${budget} s)"
    if pass "$dir/$label" "$document" "$url" "$budget" "$config"; then
      info "$(grep -E '^=+ .* in [0-9.]+s =+$' "$dir/$label/schemathesis.log" | tail -1 | tr -d '=' | xargs)"
    else
      code=1
      # The failures and the summary, not the progress lines.
      sed -n '/^=* FAILURES\|^=* ERRORS\|^=* WARNINGS/,$p' "$dir/$label/schemathesis.log" | cut -c1-400 | tail -150 >&2
      info "$name ($label) failed: $dir/$label/schemathesis.log"
    fi
  done
  return $code
}

case "${1:-}" in
  ensure) ensure ;;
  run) [[ $# -eq 4 ]] || fail "usage: infra/fuzz.sh run NAME BASE_URL SECONDS"; run "$2" "$3" "$4" ;;
  *) fail "usage: infra/fuzz.sh ensure | run NAME BASE_URL SECONDS" ;;
esac
