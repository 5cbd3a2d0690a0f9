# bin/seam stream start|stop|status --config FILE: Debezium Server and the apply-cdc job of a migration.

stream_workdir() {
  local abs; abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  echo "$SEAM_STATE/stream/$(printf '%s' "$abs" | md5sum | cut -c1-12)"
}

stream_main() {
  local sub=${1:-}; [ $# -gt 0 ] && shift
  local config="" debezium_only=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --config) config=$2; shift 2 ;;
      --debezium-only) debezium_only=1; shift ;;
      *) die "unknown stream option $1 (--config FILE, --debezium-only)" ;;
    esac
  done
  [ -n "$config" ] || die "usage: bin/seam stream start|stop|status --config FILE"
  [ -f "$config" ] || die "no migration config at $config"
  local work; work=$(stream_workdir "$config")
  mkdir -p "$work"
  case "$sub" in
    start) stream_start "$config" "$work" "$debezium_only" ;;
    stop) stream_stop "$work" ;;
    status) stream_status "$work" "$config" ;;
    *) die "unknown stream command '$sub' (start, stop, status)" ;;
  esac
}

stream_start() {
  local config=$1 work=$2 debezium_only=$3
  mkdir -p "$work"
  kafka_listening || die "Kafka is not reachable on 127.0.0.1:$SEAM_KAFKA_PORT: start it with bin/seam stack up"
  local out password
  out=$(run_job apply-cdc io.seam.cdc.debezium.DebeziumConfigCommand --config "$config" --out "$work" \
    --http-port "${SEAM_DEBEZIUM_HTTP_PORT:-58080}" 2>"$work/config.log") \
    || { grep "\[seam\] " "$work/config.log" >&2 || tail -5 "$work/config.log" >&2
         die "could not generate the Debezium config: see the error above"; }
  grep "\[seam\] change topic " "$work/config.log" >&2 || true
  local source=${out##*$'\n'}
  case "$source" in
    file:*) password=$(cat "${source#file:}") || die "cannot read the password file ${source#file:}" ;;
    env:*) local var=${source#env:}; password=${!var:-}; [ -n "$password" ] || die "environment variable $var (source.password_env) is not set" ;;
    *) die "unexpected password source '$source'" ;;
  esac
  local topic; topic=$(sed -n 's/^debezium.transforms.route.replacement=//p' "$work/config/application.properties")
  kafka_topic_create "$topic"
  debezium_start "$work" "$password"
  debezium_wait_streaming "$work"
  stage "Debezium Server streaming slot changes into topic $topic"
  if [ "$debezium_only" = 0 ] && ! pid_alive "$work/apply.pid"; then
    ensure_built
    nohup "$SEAM_HOME/bin/seam" apply-cdc --config "$config" >"$work/apply.log" 2>&1 &
    echo $! > "$work/apply.pid"
    stage "apply-cdc started (log: $work/apply.log)"
  fi
}

stream_stop() {
  local work=$1
  if pid_alive "$work/apply.pid"; then
    stage "stopping apply-cdc"
    pkill -TERM -P "$(cat "$work/apply.pid")" 2>/dev/null || true
    kill -TERM "$(cat "$work/apply.pid")" 2>/dev/null || true
    WAIT_SECONDS=60 wait_for apply-stop bash -c "! kill -0 $(cat "$work/apply.pid") 2>/dev/null" || true
  fi
  rm -f "$work/apply.pid"
  debezium_stop "$work"
}

stream_status() {
  local work=$1 config=$2
  if pid_alive "$work/debezium.pid"; then echo "debezium    up    (log $work/debezium.log)"; else echo "debezium    down"; fi
  if pid_alive "$work/apply.pid"; then echo "apply-cdc   up    (log $work/apply.log)"; else echo "apply-cdc   down"; fi
  grep "\[seam\] batch .* events (" "$work/apply.log" 2>/dev/null | tail -1 | sed 's/^/last batch  /'
  run_job apply-cdc io.seam.cdc.SlotStatusJob --config "$config" 2>/dev/null || true
}

# bin/seam finish --config FILE [--force]: the final parity while the stream runs, then the stream stopped,
# then the slot and publication dropped (each step a job that says what it did: docs/parity.md).
finish_main() {
  local config="" force=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --config) config=$2; shift 2 ;;
      --force) force=(--force); shift ;;
      *) die "unknown finish option $1 (--config FILE, --force)" ;;
    esac
  done
  [ -n "$config" ] || die "usage: bin/seam finish --config FILE [--force]"
  [ -f "$config" ] || die "no migration config at $config"
  local rc=0
  run_job parity io.seam.parity.FinishJob --config "$config" --verify "${force[@]}" || rc=$?
  [ "$rc" = 0 ] || exit "$rc"
  stream_stop "$(stream_workdir "$config")"
  run_job parity io.seam.parity.FinishJob --config "$config" --retire "${force[@]}"
}

# The change topic's end offset, and the offset the apply job has committed (from its checkpoint).
stream_topic_end() {
  kafka_java org.apache.kafka.tools.GetOffsetShell --bootstrap-server "127.0.0.1:$SEAM_KAFKA_PORT" \
    --topic "$1" --time -1 2>/dev/null | awk -F: '{s += $3} END {print s + 0}'
}

stream_applied_offset() {
  local cp=$1/_seam/checkpoints/apply-cdc last
  last=$(ls "$cp/commits" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1)
  [ -n "$last" ] || { echo 0; return; }
  tail -1 "$cp/offsets/$last" | python3 -c 'import json,sys; print(sum(int(v) for t in json.load(sys.stdin).values() for v in t.values()))'
}

# stream_wait_caught_up TARGET_DIR TOPIC TIMEOUT: every record in the topic applied, twice in a row.
# stream_wait_caught_up TARGET TOPIC TIMEOUT [MAX_LAG]: until the apply job is within MAX_LAG records
# of the topic's end (0: at the end, twice in a row; a source under load never stops moving).
stream_wait_caught_up() {
  local target=$1 topic=$2 deadline=$(( $(date +%s) + $3 )) max_lag=${4:-0} steady=0 end applied
  while [ "$(date +%s)" -lt "$deadline" ]; do
    end=$(stream_topic_end "$topic"); applied=$(stream_applied_offset "$target")
    if [ "$end" -gt 0 ] && [ "$applied" -gt 0 ] && [ $((end - applied)) -le "$max_lag" ]; then
      steady=$((steady + 1))
      if [ "$steady" -ge 2 ] || [ "$max_lag" -gt 0 ]; then stage "stream: $applied of $end records applied (lag $((end - applied)))"; return 0; fi
    else
      steady=0; stage "stream: $applied of $end records applied (lag $((end > applied ? end - applied : 0)) records)"
    fi
    sleep 5
  done
  return 1
}
