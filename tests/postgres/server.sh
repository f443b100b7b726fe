#!/usr/bin/env bash
# A private PostgreSQL server for the storage recipes' tests and the scale test:
# a temporary data directory, a free port on 127.0.0.1, its unix socket in the
# same directory, trust authentication for local connections only.
#
#   dir=$(bash tests/postgres/server.sh start)   # prints the directory; the DSN is in $dir/dsn
#   bash tests/postgres/server.sh stop "$dir"    # stops the server and removes the directory
#
# Installs Debian's `postgresql` with apt-get when its binaries are missing (as
# tests/run-all installs Chromium). initdb refuses to run as root: as root the
# server runs as the `postgres` user (created by the package) through runuser.
# PEEKER_PG_BIN overrides the binaries' directory; PEEKER_PG_CONF appends
# settings to postgresql.conf (one per line), e.g. "synchronous_commit = off".
set -euo pipefail

find_bin() {
  if [ -n "${PEEKER_PG_BIN:-}" ]; then echo "$PEEKER_PG_BIN"; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  return 1
}

install_pg() {
  command -v apt-get >/dev/null || { echo "server.sh: PostgreSQL is missing and there is no apt-get: install PostgreSQL (>= 13) and set PEEKER_PG_BIN" >&2; exit 1; }
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "server.sh: installing Debian's postgresql (apt-get)" >&2
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
}

as_owner() { # runs a command as the owner of the data directory
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin) || { install_pg; bin=$(find_bin); }
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/peeker-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$dir"
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 100"
    echo "shared_buffers = 64MB"
    printf '%s\n' "${PEEKER_PG_CONF:-}"
  } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/dsn"
  echo "$bin" > "$dir/bin"
  echo "$dir"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] || return 0
  as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?usage: server.sh stop DIR}" ;;
  *) echo "usage: server.sh start | stop DIR" >&2; exit 2 ;;
esac
