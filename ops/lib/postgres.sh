# shellcheck shell=bash
# Throwaway PostgreSQL servers for ops/run and ops/test. Source this file, then:
#
#   url=$(shoal_pg_throwaway_start DIR PORT)   # prints postgresql://postgres@127.0.0.1:PORT/postgres
#   shoal_pg_throwaway_stop DIR
#
# The cluster lives in DIR/data, its unix socket in DIR/sock, its log in DIR/postgres.log. It listens
# on 127.0.0.1:PORT and DIR/sock with trust authentication, and runs with fsync, synchronous_commit
# and full_page_writes off: fast, and NOT crash-safe, so use it only for tests and local runs.
# PostgreSQL refuses to run as root: when root, DIR is chowned to the `postgres` user and the server
# programs run as that user (every ancestor of DIR must be searchable by it; /tmp/... is fine).
# Both functions are idempotent and return non-zero with the server log on stderr when they fail.

# Directory holding initdb and pg_ctl: the first PATH entry with both, else the highest
# /usr/lib/postgresql/<version>/bin.
_shoal_pg_bindir() {
    local dir
    local IFS=:
    for dir in $PATH; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    dir=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -rn | head -n 1)
    if [[ -n $dir && -x /usr/lib/postgresql/$dir/bin/initdb && -x /usr/lib/postgresql/$dir/bin/pg_ctl ]]; then
        printf '%s\n' "/usr/lib/postgresql/$dir/bin"
        return 0
    fi
    echo "shoal_pg: PostgreSQL server programs (initdb, pg_ctl) not found; install postgresql" >&2
    return 1
}

# Runs a command as the user that owns the cluster (postgres when we are root).
_shoal_pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_shoal_pg_fail() {
    local dir=$1 message=$2
    echo "shoal_pg: $message" >&2
    if [[ -f $dir/postgres.log ]]; then
        echo "---- $dir/postgres.log (last 40 lines) ----" >&2
        tail -n 40 "$dir/postgres.log" >&2
        echo "----" >&2
    fi
    return 1
}

# shoal_pg_throwaway_start DIR PORT: initialise (first time) and start the server; print its URL.
shoal_pg_throwaway_start() {
    local dir=${1:?usage: shoal_pg_throwaway_start DIR PORT} port=${2:?usage: shoal_pg_throwaway_start DIR PORT}
    local bindir output
    [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || { echo "shoal_pg: invalid port '$port'" >&2; return 1; }
    bindir=$(_shoal_pg_bindir) || return 1
    mkdir -p "$dir/sock" || return 1
    dir=$(cd "$dir" && pwd -P) || return 1
    if ((${#dir} + 20 > 107)); then
        echo "shoal_pg: $dir is too long for a unix socket path; use a shorter directory" >&2
        return 1
    fi
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || { echo "shoal_pg: running as root needs a 'postgres' system user" >&2; return 1; }
        chown postgres:postgres "$dir" "$dir/sock" || return 1
        if ! runuser -u postgres -- test -w "$dir"; then
            echo "shoal_pg: user postgres cannot write $dir (is every parent directory searchable?)" >&2
            return 1
        fi
    fi

    if [[ ! -f $dir/data/PG_VERSION ]]; then
        if ! output=$(cd "$dir" && _shoal_pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 \
            --locale=C --auth=trust --no-instructions --no-sync 2>&1); then
            printf '%s\n' "$output" >&2
            _shoal_pg_fail "$dir" "initdb failed in $dir/data"
            return 1
        fi
        printf "\ninclude_if_exists = 'shoal-throwaway.conf'\n" >>"$dir/data/postgresql.conf" || return 1
    fi

    local settings
    settings="# Written by ops/lib/postgres.sh at every start.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '${dir//\'/\'\'}/sock'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off"
    local url="postgresql://postgres@127.0.0.1:$port/postgres"

    if (cd "$dir" && _shoal_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1); then
        if [[ $(cat "$dir/data/shoal-throwaway.conf" 2>/dev/null) == "$settings" ]] &&
            "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres 2>/dev/null; then
            printf '%s\n' "$url"
            return 0
        fi
        shoal_pg_throwaway_stop "$dir" || return 1
    fi

    printf '%s\n' "$settings" >"$dir/data/shoal-throwaway.conf" || return 1
    [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$dir/data/shoal-throwaway.conf" || return 1
    if ! output=$(cd "$dir" && _shoal_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
        -w -t 120 start 2>&1); then
        printf '%s\n' "$output" >&2
        _shoal_pg_fail "$dir" "could not start PostgreSQL in $dir/data on port $port (is the port taken?)"
        return 1
    fi
    printf '%s\n' "$url"
}

# shoal_pg_throwaway_stop DIR: stop the server of DIR if it runs (fast shutdown).
shoal_pg_throwaway_stop() {
    local dir=${1:?usage: shoal_pg_throwaway_stop DIR}
    local bindir output
    [[ -f $dir/data/postmaster.pid ]] || return 0
    bindir=$(_shoal_pg_bindir) || return 1
    dir=$(cd "$dir" && pwd -P) || return 1
    (cd "$dir" && _shoal_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1) || return 0
    if ! output=$(cd "$dir" && _shoal_pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop 2>&1); then
        printf '%s\n' "$output" >&2
        _shoal_pg_fail "$dir" "could not stop PostgreSQL in $dir/data"
        return 1
    fi
}
