#!/usr/bin/env bash
# A streaming standby of this machine's PostgreSQL, for the router's tests (make replica).
#
#   tests/deploy/replica.sh start    # base backup of 127.0.0.1:5432, standby on 127.0.0.1:5433
#   tests/deploy/replica.sh stop     # stop it and delete its files
#   tests/deploy/replica.sh status
#
# The standby's files live in a temporary directory (REPLICA_DIR, default
# /tmp/ledger-replica-5433). It runs as the postgres user. The primary needs
# a replication entry in pg_hba.conf (trust from the loopback address); it is
# added once and the primary reloaded, which disturbs nobody's connections.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
DIR=${REPLICA_DIR:-/tmp/ledger-replica-$REPLICA_PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

primary_sql() {
    psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atqc "$1"
}

start() {
    if pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
        echo "A server already answers on port $REPLICA_PORT."
        return 0
    fi
    hba=$(primary_sql "SHOW hba_file")
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
        echo "Adding a replication entry to $hba and reloading the primary."
        printf '\n# Streaming standby for Source Ledger tests (make replica)\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
        primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    chown postgres:postgres "$DIR"
    chmod 700 "$DIR"
    echo "Copying the primary (pg_basebackup) into $DIR/data ..."
    as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
        -D "$DIR/data" --write-recovery-conf --wal-method=stream --checkpoint=fast
    # Debian keeps the configuration outside the data directory: give the standby its own,
    # with the limits a standby must not set below the primary's.
    limits=""
    for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
        max_locks_per_transaction; do
        limits+="$name = $(primary_sql "SHOW $name")"$'\n'
    done
    as_postgres tee "$DIR/data/postgresql.conf" >/dev/null <<EOF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 128MB
# A throwaway copy: no need to flush it to disk.
fsync = off
recovery_init_sync_method = syncfs
$limits
EOF
    as_postgres tee "$DIR/data/pg_hba.conf" >/dev/null <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
EOF
    as_postgres touch "$DIR/data/pg_ident.conf"
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start
    recovering=$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atqc "SELECT pg_is_in_recovery()")
    echo "Standby up on 127.0.0.1:$REPLICA_PORT (in recovery: $recovering)."
    echo "Point the router at it: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/<database>"
}

stop() {
    if [ -d "$DIR/data" ]; then
        as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop || true
        rm -rf "$DIR"
        echo "Standby stopped and its files removed."
    else
        echo "No standby in $DIR."
    fi
}

status() {
    if pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
        psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atqc \
            "SELECT 'in recovery: ' || pg_is_in_recovery() || ', replayed up to ' || pg_last_wal_replay_lsn()"
    else
        echo "No standby answers on port $REPLICA_PORT."
        return 1
    fi
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
