#!/usr/bin/env bash
# Ensures Node 24 LTS and pnpm (from the npm registry, into the machine's cache) and the workspace's
# packages. Prints the PATH entry to use; source-safe: `eval "$(infra/toolchain.sh env)"`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NODE_VERSION="$(cat "$ROOT/.nvmrc")"   # major line, e.g. 24
# Versions are read from files, not from `node -e` or `pnpm -v`: every `./dev.sh` command runs this,
# a restart after a crash included, and each Node process costs a second on a loaded machine.
version_in() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$1" 2>/dev/null | head -1; }
PNPM_VERSION="$(sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")"
NODE_PREFIX="$RAPPORT_CACHE/node$NODE_VERSION"

ensure_node() {
  if [[ -x "$NODE_PREFIX/bin/node" && -x "$NODE_PREFIX/bin/pnpm" ]] \
     && [[ "$(version_in "$NODE_PREFIX/lib/node_modules/node/package.json")" == "$NODE_VERSION".* ]] \
     && [[ "$(version_in "$NODE_PREFIX/lib/node_modules/pnpm/package.json")" == "$PNPM_VERSION" ]]; then
    return
  fi
  command -v npm >/dev/null || fail "npm is needed to install Node $NODE_VERSION (install Node.js with npm first)"
  step "Installing Node $NODE_VERSION and pnpm $PNPM_VERSION into $NODE_PREFIX"
  # A plain global install would clash with the system's /usr/bin/node; a prefix keeps it private.
  npm install --global --prefix "$NODE_PREFIX" --no-fund --no-audit --loglevel=error \
    "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" >/dev/null
}

ensure_packages() {
  export PATH="$NODE_PREFIX/bin:$PATH"
  local stamp="$ROOT/node_modules/.rapport-lock-hash"
  local hash; hash="$(cat "$ROOT/pnpm-lock.yaml" "$ROOT/package.json" | sha256sum | cut -c1-16)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then return; fi
  step "Installing workspace packages (pnpm install --frozen-lockfile)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
  echo "$hash" > "$stamp"
}

case "${1:-ensure}" in
  ensure) ensure_node; ensure_packages; echo "$NODE_PREFIX/bin" ;;
  env) ensure_node; ensure_packages; echo "export PATH=\"$NODE_PREFIX/bin:\$PATH\"" ;;
  *) fail "usage: infra/toolchain.sh [ensure|env]" ;;
esac
