# bin/seam demo: a live orders database migrated while it keeps changing. Sourced by bin/seam.
DEMO_DIR=$SEAM_STATE/demo
DEMO_CONFIG=$DEMO_DIR/migration.yaml

demo_write_config() {
  mkdir -p "$DEMO_DIR"
  { echo "# Written by bin/seam demo; see conf/migration.example.yaml for every option."
    pg_migration_yaml "$SEAM_PG_DB" "$DEMO_DIR/lake" demo
    grep -v '^#' "$SEAM_HOME/demo/tables.yaml"
    echo "backfill: {progress_interval_seconds: 5}"
  } > "$DEMO_CONFIG"
}

demo_load_start() {
  stage "live write load: ~$1 transactions/s (inserts, updates, deletes, multi-row transactions)"
  : > "$DEMO_DIR/load.log"
  pgbench_load_start "$DEMO_DIR" "$SEAM_PG_DB" "$@"
}

demo_load_stop() { pgbench_load_stop "$DEMO_DIR"; }

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
  trap 'demo_load_stop; [ -f "$DEMO_CONFIG" ] && stream_stop "$(stream_workdir "$DEMO_CONFIG")" 2>/dev/null' EXIT

  stage "1/8 local stack"
  pg_up; kafka_up; debezium_ensure_installed; debezium_java >/dev/null
  [ -f "$DEMO_CONFIG" ] && stream_stop "$(stream_workdir "$DEMO_CONFIG")"
  demo_load_stop
  stage "2/8 generating $orders orders, $((orders * 2)) order items, $customers customers"
  pg_psql_as_user "$SEAM_PG_DB" -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'seam_demo_slot' AND NOT active" >/dev/null
  pg_psql_as_user "$SEAM_PG_DB" -v orders="$orders" -v customers="$customers" -f "$SEAM_HOME/demo/orders-schema.sql" 2>&1 | grep -v NOTICE || true
  demo_write_config
  demo_load_start "$rate" "$orders" "$customers"

  stage "3/8 backfill at the seam while the load runs"
  rm -rf "$DEMO_DIR/lake"
  rm -rf "$(stream_workdir "$DEMO_CONFIG")"
  run_job backfill io.seam.backfill.BackfillJob --config "$DEMO_CONFIG" --restart

  stage "4/8 change stream: Debezium Server -> Kafka -> apply-cdc (change log + compaction into Delta), load still running"
  stream_start "$DEMO_CONFIG" "$(stream_workdir "$DEMO_CONFIG")" 0
  run_job parity io.seam.parity.CatchUpJob --config "$DEMO_CONFIG" \
    || die "the stream did not catch up in parity.wait_timeout_seconds (bin/seam stream status --config $DEMO_CONFIG)"

  stage "5/8 parity at a frozen position while the load and the stream keep running"
  local parity_rc=0
  run_job parity io.seam.parity.ParityJob --config "$DEMO_CONFIG" || parity_rc=$?

  stage "6/8 shadow reads: the report queries in demo/shadow/ on PostgreSQL and Spark as of one frozen position, load still running"
  local shadow_rc=0
  run_job parity io.seam.parity.ShadowJob --config "$DEMO_CONFIG" --queries "$SEAM_HOME/demo/shadow" || shadow_rc=$?
  demo_load_stop

  local finish_rc=0
  if [ "$parity_rc" = 0 ] && [ "$shadow_rc" = 0 ]; then
    # The writes have stopped, as after a cutover. The demo cannot soak for parity.cutover_soak_minutes, hence
    # --force; the manifest records that the end was forced.
    stage "7/8 the migration's end: a final parity, the stream stopped, the slot and publication dropped (bin/seam finish --force)"
    (finish_main --config "$DEMO_CONFIG" --force) || finish_rc=$?
  fi

  stage "8/8 summary"
  local work; work=$(stream_workdir "$DEMO_CONFIG")
  echo
  migration_status --config "$DEMO_CONFIG" || stage "the migration's status could not be read (see above)"
  printf '  %-11s %s s\n\n' took "$(( $(date +%s) - t0 ))"
  stream_stop "$work"
  if [ "$keep" = 0 ]; then kafka_down; pg_down; else stage "stack left running (bin/seam stack down stops it)"; fi
  [ "$parity_rc" = 0 ] || die "parity did not come out clean (exit $parity_rc): see the report above"
  [ "$shadow_rc" = 0 ] || die "shadow reads did not come out the same (exit $shadow_rc): see the report above"
  [ "$finish_rc" = 0 ] || die "bin/seam finish did not end the migration (exit $finish_rc): see its message above"
}
