# The local PostgreSQL of the stack: its own cluster under $SEAM_STATE/pg, loopback only,
# wal_level=logical. Sourced by bin/seam.
SEAM_PG_PORT=${SEAM_PG_PORT:-55432}
SEAM_PG_DB=${SEAM_PG_DB:-seam_demo}
SEAM_PG_USER=${SEAM_PG_USER:-seam}
PG_DATA=$SEAM_STATE/pg/data
PG_SOCK=$SEAM_STATE/pg/run
PG_LOG=$SEAM_STATE/pg/postgres.log
PG_SECRET=$SEAM_STATE/secrets/pg-password

# pg_migration_yaml DATABASE LAKE NAME [STREAM_OPTION...]: the part of a migration config that points at the local
# stack, on standard output: the source as the stack's user (its password from the stack's secret file), the lake,
# the slot seam_NAME_slot and publication seam_NAME_pub, a change topic of the run's own (seam_NAME_<time>), and
# any further stream options ("key: value"). The demo, the fault matrix and the benchmarks all write theirs with
# this; each appends its tables and other sections.
pg_migration_yaml() {
  local db=$1 lake=$2 name=$3 option; shift 3
  printf 'source: {host: 127.0.0.1, port: %s, database: %s, user: %s, password_file: %s}\n' \
    "$SEAM_PG_PORT" "$db" "$SEAM_PG_USER" "$PG_SECRET"
  printf 'target: {path: %s}\n' "$lake"
  printf 'replication: {slot: seam_%s_slot, publication: seam_%s_pub}\n' "$name" "$name"
  printf 'stream: {topic_prefix: seam_%s_%s' "$name" "$(date +%s)"
  for option in "$@"; do printf ', %s' "$option"; done
  printf '}\n'
}

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_ensure_installed() {
  pg_bindir >/dev/null && return 0
  apt_install postgresql postgresql-contrib
  pg_bindir >/dev/null || die "PostgreSQL server binaries not found after apt-get install postgresql"
}

# PostgreSQL will not run as root: run its tools as the postgres system user then.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# psql DB ARGS... as the migration role over TCP, as the jobs connect (demo, chaos, benchmarks).
pg_psql_as_user() {
  local db=$1; shift
  PGPASSWORD=$(cat "$PG_SECRET") "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$SEAM_PG_PORT" -U "$SEAM_PG_USER" -d "$db" "$@"
}

# The demo schema's live write load (demo/load/*.sql through pgbench at a fixed rate) in DB, until stopped;
# DIR holds its pid and log. pgbench_load_start DIR DB RATE ORDERS CUSTOMERS (a no-op while it runs).
pgbench_load_start() {
  local dir=$1 db=$2 rate=$3 orders=$4 customers=$5
  pid_alive "$dir/load.pid" && return 0
  PGPASSWORD=$(cat "$PG_SECRET") nohup "$(pg_bindir)/pgbench" -n -h 127.0.0.1 -p "$SEAM_PG_PORT" -U "$SEAM_PG_USER" \
    -c 2 -j 1 -R "$rate" -T 36000 -D orders="$orders" -D customers="$customers" \
    -f "$SEAM_HOME/demo/load/insert.sql@5" -f "$SEAM_HOME/demo/load/update.sql@4" \
    -f "$SEAM_HOME/demo/load/delete.sql@1" "$db" >>"$dir/load.log" 2>&1 &
  echo $! > "$dir/load.pid"
}

pgbench_load_stop() {
  local dir=$1
  if pid_alive "$dir/load.pid"; then
    # TERM, not INT: a background job of a non-interactive shell ignores SIGINT.
    kill -TERM "$(cat "$dir/load.pid")" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$dir/load.pid"
}

pg_psql_admin() {
  local bin; bin=$(pg_bindir)
  pg_as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$SEAM_PG_PORT" -U postgres "$@"
}

pg_up() {
  pg_ensure_installed
  local bin; bin=$(pg_bindir)
  mkdir -p "$SEAM_STATE/pg" "$PG_SOCK" "$SEAM_STATE/secrets"
  chmod 700 "$SEAM_STATE/secrets"
  if [ ! -s "$PG_SECRET" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=\n' > "$PG_SECRET")
  fi
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$SEAM_STATE/pg"; chmod o+x "$SEAM_STATE"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    stage "initialising PostgreSQL cluster in $PG_DATA"
    pg_as_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$SEAM_STATE/pg/initdb.log" 2>&1 || { cat "$SEAM_STATE/pg/initdb.log" >&2; die "initdb failed"; }
    pg_as_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF
# --- Seam local stack ---
listen_addresses = '127.0.0.1'
port = $SEAM_PG_PORT
unix_socket_directories = '$PG_SOCK'
wal_level = ${SEAM_PG_WAL_LEVEL:-logical}
max_replication_slots = 32
max_wal_senders = 32
max_connections = 200
shared_buffers = 512MB
max_wal_size = 4GB
wal_sender_timeout = 120s
log_min_messages = warning
timezone = 'UTC'
CONF
    pg_as_owner tee "$PG_DATA/pg_hba.conf" >/dev/null <<HBA
local all         all                trust
local replication all                trust
host  all         all  127.0.0.1/32  scram-sha-256
host  replication all  127.0.0.1/32  scram-sha-256
HBA
  fi
  pg_tls_setup
  if ! pg_running; then
    stage "starting PostgreSQL on 127.0.0.1:$SEAM_PG_PORT"
    pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null \
      || { tail -20 "$PG_LOG" >&2; die "PostgreSQL did not start (log: $PG_LOG)"; }
  fi
  pg_provision
}

# TLS on the local cluster, so ssl_mode verify_full can be exercised for real: a CA of its own
# ($PG_TLS/ca.pem, what source.ssl_root_cert points at) and a server certificate for 127.0.0.1.
PG_TLS=$SEAM_STATE/pg/tls
pg_tls_setup() {
  if [ ! -s "$PG_TLS/server.crt" ]; then
    tls_local_ca "$PG_TLS" "seam local CA"
    if [ "$(id -u)" = 0 ]; then chown -R postgres: "$PG_TLS"; fi
  fi
  if ! grep -q "^ssl = on" "$PG_DATA/postgresql.conf"; then
    pg_as_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF
ssl = on
ssl_cert_file = '$PG_TLS/server.crt'
ssl_key_file = '$PG_TLS/server.key'
CONF
    if pg_running; then pg_as_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -w reload >/dev/null; fi
  fi
}

# The migration role: owns the demo database, may replicate. Password from the secrets file.
pg_provision() {
  local pw; pw=$(cat "$PG_SECRET")
  pg_psql_admin -d postgres -v pw="$pw" -v role="$SEAM_PG_USER" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN REPLICATION', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN REPLICATION CREATEDB PASSWORD :'pw';
SQL
  pg_psql_admin -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$SEAM_PG_DB'" | grep -q 1 \
    || pg_psql_admin -d postgres -c "CREATE DATABASE \"$SEAM_PG_DB\" OWNER \"$SEAM_PG_USER\""
}

pg_running() {
  local bin; bin=$(pg_bindir) || return 1
  [ -f "$PG_DATA/PG_VERSION" ] && pg_as_owner "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_down() {
  if pg_running; then
    stage "stopping PostgreSQL"
    pg_as_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
}

pg_status() {
  if pg_running; then
    echo "postgresql  up    127.0.0.1:$SEAM_PG_PORT db=$SEAM_PG_DB user=$SEAM_PG_USER (password file $PG_SECRET)"
  else
    echo "postgresql  down"
  fi
}
