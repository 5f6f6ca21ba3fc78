#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: fresh directory, loopback only, trust auth, no fsync.
#
#   eval "$(bash scripts/throwaway-postgres.sh start [DIR])"   # exports LIMEN_TEST_DATABASE_URL, PG_THROWAWAY_DIR
#   bash scripts/throwaway-postgres.sh stop "$PG_THROWAWAY_DIR"
#
# Uses the highest Debian server version under /usr/lib/postgresql/*/bin, else initdb on PATH.
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
# Only stdout carries the export lines; progress and errors go to stderr.
set -euo pipefail

MARKER=.limen-throwaway-postgres

log() { echo "[throwaway-postgres] $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "no PostgreSQL server binaries (initdb) found; install Debian's 'postgresql' package"
}

# Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() {
  # bash's /dev/tcp connects only when something is listening.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir=${1:-}
  if [[ -z "$dir" ]]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/limen-pg.XXXXXX")
  else
    [[ -e "$dir" && -n "$(ls -A "$dir")" ]] && die "$dir exists and is not empty"
    mkdir -p "$dir"
  fi
  dir=$(cd "$dir" && pwd)
  touch "$dir/$MARKER"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster"
    chown -R postgres: "$dir"
  fi
  # Anything failing from here on leaves nothing behind.
  trap "stop '$dir' >/dev/null 2>&1 || true" EXIT

  local bin
  bin=$(find_bin_dir)
  log "initdb with $bin in $dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  # Throwaway: loopback only, socket inside the cluster dir, durability traded for speed.
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF

  # A random free port; retry when another process takes it between the check and the bind.
  local port attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port" \
      start >/dev/null; then
      log "listening on 127.0.0.1:$port"
      trap - EXIT
      echo "export LIMEN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
      echo "export PG_THROWAWAY_DIR=$dir"
      return 0
    fi
    log "start on port $port failed (attempt $attempt); log tail:"
    tail -n 5 "$dir/postgres.log" >&2 || true
  done
  die "could not start PostgreSQL"
}

stop() {
  local dir=${1:-${PG_THROWAWAY_DIR:-}}
  [[ -n "$dir" ]] || die "usage: $0 stop DIR"
  [[ -d "$dir" ]] || { log "$dir is already gone"; return 0; }
  # Refuse to delete anything this script did not create.
  [[ -f "$dir/$MARKER" ]] || die "$dir was not made by this script; not deleting it"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$(find_bin_dir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
      log "pg_ctl stop failed; deleting $dir anyway"
  fi
  rm -rf "$dir"
  log "stopped and deleted $dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start [DIR] | stop DIR" ;;
esac
