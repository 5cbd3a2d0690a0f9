# bin/seam demo: a live orders database migrated while it keeps changing. Sourced by bin/seam.
DEMO_DIR=$SEAM_STATE/demo
DEMO_CONFIG=$DEMO_DIR/migration.yaml

demo_psql() {
  PGPASSWORD=$(cat "$PG_SECRET") "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$SEAM_PG_PORT" -U "$SEAM_PG_USER" -d "$SEAM_PG_DB" "$@"
}

demo_write_config() {
  mkdir -p "$DEMO_DIR"
  cat > "$DEMO_CONFIG" <<YAML
# Written by bin/seam demo; see conf/migration.example.yaml for every option.
source:
  host: 127.0.0.1
  port: $SEAM_PG_PORT
  database: $SEAM_PG_DB
  user: $SEAM_PG_USER
  password_file: $PG_SECRET
tables:
  - name: public.customers
    day_column: created_at
  - name: public.orders
    day_column: created_at
    day_time_zone: Europe/Berlin
    sum_columns: [amount]
  - name: public.order_items
    sum_columns: [qty, unit_price]
target:
  path: $DEMO_DIR/lake
replication:
  slot: seam_demo_slot
  publication: seam_demo_pub
backfill:
  progress_interval_seconds: 5
YAML
}

# The live load: pgbench runs weighted insert/update/delete scripts at a fixed rate until stopped.
demo_load_start() {
  local rate=$1 orders=$2 customers=$3
  local bin; bin=$(pg_bindir)
  stage "live write load: ~$rate transactions/s (inserts, updates, deletes, multi-row transactions)"
  PGPASSWORD=$(cat "$PG_SECRET") nohup "$bin/pgbench" -n -h 127.0.0.1 -p "$SEAM_PG_PORT" -U "$SEAM_PG_USER" \
    -c 2 -j 1 -R "$rate" -T 36000 -D orders="$orders" -D customers="$customers" \
    -f "$SEAM_HOME/demo/load/insert.sql@5" -f "$SEAM_HOME/demo/load/update.sql@4" \
    -f "$SEAM_HOME/demo/load/delete.sql@1" "$SEAM_PG_DB" >"$DEMO_DIR/load.log" 2>&1 &
  echo $! > "$DEMO_DIR/load.pid"
}

demo_load_stop() {
  if pid_alive "$DEMO_DIR/load.pid"; then
    kill -INT "$(cat "$DEMO_DIR/load.pid")" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$DEMO_DIR/load.pid"
}

demo_main() {
  local orders=100000 rate=50 keep=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --orders) orders=$2; shift 2 ;;
      --rate) rate=$2; shift 2 ;;
      --keep-stack) keep=1; shift ;;
      *) die "unknown demo option $1 (--orders N, --rate TPS, --keep-stack)" ;;
    esac
  done
  local customers=$(( orders / 10 > 100 ? orders / 10 : 100 ))
  local t0; t0=$(date +%s)
  mkdir -p "$DEMO_DIR"
  trap 'demo_load_stop' EXIT

  stage "1/4 local stack"
  pg_up
  demo_load_stop
  stage "2/4 generating $orders orders, $((orders * 2)) order items, $customers customers"
  demo_psql -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'seam_demo_slot' AND NOT active" >/dev/null
  demo_psql -v orders="$orders" -v customers="$customers" -f "$SEAM_HOME/demo/orders-schema.sql" 2>&1 | grep -v NOTICE || true
  demo_write_config
  demo_load_start "$rate" "$orders" "$customers"

  stage "3/4 backfill at the seam while the load runs"
  rm -rf "$DEMO_DIR/lake"
  run_job backfill io.seam.backfill.BackfillJob --config "$DEMO_CONFIG" --restart

  stage "4/4 summary"
  demo_load_stop
  local pending
  pending=$(demo_psql -tA -c "SELECT count(*) FROM pg_logical_slot_peek_binary_changes('seam_demo_slot', NULL, NULL,
      'proto_version', '1', 'publication_names', 'seam_demo_pub') WHERE substr(data, 1, 1) IN ('\\x49', '\\x55', '\\x44')")
  python3 - "$DEMO_DIR/lake/_seam/manifest.json" "$pending" "$(( $(date +%s) - t0 ))" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"\n  seam        slot {m['slot']} at LSN {m['seamLsn']} (snapshot {m['snapshotName']})")
for t in m["tables"]:
    print(f"  backfilled  {t['table']:<22} {t['rowsWritten']:>10,} rows  ({t['splits']} {t['splitKind'].lower()} splits)")
print(f"  changes     {int(sys.argv[2]):,} committed after the seam wait in the slot for the stream")
print(f"  manifest    {sys.argv[1]}")
print(f"  took        {sys.argv[3]} s\n")
PY
  if [ "$keep" = 0 ]; then pg_down; else stage "stack left running (bin/seam stack down stops it)"; fi
}
