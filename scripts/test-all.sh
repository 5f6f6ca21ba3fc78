#!/usr/bin/env bash
# The one test command: every test on SQLite and on a throwaway PostgreSQL cluster, browser
# stories in Debian's Chromium. Installs what it needs (Debian's postgresql and chromium, the npm
# dependencies), so a fresh machine and CI pass with this script alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "[test-all] $*"; }
trap 'log "FAILED (exit $?)"' ERR

have_initdb() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}

missing=()
have_initdb || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ((${#missing[@]})); then
  log "installing Debian's ${missing[*]}"
  sudo=()
  [[ $EUID -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  have_initdb || { log "postgresql installed but no initdb found"; exit 1; }
  [[ -x /usr/bin/chromium ]] || { log "chromium installed but /usr/bin/chromium is missing"; exit 1; }
fi

# npm ci deletes node_modules first; skip it when node_modules was installed from this very
# lockfile, so a run does not pull the toolchain from under other work in the same tree.
# CI's fresh clone has no node_modules, so it always installs.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.limen-installed-lock
if [[ -f $stamp && "$(cat "$stamp")" == "$lock_sum" && -x node_modules/.bin/node ]]; then
  log "node_modules matches package-lock.json; skipping npm ci"
else
  log "npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_sum" >"$stamp"
fi
# The project's Node (npm package `node`) comes before any system node.
export PATH="$PWD/node_modules/.bin:$PATH"
log "node $(node --version)"
# The admin center (console/) is served from dist/console and its browser test needs it built;
# npm ci builds it (prepare), and this rebuilds it when its sources changed since (else a no-op).
log "building the admin center"
node scripts/build-console.ts

log "starting a throwaway PostgreSQL cluster"
eval "$(bash scripts/throwaway-postgres.sh start)"
trap 'log "stopping PostgreSQL"; bash scripts/throwaway-postgres.sh stop "$PG_THROWAWAY_DIR"' EXIT
log "PostgreSQL at $LIMEN_TEST_DATABASE_URL"

log "npm test"
npm test
log "all tests passed"
