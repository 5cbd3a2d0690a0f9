# bin/seam chaos: the fault matrix against the real local stack under a write load. Every scenario
# injects its fault, recovers the way an operator would (bin/seam stream start is idempotent), waits for
# the stream to catch up and ends with a parity run at a frozen position; the results go to
# .seam/chaos/results.tsv and, for a full run, into RELIABILITY.md. Sourced by bin/seam.
CHAOS_DIR=$SEAM_STATE/chaos
CHAOS_CONFIG=$CHAOS_DIR/migration.yaml
CHAOS_DB=seam_chaos
CHAOS_FAST=(backfill-interrupted kill-apply restart-debezium)
CHAOS_ALL=(backfill-interrupted kill-apply restart-debezium restart-kafka restart-postgres-fast
  restart-postgres-immediate kill-apply-repeatedly disk-full retention-gap drop-slot)
# The lake lives on its own size-limited filesystem, so disk-full can fill it without touching the machine.
CHAOS_LAKE_MB=1024

chaos_work() { stream_workdir "$CHAOS_CONFIG"; }

chaos_write_config() {
  cat > "$CHAOS_CONFIG" <<YAML
# Written by bin/seam chaos.
source:
  host: 127.0.0.1
  port: $SEAM_PG_PORT
  database: $CHAOS_DB
  user: $SEAM_PG_USER
  password_file: $PG_SECRET
$(grep -v '^#' "$SEAM_HOME/demo/tables.yaml")
target:
  path: $CHAOS_DIR/lake
replication:
  slot: seam_chaos_slot
  publication: seam_chaos_pub
stream:
  topic_prefix: seam_chaos_$1
parity:
  wait_timeout_seconds: 300
YAML
}

chaos_load_start() { pgbench_load_start "$CHAOS_DIR" "$CHAOS_DB" "$CHAOS_RATE" "$CHAOS_ORDERS" "$((CHAOS_ORDERS / 10))"; }
chaos_load_stop() { pgbench_load_stop "$CHAOS_DIR"; }

# The apply job's JVM (bin/seam apply-cdc runs it as a child of its shell).
chaos_apply_jvm() { pgrep -f "io.seam.cdc.ApplyCdcJob --config $CHAOS_CONFIG" | head -1 || true; }

chaos_pause() { sleep $(( $1 + RANDOM % ($2 - $1 + 1) )); }

chaos_topic() { stream_status_field "$CHAOS_CONFIG" changeTopic; }

# chaos_expect_stop FILE PATTERN SECONDS: waits for the designed stop's message in FILE and records it as
# the scenario's stop (results column); records NONE when it never came, which fails the run.
chaos_expect_stop() {
  local file=$1 pattern=$2 deadline=$(( $(date +%s) + $3 )) line=""
  while [ "$(date +%s)" -lt "$deadline" ]; do
    line=$(grep -o -m1 -E "$pattern.*" "$file" 2>/dev/null | head -1 || true)
    [ -n "$line" ] && break
    sleep 2
  done
  printf '%s\n' "${line:-NONE: expected a stop matching '$pattern' in $file}" | cut -c1-240 > "$CHAOS_DIR/stop.txt"
}

# What the designed stops tell the operator to do: stop the stream, backfill from a new seam, start again.
chaos_reseam() {
  stream_stop "$(chaos_work)" 2>/dev/null
  run_job backfill io.seam.backfill.BackfillJob --config "$CHAOS_CONFIG" --restart >"$CHAOS_DIR/reseam.log" 2>&1 \
    || { tail -20 "$CHAOS_DIR/reseam.log" >&2; die "the re-seam backfill failed (log: $CHAOS_DIR/reseam.log)"; }
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null
}

# --- the faults -------------------------------------------------------------------------------------
# Each prints one line: what it did.

chaos_backfill_interrupted() {
  # The setup's backfill is killed half way (kill -9 of the driver) and re-run with --restart.
  echo "${CHAOS_BACKFILL_NOTE:-backfill driver not killed}"
}

chaos_kill_apply() {
  chaos_pause 3 12
  local pid; pid=$(chaos_apply_jvm)
  [ -n "$pid" ] || die "the apply job is not running before the fault"
  kill -9 "$pid"
  sleep 2
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null
  echo "kill -9 of the apply job mid-stream, restarted"
}

chaos_kill_apply_repeatedly() {
  local i
  for i in 1 2 3 4 5; do chaos_kill_apply >/dev/null; done
  echo "kill -9 of the apply job 5 times at random points (3-12 s apart), restarted each time"
}

chaos_restart_debezium() {
  chaos_pause 3 10
  kill -9 "$(cat "$(chaos_work)/debezium.pid")"
  sleep 2
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null
  echo "kill -9 of Debezium Server, restarted (it replays from its stored offset)"
}

chaos_restart_kafka() {
  chaos_pause 3 10
  kill -9 "$(cat "$KAFKA_PID")"
  rm -f "$KAFKA_PID"
  sleep 3
  kafka_up 2>/dev/null
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null
  echo "kill -9 of the Kafka broker, restarted"
}

chaos_restart_postgres() {
  local mode=$1
  chaos_pause 3 10
  pg_as_owner "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -m "$mode" -w -t 60 restart >/dev/null
  sleep 2
  chaos_load_start  # pgbench gives up when its connections drop
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null
  echo "PostgreSQL restarted (-m $mode) while streaming, load restarted"
}
chaos_restart_postgres_fast() { chaos_restart_postgres fast; }
chaos_restart_postgres_immediate() { chaos_restart_postgres immediate; }

chaos_disk_full() {
  local lake=$CHAOS_DIR/lake work; work=$(chaos_work)
  if ! mountpoint -q "$lake"; then
    echo "NONE: the lake is not on its own filesystem (mounting a size-limited tmpfs needs root)" > "$CHAOS_DIR/stop.txt"
    echo "not run: no size-limited filesystem for the lake"; return
  fi
  chaos_pause 3 8
  dd if=/dev/zero of="$lake/.chaos-filler" bs=1M status=none 2>/dev/null || true  # until ENOSPC
  # The apply job's next Delta or checkpoint write fails; it must stop and say why.
  chaos_expect_stop "$work/apply.log" "apply-cdc stopped" 180
  local pid; pid=$(chaos_apply_jvm)
  [ -z "$pid" ] || kill -9 "$pid"  # still running after 180 s: recorded as NONE above
  rm -f "$lake/.chaos-filler"
  stream_start "$CHAOS_CONFIG" "$work" 0 2>/dev/null
  echo "the lake's filesystem filled up (dd until ENOSPC) under the running stream; space freed, stream started again"
}

chaos_retention_gap() {
  local work topic end; work=$(chaos_work); topic=$(chaos_topic)
  chaos_pause 3 8
  kill -9 "$(chaos_apply_jvm)"
  sleep 8  # Debezium goes on writing changes nobody reads
  # What retention does to records nobody read: the topic's log start moves past them.
  end=$(stream_status_field "$CHAOS_CONFIG" topicEnd)
  printf '{"version":1,"partitions":[{"topic":"%s","partition":0,"offset":%s}]}\n' "$topic" "$end" \
    > "$CHAOS_DIR/delete-records.json"
  kafka_java org.apache.kafka.tools.DeleteRecordsCommand --bootstrap-server "127.0.0.1:$SEAM_KAFKA_PORT" \
    --offset-json-file "$CHAOS_DIR/delete-records.json" >"$CHAOS_DIR/delete-records.log" 2>&1 \
    || { cat "$CHAOS_DIR/delete-records.log" >&2; die "could not delete records from $topic"; }
  sleep 2
  stream_start "$CHAOS_CONFIG" "$work" 0 2>/dev/null
  chaos_expect_stop "$work/apply.log" "change topic offsets are gone" 180
  # Re-seam only as the stop says; without the stop, parity shows what was lost.
  grep -q '^NONE' "$CHAOS_DIR/stop.txt" || chaos_reseam
  echo "records deleted from the change topic before the apply job read them (as retention would), then re-seamed"
}

chaos_drop_slot() {
  local work slot=seam_chaos_slot i; work=$(chaos_work)
  chaos_pause 3 8
  # Dropped under the running stream: the walsender is terminated and the slot dropped before Debezium is back.
  for i in $(seq 1 100); do
    pg_psql_admin -d "$CHAOS_DB" -q -c "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
      WHERE slot_name = '$slot' AND active_pid IS NOT NULL" >/dev/null 2>&1 || true
    pg_psql_admin -d "$CHAOS_DB" -q -c "SELECT pg_drop_replication_slot('$slot')" >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 15
  { echo "after 15 s: debezium $(pid_alive "$work/debezium.pid" && echo running || echo stopped)";
    pg_psql_admin -d "$CHAOS_DB" -At -c "SELECT 'slot: ' || coalesce(string_agg(slot_name || ' confirmed ' || confirmed_flush_lsn, ', '), 'none')
      FROM pg_replication_slots WHERE slot_name = '$slot'"; } > "$CHAOS_DIR/drop-slot.txt" 2>&1
  # The operator restarts the stream; it must refuse.
  debezium_stop "$work" 2>/dev/null
  ( stream_start "$CHAOS_CONFIG" "$work" 0 ) >/dev/null 2>"$CHAOS_DIR/drop-slot-start.log" || true
  chaos_expect_stop "$CHAOS_DIR/drop-slot-start.log" "the seam slot" 5
  grep -q '^NONE' "$CHAOS_DIR/stop.txt" || chaos_reseam
  echo "the seam slot dropped under the running stream (walsender terminated, pg_drop_replication_slot), then re-seamed"
}

# --- the runner -------------------------------------------------------------------------------------

chaos_setup() {
  stage "chaos setup: $CHAOS_ORDERS orders in database $CHAOS_DB, load ~$CHAOS_RATE tx/s"
  pg_up; kafka_up; debezium_ensure_installed; debezium_java >/dev/null
  [ -f "$CHAOS_CONFIG" ] && stream_stop "$(chaos_work)"
  chaos_load_stop
  mkdir -p "$CHAOS_DIR"
  pg_psql_admin -d postgres -q -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'seam_chaos_slot'" \
    -c "DROP DATABASE IF EXISTS $CHAOS_DB" -c "CREATE DATABASE $CHAOS_DB OWNER $SEAM_PG_USER" >/dev/null
  pg_psql_as_user "$CHAOS_DB" -v orders="$CHAOS_ORDERS" -v customers="$((CHAOS_ORDERS / 10))" \
    -f "$SEAM_HOME/demo/orders-schema.sql" 2>&1 | grep -v NOTICE || true
  chaos_write_config "$(date +%s)"
  chaos_unmount_lake
  rm -rf "$CHAOS_DIR/lake" "$(chaos_work)"
  mkdir -p "$CHAOS_DIR/lake"
  if [ "$(id -u)" = 0 ]; then
    mount -t tmpfs -o size=${CHAOS_LAKE_MB}m seam-chaos-lake "$CHAOS_DIR/lake" \
      || stage "could not mount a ${CHAOS_LAKE_MB} MB tmpfs for the lake: disk-full will not run"
  fi
  chaos_load_start

  stage "chaos setup: backfill, killed half way (kill -9), then re-run with --restart"
  ensure_built
  export SEAM_SKIP_BUILD=1  # one build for the whole run: no rebuild under a running job
  "$SEAM_HOME/bin/seam" backfill --config "$CHAOS_CONFIG" >"$CHAOS_DIR/backfill-killed.log" 2>&1 &
  local wrapper=$! jvm="" i
  # Killed once the seam exists and the tables are being read.
  for i in $(seq 1 240); do
    jvm=$(pgrep -f "io.seam.backfill.BackfillJob --config $CHAOS_CONFIG" | head -1 || true)
    if [ -n "$jvm" ] && grep -q "seam: slot" "$CHAOS_DIR/backfill-killed.log"; then sleep 2; break; fi
    sleep 0.5
  done
  if [ -n "$jvm" ] && ! grep -q "backfill done" "$CHAOS_DIR/backfill-killed.log" && kill -9 "$jvm" 2>/dev/null; then
    CHAOS_BACKFILL_NOTE="backfill driver killed (kill -9) while reading the tables, re-run with --restart"
  fi
  wait "$wrapper" 2>/dev/null || true
  run_job backfill io.seam.backfill.BackfillJob --config "$CHAOS_CONFIG" --restart >"$CHAOS_DIR/backfill.log" 2>&1 \
    || { tail -20 "$CHAOS_DIR/backfill.log" >&2; die "the re-run backfill failed (log: $CHAOS_DIR/backfill.log)"; }
  stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0
}

# chaos_scenario NAME: fault, recovery, catch-up, parity; appends one line to results.tsv.
chaos_unmount_lake() { ! mountpoint -q "$CHAOS_DIR/lake" || umount "$CHAOS_DIR/lake"; }

chaos_scenario() {
  local name=$1 t0 what recovered parity_rc=0 report stop
  stage "chaos: $name"
  t0=$(date +%s)
  rm -f "$CHAOS_DIR/stop.txt"
  what=$("chaos_${name//-/_}")
  stop=$(cat "$CHAOS_DIR/stop.txt" 2>/dev/null || echo -)
  chaos_load_start
  # Recovered = the stream has applied everything the source committed after the fault was handled.
  local tries=0
  until run_job parity io.seam.parity.CatchUpJob --config "$CHAOS_CONFIG" >>"$CHAOS_DIR/catch-up.log" 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 3 ] || break
    stream_start "$CHAOS_CONFIG" "$(chaos_work)" 0 2>/dev/null  # a process the fault took down
  done
  recovered=$(( $(date +%s) - t0 ))
  run_job parity io.seam.parity.ParityJob --config "$CHAOS_CONFIG" >"$CHAOS_DIR/parity-$name.log" 2>&1 || parity_rc=$?
  report=$(python3 - "$CHAOS_DIR/lake/_seam/parity/latest.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
rows = sum(t["sourceRows"] for t in p["tables"])
diff = sum(t["missing"] + t["extra"] + t["mismatched"] for t in p["tables"])
print(f"{p['verdict']}\t{rows}\t{sum(t['changedAfterFreeze'] for t in p['tables'])}\t{diff}\t{p['runId']}")
PY
  ) || report="NO REPORT\t0\t0\t0\t-"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$what" "$recovered" "$parity_rc" "$report" "${stop//$'\t'/ }" \
    >> "$CHAOS_DIR/results.tsv"
  [ "$stop" = - ] || stage "chaos: $name stopped as designed: $stop"
  stage "chaos: $name -> parity exit $parity_rc ($(printf '%b' "$report" | cut -f1)), recovered in ${recovered} s"
}

chaos_main() {
  local fast=0 only=""
  CHAOS_ORDERS=20000 CHAOS_RATE=20
  while [ $# -gt 0 ]; do
    case "$1" in
      --fast) fast=1; shift ;;
      --only) only=$2; shift 2 ;;
      --orders) CHAOS_ORDERS=$2; shift 2 ;;
      --rate) CHAOS_RATE=$2; shift 2 ;;
      *) die "unknown chaos option $1 (--fast, --only NAME[,NAME], --orders N, --rate TPS)" ;;
    esac
  done
  local scenarios=("${CHAOS_ALL[@]}")
  [ "$fast" = 1 ] && scenarios=("${CHAOS_FAST[@]}")
  [ -n "$only" ] && IFS=, read -r -a scenarios <<< "$only"
  local s
  for s in "${scenarios[@]}"; do
    declare -F "chaos_${s//-/_}" >/dev/null || die "unknown scenario '$s' (known: ${CHAOS_ALL[*]})"
  done
  local t0; t0=$(date +%s)
  trap 'chaos_load_stop; [ -f "$CHAOS_CONFIG" ] && stream_stop "$(chaos_work)" 2>/dev/null; chaos_unmount_lake' EXIT
  chaos_setup
  : > "$CHAOS_DIR/results.tsv"
  for s in "${scenarios[@]}"; do chaos_scenario "$s"; done
  chaos_load_stop
  stream_stop "$(chaos_work)"
  local subset=""
  if [ "$fast" = 1 ] || [ -n "$only" ]; then subset=yes; fi
  chaos_report "$(( $(date +%s) - t0 ))" "$subset"
}

# Prints the results; a full run also rewrites RELIABILITY.md's results section. Fails unless every
# scenario ended with clean parity.
chaos_report() {
  local took=$1 subset=$2 table
  table=$(python3 - "$CHAOS_DIR/results.tsv" <<'PY'
import sys
print("| scenario | what was done | designed stop | recovered in | rows compared | changed after the freeze (compared as of it) | differing rows | parity |")
print("|---|---|---|---|---|---|---|---|")
for line in open(sys.argv[1]):
    name, what, recovered, rc, verdict, rows, later, diff, run, stop = line.rstrip("\n").split("\t")
    stop = "—" if stop == "-" else "`" + stop.replace("|", "/").replace("`", "'") + "`"
    print(f"| {name} | {what} | {stop} | {recovered} s | {int(rows):,} | {int(later):,} | {diff} | {verdict} (exit {rc}) |")
PY
  )
  printf '\n%s\n\n' "$table"
  if [ -z "$subset" ]; then
    python3 - "$SEAM_HOME/RELIABILITY.md" "$table" "$took" "$CHAOS_ORDERS" "$CHAOS_RATE" <<'PY'
import datetime, platform, os, sys
path, table, took, orders, rate = sys.argv[1:]
text = open(path).read()
start, end = "<!-- chaos results: written by bin/seam chaos -->", "<!-- end of chaos results -->"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1048576
body = (f"{start}\nLast full run: {datetime.date.today()}, `bin/seam chaos` ({orders} orders, load ~{rate} tx/s),"
        f" {took} s in all, on {os.cpu_count()} cores of {cpu}, {mem} GiB.\n\n{table}\n{end}")
head, _, rest = text.partition(start)
_, _, tail = rest.partition(end)
open(path, "w").write(head + body + tail)
PY
    stage "results written to RELIABILITY.md"
  fi
  ! grep -qv $'\t0\tCLEAN\t' "$CHAOS_DIR/results.tsv" || die "not every scenario ended with clean parity (see the table above)"
  ! grep -q $'\tNONE' "$CHAOS_DIR/results.tsv" || die "a scenario's designed stop did not happen (see the table above)"
}
